import { Worker } from 'node:worker_threads';
import type { Prediction } from '../inference/classifier.js';

/** A scored record as the command writes it. */
export interface ScoreLine {
  id?: string;
  label: string;
  score: number;
  scores: Record<string, number>;
  labels?: string[];
}

/**
 * Worker threads that each load the model once and score batches of texts: `score` resolves with
 * a batch's lines, in order; at most `inFlight` batches per worker are queued at a time (the caller
 * awaits `score` before reading more, so memory stays bounded).
 */
export class ScoreWorkers {
  private readonly workers: Worker[];
  private readonly pending = new Map<number, { resolve: (lines: ScoreLine[]) => void; reject: (error: Error) => void; ids: (string | undefined)[] }>();
  private next = 0;

  private constructor(script: URL, count: number, model: string, private readonly ready: Promise<unknown>[] = []) {
    this.workers = Array.from({ length: count }, () => new Worker(script, { workerData: { model } }));
    for (const worker of this.workers) {
      this.ready.push(
        new Promise((resolve, reject) => {
          worker.once('message', resolve);
          worker.once('error', reject);
        }),
      );
      worker.on('message', (message: { seq?: number; predictions?: Prediction[]; error?: string }) => {
        if (message.seq === undefined) return;
        const job = this.pending.get(message.seq);
        if (!job) return;
        this.pending.delete(message.seq);
        if (message.error) job.reject(new Error(message.error));
        else job.resolve(message.predictions!.map((p, i) => lineOf(p, job.ids[i])));
      });
      worker.on('error', (error: Error) => {
        for (const job of this.pending.values()) job.reject(error);
        this.pending.clear();
      });
    }
  }

  /** Starts `count` workers on `script` (the command's own module) and waits until each has loaded the model. */
  static async start(script: URL, count: number, model: string): Promise<ScoreWorkers> {
    const pool = new ScoreWorkers(script, count, model);
    await Promise.all(pool.ready);
    return pool;
  }

  /** Scores a batch on the next worker in turn. */
  score(texts: string[], ids: (string | undefined)[]): Promise<ScoreLine[]> {
    const seq = this.next++;
    const worker = this.workers[seq % this.workers.length];
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { resolve, reject, ids });
      worker.postMessage({ seq, texts });
    });
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

function lineOf(p: Prediction, id: string | undefined): ScoreLine {
  return { ...(id !== undefined ? { id } : {}), label: p.label, score: p.score, scores: p.scores, ...(p.labels ? { labels: p.labels } : {}) };
}
