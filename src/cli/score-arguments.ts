// The \`score\` command's arguments: its usage and help, and every option checked before anything
// is scored (a wrong one is a UsageError: said with the usage, exit status 2).
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { editDistance } from '../util/edit-distance.js';
import { COMPRESSED_ENDING } from './input-source.js';
import { SieveError } from '../errors.js';
import type { InputColumns } from './input-records.js';

export const USAGE = `Usage: sieve-classifier score --model FILE --input FILE|- --output FILE|- [options]
       sieve-classifier --help | --version`;

/** What `--help` prints: the usage, what the command does, each option. */
export const HELP = `${USAGE}

Scores every record of a JSONL or CSV file (or standard input: -) with a model file exported
from a page, one JSON line per record, in input order: { "id"?, "label", "score", "scores" }
("labels" too for multi-label models). The output goes to a temporary file renamed when
complete (nothing partial is left; gzip-compressed when its name ends in .gz), or to standard
output (-).

Options:
  --format jsonl|csv     the input's format (default: from its name: .jsonl, .ndjson, .csv, .tsv,
                         each also .gz; standard input: jsonl). A gzip-compressed file is read
                         as it is decompressed
  --encoding LABEL       a CSV's text encoding, e.g. windows-1252 (default utf-8; JSONL is UTF-8)
  --text-column NAME     the field or column of each record's text (default text)
  --vector-column NAME   for a model on precomputed vectors: each record's vector (default vector)
  --id-column NAME       each record's id, copied to its output line (default id, when present;
                         once named, a record without one is malformed)
  --workers N            worker threads scoring batches (default: every core)
  --batch N              records per batch (default 256)
  --on-invalid abort|skip  a malformed record stops everything, naming its line (default), or
                         is left out and named on standard error
  --force                replace an existing output file
  --progress, --no-progress  records, rate and time left on standard error (default: on a terminal)

Exit status: 0 done, 1 failed (bad input, a write that failed: nothing partial is left), 2 wrong
usage, 141 standard output closed by its reader (as \`| head\` does).`;

/** A usage error: said on stderr with the usage, exit code 2. */
export class UsageError extends SieveError {
  override name = 'UsageError';
}

/** The name TextDecoder gives the encoding `label` stands for (utf8 → utf-8, latin1 → windows-1252), or undefined when it knows none. */
function encodingName(label: string): string | undefined {
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return undefined;
  }
}

/** The `score` command's options, as parseArgs takes them. */
const SCORE_OPTIONS = {
  model: { type: 'string' },
  input: { type: 'string' },
  output: { type: 'string' },
  format: { type: 'string' },
  encoding: { type: 'string' },
  'text-column': { type: 'string', default: 'text' },
  'id-column': { type: 'string' },
  'vector-column': { type: 'string', default: 'vector' },
  workers: { type: 'string', default: String(availableParallelism()) },
  batch: { type: 'string', default: '256' },
  'on-invalid': { type: 'string', default: 'abort' },
  force: { type: 'boolean', default: false },
  progress: { type: 'boolean' },
  'no-progress': { type: 'boolean' },
} as const;

/** The `score` command's options; parseArgs' own complaints (an unknown option, a missing value) are usage errors, an unknown option with the known one nearest to it. */
function scoreOptions(args: string[]) {
  try {
    return parseArgs({ args, options: SCORE_OPTIONS }).values;
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    if (!code?.startsWith('ERR_PARSE_ARGS')) throw error;
    const unknown = code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /'-+([^'=]+)/.exec(message)?.[1] : undefined;
    const nearest = unknown === undefined ? undefined : nearestOption(unknown);
    throw new UsageError(nearest ? `${message.split('.')[0]} (did you mean --${nearest}?)` : message);
  }
}

/** The one option whose name begins with `name` (--text for --text-column), else the nearest within two edits of it (a letter left out, added, changed); undefined when none is. */
function nearestOption(name: string): string | undefined {
  const started = Object.keys(SCORE_OPTIONS).filter((option) => name.length > 1 && option.startsWith(name));
  if (started.length === 1) return started[0];
  const ranked = Object.keys(SCORE_OPTIONS)
    .map((option) => ({ option, distance: editDistance(name, option) }))
    .sort((a, b) => a.distance - b.distance);
  return ranked[0].distance <= 2 ? ranked[0].option : undefined;
}


/** The \`score\` command's arguments, checked. */
export interface ScoreArguments {
  model: string;
  /** A file, or - for standard input. */
  input: string;
  /** A file, or - for standard output. */
  output: string;
  format: 'jsonl' | 'csv';
  /** A CSV's encoding, as TextDecoder names it. */
  encoding: string;
  /** The columns read (the vector's length comes from the model). */
  columns: Omit<InputColumns, 'vectorDims'>;
  workers: number;
  batch: number;
  onInvalid: 'abort' | 'skip';
  /** Whether a progress line is shown on standard error. */
  progress: boolean;
}

/** \`score\`'s arguments (those after the command's name), each checked: the files there, the numbers whole, the format told. */
export function scoreArguments(args: string[]): ScoreArguments {
  const values = scoreOptions(args);
  const { model, input, output } = values;
  if (!model || !input || !output) throw new UsageError('--model, --input and --output are required');
  for (const [option, path] of [['--model', model], ...(input === '-' ? [] : [['--input', input]])]) {
    if (!existsSync(path)) throw new UsageError(`${option} ${path}: no such file`);
    if (statSync(path).isDirectory()) throw new UsageError(`${option} ${path} is a folder, not a file`);
  }
  if (output !== '-') {
    const existing = existsSync(output) ? statSync(output) : undefined;
    const folder = dirname(resolve(output));
    if (existing?.isDirectory()) throw new UsageError(`--output ${output} is a folder: name the file to write`);
    if (existing && !values.force) throw new UsageError(`--output ${output} exists: pass --force to replace it`);
    if (!existsSync(folder)) throw new UsageError(`--output ${output}: the folder ${folder} does not exist`);
  }
  const workers = Number(values.workers);
  const batch = Number(values.batch);
  if (!Number.isInteger(workers) || workers < 1) throw new UsageError(`--workers ${values.workers}: a whole number, 1 or more`);
  if (!Number.isInteger(batch) || batch < 1) throw new UsageError(`--batch ${values.batch}: a whole number, 1 or more`);
  const onInvalid = values['on-invalid'];
  if (onInvalid !== 'abort' && onInvalid !== 'skip') throw new UsageError(`--on-invalid ${onInvalid}: abort or skip`);
  // From the name, a compression's ending aside (gzip is read as it is decompressed; the others are refused by their bytes, with what to do).
  const named = input.replace(COMPRESSED_ENDING, '');
  const format = values.format ?? (/\.(csv|tsv)$/i.test(named) ? 'csv' : /\.(jsonl|ndjson)$/i.test(named) || input === '-' ? 'jsonl' : undefined);
  if (format !== 'jsonl' && format !== 'csv') throw new UsageError(`--format: cannot tell the format of ${input}; pass --format jsonl or csv`);
  const encoding = encodingName(values.encoding ?? 'utf-8');
  if (!encoding) throw new UsageError(`--encoding ${values.encoding}: not an encoding Node can decode (for example utf-8, windows-1252, iso-8859-2)`);
  if (format === 'jsonl' && encoding !== 'utf-8') throw new UsageError(`--encoding ${values.encoding}: JSONL is UTF-8; --encoding reads CSV`);
  return {
    model,
    input,
    output,
    format,
    encoding,
    columns: { textColumn: values['text-column']!, idColumn: values['id-column'] ?? 'id', idRequired: values['id-column'] !== undefined, vectorColumn: values['vector-column']! },
    workers,
    batch,
    onInvalid,
    progress: values.progress ?? (!values['no-progress'] && process.stderr.isTTY === true),
  };

}
