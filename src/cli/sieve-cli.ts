// The `sieve-classifier` command (the package's `bin`): `sieve-classifier score --model FILE
// --input data.jsonl|csv|- --output scores.jsonl|-` scores a file with an exported model on every
// core, streaming. Worker threads run this same module (see `scoreWorker`).
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { SieveError, ValidationError } from '../errors.js';
import { editDistance } from '../util/edit-distance.js';
import { loadClassifier } from '../inference/load-classifier.js';
import { csvBatches, csvRecords } from './csv-batches.js';
import type { InputColumns, InputProblem, JsonlRecord } from './input-records.js';
import { fileInput, stdinInput } from './input-source.js';
import { jsonlBatches, jsonlRecords } from './jsonl-batches.js';
import { OutputClosedError, OutputSink } from './output-sink.js';
import { HELP, scoreArguments, USAGE, UsageError } from './score-arguments.js';
import { PlainJsonLines } from './plain-json-lines.js';
import { ScoreLines } from './score-lines.js';
import { collectionSchedule, ScoreWorkers, type BatchInput, type ScoredBatch } from './score-workers.js';

const HELP_ARGS = new Set(['--help', '-h', 'help']);
const VERSION = new Set(['--version', '-v', 'version']);

/**
 * The package's version, from the package.json two folders above this module (`dist/node/cli.js`).
 * A path, not `new URL('…', import.meta.url)`: the build would inline that file as an asset.
 */
function packageVersion(): string {
  const file = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'package.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (HELP_ARGS.has(command) || (command === 'score' && rest.some((arg) => arg === '--help' || arg === '-h'))) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (VERSION.has(command)) {
    process.stdout.write(`sieve-classifier ${packageVersion()}\n`);
    return 0;
  }
  if (command !== 'score') throw new UsageError(command ? `unknown command "${command}"${editDistance(command, 'score') <= 2 ? ' (did you mean score?)' : ''}` : 'no command given');
  const { model, input, output, format, encoding, columns: named, workers, batch, onInvalid, progress: showProgress } = scoreArguments(rest);
  // The workers' reason (not a model file, a checksum that does not match…) with the file it is about.
  const pool = await ScoreWorkers.start(new URL(import.meta.url), workers, model, named).catch((error: Error) => {
    throw new SieveError(`--model ${model}: ${error.message}`, { cause: error });
  });
  // A model on precomputed vectors reads the vector column (its length from the model).
  const columns: InputColumns = { ...named, vectorDims: pool.vectorDims };
  const sink = output === '-' ? OutputSink.stdout() : OutputSink.file(output);
  // Stopped from outside (Ctrl-C, a job's time limit), the run gives its output up: no partial file
  // is left (Node's own handling exits at once, leaving it).
  const stop = (signal: NodeJS.Signals) => {
    sink.abandon();
    process.stderr.write(`\nsieve-classifier: stopped by ${signal}${output === '-' ? '' : '; nothing was written'}\n`);
    // Then stopped by the signal itself (its default action), as the caller asked.
    for (const other of STOP_SIGNALS) process.off(other, stop);
    process.kill(process.pid, signal);
  };
  for (const signal of STOP_SIGNALS) process.once(signal, stop);
  const size = input === '-' ? 0 : statSync(input).size;
  const source = input === '-' ? stdinInput() : fileInput(input);
  const progress = new Progress(showProgress ? process.stderr : undefined, () => source.bytesRead(), size);
  let skipped = 0;
  try {
    // Batches sent, in input order, each with its output once back: written in that order, as soon
    // as the oldest is back, even while the input is still awaited (a slow pipe), one write at a
    // time. The first failure (a bad line under --on-invalid abort, a worker gone, a write refused)
    // also ends a read waiting on a pipe, which would otherwise hold it back until more input came.
    const inFlight: { promise: Promise<ScoredBatch>; done?: ScoredBatch }[] = [];
    const countWritten = collectionSchedule();
    let failure: { error: unknown } | undefined;
    const fail = (error: unknown) => {
      if (failure) return;
      failure = { error };
      source.stop();
    };
    const writeDone = async () => {
      while (!failure && inFlight[0]?.done) {
        const { output: lines, scored, problems, refused } = inFlight.shift()!.done!;
        if (refused) throw new ValidationError('score', [{ reason: refused }]);
        if (input === '-' && format === 'jsonl') problems.forEach(hintCsvOnStdin);
        if (problems.length && onInvalid === 'abort') throw invalidInput(problems[0]);
        for (const { line, problem } of problems) process.stderr.write(`line ${line}: ${problem} (skipped)\n`);
        skipped += problems.length;
        await sink.write(lines);
        progress.add(scored);
        countWritten(scored + problems.length);
      }
    };
    let writing = Promise.resolve();
    const writeReady = () => (writing = writing.then(writeDone).catch(fail));
    // Until a worker has room (or, with `all`, until every batch is written): a worker that is
    // done does not wait for the oldest batch to come back, only for the room to run ahead.
    const flush = async (all: boolean) => {
      for (;;) {
        await writing;
        if (failure) throw failure.error;
        if (all ? !inFlight.length : pool.hasRoom && inFlight.length < workers * BATCHES_AHEAD_PER_WORKER) return;
        await Promise.race(inFlight.filter((entry) => !entry.done).map((entry) => entry.promise)).catch(() => undefined);
      }
    };
    const send = async (batchInput: BatchInput) => {
      await flush(false);
      const entry: (typeof inFlight)[number] = { promise: pool.score(batchInput) };
      entry.promise.then((batch) => {
        entry.done = batch;
        writeReady();
      }, fail);
      inFlight.push(entry);
    };
    try {
      if (format === 'jsonl') {
        for await (const jsonl of jsonlBatches(source.chunks, batch)) await send({ jsonl });
      } else {
        for await (const csv of csvBatches(source.chunks, columns, encoding, batch)) await send({ csv });
      }
    } catch (error) {
      // A read ended by a failure above fails with that failure.
      if (!failure) throw error;
    }
    await flush(true);
    await sink.finish();
    progress.done(skipped);
    return 0;
  } catch (error) {
    sink.abandon();
    throw error;
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, stop);
    await pool.close();
  }
}

/** Signals that stop a run, which then leaves nothing behind. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Ends the command with exit status `code` by letting the event loop run out, not by
 * `process.exit`: Node's exit path shuts its thread pool down while V8 may still be compiling on
 * it, and a compile job waiting there for a collection the main thread no longer runs hung Node 24
 * for good after the output was complete (twice in some twenty runs, nodejs/node#54918). A handle
 * still open a second later (standard input left half read) is cut short by `process.exit` then.
 */
function endWith(code: number): void {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 1000).unref();
}

/** Exit status when standard output was closed by its reader: 128 + SIGPIPE, as a shell reports a tool that signal stopped. */
const SIGPIPE_STATUS = 141;

/** Batches sent per worker before the oldest must be back and written (the output is kept in input order). */
const BATCHES_AHEAD_PER_WORKER = 4;

/** A first line of standard input that is not JSON, where a CSV header may be: says how CSV is read from there (the format cannot come from a file name). */
function hintCsvOnStdin(record: InputProblem): void {
  if (record.line === 1 && record.problem.startsWith('not JSON')) record.problem += ' (standard input is read as JSONL; for CSV, pass --format csv)';
}

/** A malformed input line under `--on-invalid abort`: nothing is written. */
function invalidInput(record: InputProblem): ValidationError {
  return new ValidationError('score', [{ reason: `line ${record.line}: ${record.problem}; nothing was written (--on-invalid skip leaves such lines out)` }]);
}

/** A progress line on stderr: records scored, rate, and (for a file) the share read and the time left. */
class Progress {
  private count = 0;
  private readonly start = performance.now();
  private last = 0;

  constructor(
    private readonly out: NodeJS.WriteStream | undefined,
    private readonly bytesRead: () => number,
    private readonly size: number,
  ) {}

  add(n: number): void {
    this.count += n;
    const now = performance.now();
    if (!this.out || now - this.last < 500) return;
    this.last = now;
    this.out.write(`\r${this.line(now)}`);
  }

  done(skipped: number): void {
    if (this.out) this.out.write(`\r${this.line(performance.now())}${skipped ? `, ${skipped} lines skipped` : ''}\n`);
  }

  private line(now: number): string {
    const seconds = (now - this.start) / 1000;
    const rate = this.count / Math.max(seconds, 1e-3);
    const share = this.size ? Math.min(1, this.bytesRead() / this.size) : 0;
    const eta = share > 0 && share < 1 ? `, ${Math.round((seconds / share) * (1 - share))} s left` : '';
    return `${this.count} records, ${Math.round(rate)} records/s${share ? `, ${Math.round(share * 100)}% read` : ''}${eta}`;
  }
}

/**
 * In a worker thread: loads the model once, then for each batch parses its records (JSONL bytes),
 * scores them and formats the output lines, sent back as UTF-8 bytes (see `ScoredBatch.output`).
 */
async function scoreWorker(): Promise<void> {
  const { model, columns: given } = workerData as { model: string; columns: InputColumns };
  const clf = await loadClassifier(pathToFileURL(model));
  const columns: InputColumns = { ...given, vectorDims: clf.vectorDims };
  // Plain JSONL lines go straight to the featurizer's code units (see `PlainJsonLines`).
  const plain = clf.decodedTexts ? PlainJsonLines.create(columns) : null;
  parentPort!.postMessage({ ready: true, vectorDims: clf.vectorDims });
  const countScored = collectionSchedule();
  const lines = new ScoreLines(clf.labelNames, clf.multiLabel, clf.thresholds);
  const score = async ({ seq, ...input }: { seq: number } & BatchInput) => {
    try {
      const { records, refused }: { records: JsonlRecord[]; refused?: string } = 'jsonl' in input ? { records: jsonlRecords(input.jsonl, columns, plain), refused: undefined } : csvRecords(input.csv, columns);
      const valid = records.filter((r): r is Exclude<JsonlRecord, InputProblem> => !('problem' in r));
      const problems = records.filter((r): r is InputProblem => 'problem' in r);
      const items = valid.map((r) => r.item);
      const output = Buffer.from(lines.format(await clf.probabilitiesOf(items), valid.map((r) => r.id)));
      parentPort!.postMessage({ seq, output, scored: valid.length, problems, refused } satisfies ScoredBatch);
      countScored(records.length);
    } catch (error) {
      parentPort!.postMessage({ seq, error: (error as Error).message });
    }
  };
  // One batch at a time: featurizing yields now and then, and a batch started meanwhile would only
  // interleave with it (each taking storage of its own) without finishing any sooner.
  let queue = Promise.resolve();
  parentPort!.on('message', (message: { seq: number } & BatchInput) => {
    queue = queue.then(() => score(message));
  });
}

if (!isMainThread) {
  void scoreWorker();
} else {
  main(process.argv.slice(2)).then(endWith, (error: Error) => {
    // A reader that stopped reading (`… | head`) wanted no more: no message, and the status a shell reports for SIGPIPE.
    if (error instanceof OutputClosedError) return endWith(SIGPIPE_STATUS);
    process.stderr.write(`sieve-classifier: ${error.message}\n${error instanceof UsageError ? `\n${USAGE}\n(sieve-classifier --help says more)\n` : ''}`);
    endWith(error instanceof UsageError ? 2 : 1);
  });
}
