import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import { SieveError } from '../errors.js';
import type { CsvBatch } from './csv-batches.js';
import type { InputColumns, InputProblem } from './input-records.js';
import type { JsonlBatch } from './jsonl-batches.js';

/** What a worker sends back for a batch: its output lines (JSONL), how many, and the lines it could not read. */
export interface ScoredBatch {
  /** The batch's number (which worker scored it). */
  seq: number;
  /**
   * The lines as UTF-8 bytes, copied to the main thread, which writes them as they are: as text,
   * each batch's 40 kB string lived in the main thread's heap until written, and that heap grew
   * by some 25 MB in one run of three (a million records). Copied, not moved (transferred): moved,
   * the featurizer in the worker ran about a fifth slower. Not for V8's checks on typed arrays
   * once a buffer is detached, as first thought: a WebAssembly memory that grows (the featurizer's
   * do, in their first batches) detaches its old buffer, which turns those checks on in every
   * scoring thread all the same.
   */
  output: Uint8Array;
  scored: number;
  problems: InputProblem[];
  /** Why the input cannot be read on from this batch (bytes that are not UTF-8, and their line): the run stops when its turn to be written comes. */
  refused?: string;
}

/**
 * V8 settings for the workers' heaps, set in this process before they start (V8 reads them when a
 * thread's heap is made; the main thread's is made already and keeps its own). Scoring allocates
 * fast and keeps almost nothing:
 * - the young generation at its full size (16 MB per half, Node 20's largest) from the start: it
 *   otherwise doubled in the first seconds of a run, each step some 16 MB more resident per worker;
 * - and no larger: Node 24 grows it to 64 MB per half, and scoring a million records on two
 *   workers then held 450 MB instead of 280, climbing 65% in the run instead of 12%;
 * - `gc` exposed, for `collectGarbageNow` (see there).
 */
const WORKER_HEAP_FLAGS = ['--min-semi-space-size=16', '--max-semi-space-size=16', '--expose-gc'];

/** Records a worker scores, and the main thread writes, between the full collections each asks for (see `collectGarbageNow`). */
const RECORDS_PER_COLLECTION = 50_000;

/** The engine's full collection, once found (see `collectGarbageNow`). */
let fullCollection: (() => void) | undefined;

/**
 * Runs V8's full (mark-compact) collection, where `gc` is exposed (see `WORKER_HEAP_FLAGS`). A
 * worker calls it every `RECORDS_PER_COLLECTION` records: V8 interns every short string value of
 * the JSON it parses (ids like "g123456"), and the interned-string table and those strings, all
 * garbage once the line is written, wait for a full collection, which V8 schedules by heap size
 * alone. Left to V8, a million such records took the resident set from 140 to 220 MB; parsing
 * 2,000,000 such lines in one thread took it from 70 to 150 MB, and to a flat 87 MB with a full
 * collection every 50,000 (which also ran a third faster).
 *
 * The main thread calls it as often: each batch's output reaches it as a buffer outside its heap,
 * and with so little allocated inside, V8 collected those buffers late (45 MB of them held at once
 * in a run whose resident set climbed 29%). Its context was made before `gc` was exposed, so it
 * reaches `gc` through a new one. Does nothing before `ScoreWorkers.start` has set the flags.
 */
function collectGarbageNow(): void {
  fullCollection ??= (globalThis as { gc?: () => void }).gc ?? (runInNewContext('typeof gc === "function" ? gc : undefined') as (() => void) | undefined);
  fullCollection?.();
}

/** A count of records toward the next full collection, which it runs every `RECORDS_PER_COLLECTION` (one per thread). */
export function collectionSchedule(): (records: number) => void {
  let since = 0;
  return (records) => {
    since += records;
    if (since < RECORDS_PER_COLLECTION) return;
    collectGarbageNow();
    since = 0;
  };
}

/** A batch to score, which the worker parses itself: JSONL bytes, or CSV rows. */
export type BatchInput = { jsonl: JsonlBatch } | { csv: CsvBatch };

/** Batches a worker holds at most (the one it scores and the next): the caller sends more only while one has room. */
const BATCHES_PER_WORKER = 2;

/**
 * Worker threads that each load the model once and score batches: `score` hands a batch to the
 * worker with the fewest and resolves with its output; the caller sends more only while `hasRoom`,
 * so memory stays bounded. Parsing, scoring and formatting all happen in the workers, so the main
 * thread only reads, hands over bytes and writes.
 */
export class ScoreWorkers {
  private readonly workers: Worker[];
  private readonly pending = new Map<number, { resolve: (batch: ScoredBatch) => void; reject: (error: Error) => void; worker: number }>();
  /** Batches each worker holds. */
  private readonly held: number[];
  private next = 0;
  /** Set once `close` has begun: workers then stop as asked. */
  private closing = false;
  /** Why a worker stopped, once one has: the pool then scores nothing more. */
  private failure?: SieveError;
  /** What the model reads, as the first worker to load it said: the length of its vectors, or undefined for texts. */
  vectorDims?: number;

  private constructor(script: URL, count: number, model: string, columns: InputColumns, private readonly ready: Promise<unknown>[] = []) {
    // Node pipes each worker's standard output and error into the process's, each pipe adding an
    // 'error' listener there: from ten workers on (a machine of ten cores or more), Node warned of
    // a listener leak on standard error in every run.
    for (const stream of [process.stdout, process.stderr]) if (stream.getMaxListeners() > 0) stream.setMaxListeners(stream.getMaxListeners() + count);
    this.workers = Array.from({ length: count }, () => new Worker(script, { workerData: { model, columns } }));
    this.held = this.workers.map(() => 0);
    for (const worker of this.workers) {
      this.ready.push(
        new Promise((resolve, reject) => {
          worker.once('message', (ready: { vectorDims?: number }) => resolve((this.vectorDims = ready.vectorDims)));
          worker.once('error', reject);
          worker.once('exit', (code) => reject(new SieveError(`A scoring worker stopped before it had loaded the model (exit code ${code})`)));
        }),
      );
      worker.on('message', (message: { seq?: number; error?: string } & Partial<ScoredBatch>) => {
        if (message.seq === undefined) return;
        const job = this.pending.get(message.seq);
        if (!job) return;
        this.pending.delete(message.seq);
        this.held[job.worker]--;
        if (message.error) job.reject(new SieveError(`A scoring worker failed: ${message.error}`));
        else job.resolve(message as ScoredBatch);
      });
      worker.on('error', (error: Error) => this.failAll(new SieveError(`A scoring worker stopped: ${error.message}`, { cause: error })));
      // Stopped without an error (its thread ended): what it held would otherwise never come back.
      worker.on('exit', (code) => this.closing || this.failAll(new SieveError(`A scoring worker stopped (exit code ${code})`)));
    }
  }

  /** Starts `count` workers on `script` (the command's own module) and waits until each has loaded the model. */
  static async start(script: URL, count: number, model: string, columns: InputColumns): Promise<ScoreWorkers> {
    for (const flag of WORKER_HEAP_FLAGS) setFlagsFromString(flag);
    const pool = new ScoreWorkers(script, count, model, columns);
    await Promise.all(pool.ready);
    return pool;
  }

  /** Whether a worker has room for another batch. */
  get hasRoom(): boolean {
    return this.held.some((n) => n < BATCHES_PER_WORKER);
  }

  /**
   * Scores a batch on the worker that holds the fewest (the first such). Not on each in turn: a
   * worker sharing its core with the main thread falls behind, and the other one waited for it
   * (two workers on 96,000 emails: one 8.3 s of CPU, the other 7.3 s). The batch's bytes are
   * moved there, not copied: that detaches them in the main thread, which only reads, hands over
   * and writes.
   */
  score(input: BatchInput): Promise<ScoredBatch> {
    if (this.failure) return Promise.reject(this.failure);
    const seq = this.next++;
    const index = this.held.indexOf(Math.min(...this.held));
    const worker = this.workers[index];
    this.held[index]++;
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { resolve, reject, worker: index });
      worker.postMessage({ seq, ...input }, [('jsonl' in input ? input.jsonl : input.csv).bytes.buffer as ArrayBuffer]);
    });
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  /** Rejects every batch still out, and every one sent from now on (a worker is gone). */
  private failAll(error: SieveError): void {
    this.failure ??= error;
    for (const job of this.pending.values()) job.reject(error);
    this.pending.clear();
  }
}
