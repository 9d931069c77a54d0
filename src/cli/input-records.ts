import { Readable } from 'node:stream';
import Papa from 'papaparse';
import type { LowerCasedText } from '../backbones/lower-cased-text.js';
import { ValidationError } from '../errors.js';
import { undecodableLine } from '../util/undecodable-line.js';
import { CsvLines } from './csv-lines.js';

/** Why a line could not be read, with its line number. */
export interface InputProblem {
  line: number;
  problem: string;
}

/**
 * One input record to score (a text, or a vector for a model on precomputed vectors; from JSONL,
 * also a text already decoded and lower-cased by `PlainJsonLines`), or why a line could not be read.
 */
export type InputRecord<Item = string | Float32Array> = { line: number; id?: string; item: Item } | InputProblem;

/** A record of a JSONL batch (see `jsonlRecords`). */
export type JsonlRecord = InputRecord<string | LowerCasedText | Float32Array>;

/** Column names of the input, and what the model reads. */
export interface InputColumns {
  textColumn: string;
  idColumn: string;
  /** The id column was named (`--id-column`): every record must have an id there. */
  idRequired?: boolean;
  vectorColumn: string;
  /** Set when the model reads precomputed vectors of this length (from `vectorColumn`) instead of texts. */
  vectorDims?: number;
}

/** Rows of a CSV stream held before the stream is paused (papaparse parses what it has been given, then waits). */
const CSV_QUEUE = 1024;

/** Bytes of the input that its encoding cannot read, first met on `line`. */
class UndecodableInput extends Error {
  constructor(
    readonly encoding: string,
    readonly line: number,
  ) {
    super(`line ${line} is not ${encoding}`);
  }
}

/**
 * The records of a CSV stream with a header row, in `encoding` (a TextDecoder label), streamed
 * through papaparse (pulled: the stream is paused while the taker is behind, so memory stays flat
 * on any size). Each record has the line of the file it starts on (see `CsvLines`). Bytes the encoding cannot read stop
 * the reading with an error (a row cut by them could not be told from a good one).
 */
export async function* csvRecords(source: AsyncIterable<Uint8Array>, columns: InputColumns, encoding = 'utf-8'): AsyncGenerator<InputRecord> {
  let lines: CsvLines | undefined;
  const { stream, newline } = await withLineEnding(decodedText(source, encoding)[Symbol.asyncIterator](), (text) => lines!.add(text)).catch((error: unknown) => {
    throw error instanceof UndecodableInput ? undecodable(error) : error;
  });
  lines = new CsvLines(newline);
  const queue: (InputRecord | Error)[] = [];
  let finished = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  let missingColumns: string | undefined;
  Papa.parse<Record<string, string>>(stream as unknown as File, {
    header: true,
    newline,
    skipEmptyLines: 'greedy',
    step: (results, parser) => {
      if (missingColumns === undefined) {
        missingColumns = headerProblem(results.meta.fields ?? [], columns);
        if (missingColumns) {
          parser.abort();
          return;
        }
      }
      const line = lines.rowStart(results.meta.cursor, Object.values(results.data));
      queue.push(results.errors.length ? { line, problem: `CSV: ${results.errors[0].message}` } : recordOf(line, results.data, columns));
      if (queue.length >= CSV_QUEUE && !stream.isPaused()) stream.pause();
      notify();
    },
    complete: () => {
      finished = true;
      notify();
    },
    error: (error: Error) => {
      queue.push(error);
      finished = true;
      notify();
    },
  });
  for (;;) {
    if (missingColumns) throw new ValidationError('score', [{ reason: `${missingColumns}; nothing was written` }]);
    if (queue.length === 0) {
      if (finished) return;
      if (stream.isPaused()) stream.resume();
      await new Promise<void>((resolve) => (wake = resolve));
      continue;
    }
    const next = queue.shift()!;
    if (next instanceof UndecodableInput) throw undecodable(next);
    if (next instanceof Error) throw new ValidationError('score', [{ reason: `the input could not be read: ${next.message}; nothing was written` }]);
    yield next;
  }
}

/**
 * A text stream's line ending, read from its first line break, and the same text as a stream again.
 * Papaparse guesses the line ending from its first chunk alone, which a pipe may cut anywhere: a
 * CRLF header cut between its CR and LF was read with a column named "text\r". Undefined (left to
 * papaparse) when the text has no line break. Each piece of the text goes to `onText` as the
 * stream gives it out.
 */
async function withLineEnding(chunks: AsyncIterator<string>, onText: (text: string) => void): Promise<{ stream: Readable; newline: '\r\n' | '\n' | '\r' | undefined }> {
  let head = '';
  let newline: '\r\n' | '\n' | '\r' | undefined;
  for (;;) {
    const at = head.search(/[\r\n]/);
    if (at >= 0 && (head[at] === '\n' || at + 1 < head.length)) {
      newline = head[at] === '\n' ? '\n' : head[at + 1] === '\n' ? '\r\n' : '\r';
      break;
    }
    const next = await chunks.next();
    if (next.done) {
      if (at >= 0) newline = '\r';
      break;
    }
    head += next.value;
  }
  async function* text() {
    onText(head);
    yield head;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
      onText(next.value);
      yield next.value;
    }
  }
  return { stream: Readable.from(text()), newline };
}

/**
 * The bytes as text, decoded by one decoder that carries a character split between two chunks over
 * to the next (papaparse decodes each Buffer on its own, turning such a character into two U+FFFD).
 * Bytes it cannot read end the text with the line they are on (lines ended by the byte 0x0A, as in
 * UTF-8 and the single-byte encodings).
 */
async function* decodedText(source: AsyncIterable<Uint8Array>, encoding: string): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding, { fatal: true });
  let lineFeeds = 0; // before `partial`
  let partial = new Uint8Array(0); // the bytes since the last line feed
  const decode = (bytes?: Uint8Array) => {
    try {
      return bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode();
    } catch {
      throw new UndecodableInput(encoding, lineFeeds + lineOfUndecodable(bytes ? Buffer.concat([partial, bytes]) : partial, encoding));
    }
  };
  for await (const chunk of source) {
    yield decode(chunk);
    const last = chunk.lastIndexOf(0x0a);
    if (last < 0) {
      partial = Buffer.concat([partial, chunk]);
      continue;
    }
    for (let at = chunk.indexOf(0x0a); at >= 0; at = chunk.indexOf(0x0a, at + 1)) lineFeeds++;
    partial = chunk.slice(last + 1);
  }
  yield decode();
}

/** The line of `bytes` (from 1) with the first bytes `encoding` cannot read: the last line when none fails alone (a character cut by the end). */
function lineOfUndecodable(bytes: Uint8Array, encoding: string): number {
  let lines = 1;
  for (let at = bytes.indexOf(0x0a); at >= 0; at = bytes.indexOf(0x0a, at + 1)) lines++;
  return undecodableLine(bytes, encoding)?.line ?? lines;
}

/** The error for bytes the input's encoding cannot read. */
function undecodable({ encoding, line }: UndecodableInput): ValidationError {
  const fix = encoding === 'utf-8' ? ' (pass --encoding with its encoding: a CSV saved by Excel is often windows-1252)' : '';
  return new ValidationError('score', [{ reason: `line ${line} is not valid ${encoding}${fix}; nothing was written` }]);
}

/** What the CSV header lacks of the columns the command reads (the text or vector column, a named id column), or '' when nothing. */
function headerProblem(fields: string[], { textColumn, idColumn, idRequired, vectorColumn, vectorDims }: InputColumns): string {
  const [column, option] = vectorDims === undefined ? [textColumn, '--text-column'] : [vectorColumn, '--vector-column'];
  const missing = [...(fields.includes(column) ? [] : [`"${column}" (name it with ${option})`]), ...(idRequired && !fields.includes(idColumn) ? [`"${idColumn}" (--id-column)`] : [])];
  return missing.length ? `the CSV header has no column ${missing.join(' and no column ')}: its columns are ${fields.map((f) => JSON.stringify(f)).join(', ')}` : '';
}

/**
 * A parsed row as a record to score: its text column must be a string (or, for a model on
 * vectors, its vector column an array of `vectorDims` finite numbers; a JSON array in CSV); an
 * empty id counts as none (unless the id column was named), and an id is a string or a number.
 */
export function recordOf(line: number, value: unknown, { textColumn, idColumn, idRequired, vectorColumn, vectorDims }: InputColumns): InputRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { line, problem: 'a line must hold one JSON object' };
  const row = value as Record<string, unknown>;
  let item: string | Float32Array;
  if (vectorDims === undefined) {
    const text = row[textColumn];
    if (typeof text !== 'string') return { line, problem: `"${textColumn}" must be a string (got ${text === undefined ? 'nothing' : JSON.stringify(text).slice(0, 40)})` };
    item = text;
  } else {
    let vector = row[vectorColumn];
    if (typeof vector === 'string') {
      try {
        vector = JSON.parse(vector);
      } catch {
        // Reported below as not an array.
      }
    }
    const ok = Array.isArray(vector) && vector.length === vectorDims && vector.every((v) => typeof v === 'number' && Number.isFinite(v));
    if (!ok) return { line, problem: `"${vectorColumn}" must be an array of ${vectorDims} finite numbers (got ${vector === undefined ? 'nothing' : JSON.stringify(vector).slice(0, 40)})` };
    item = Float32Array.from(vector as number[]);
  }
  const id = row[idColumn];
  if (id === undefined || id === null || id === '') return idRequired ? { line, problem: `"${idColumn}" (the id) is missing` } : { line, item };
  if (typeof id !== 'string' && !(typeof id === 'number' && Number.isFinite(id))) return { line, problem: `"${idColumn}" must be a string or a number (got ${JSON.stringify(id).slice(0, 40)})` };
  return { line, id: String(id), item };
}
