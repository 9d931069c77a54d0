import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { TrainProgress } from '../../experiments/progress.js';
import type { TrainOptions } from '../../experiments/train-run.js';
import type { EvaluationRecord, Run } from '../../store/schema.js';
import type { Workspace } from '../../workspace.js';

/** Where a training run driven by the controller stands. */
export type TrainingStatus = 'idle' | 'running' | 'finished' | 'failed' | 'cancelled';

/**
 * Runs `workspace.train` for a component: tracks status, featurization progress, the epoch curve
 * and the final run; cancels through an AbortController; ignores results of superseded runs.
 */
export class TrainingController implements ReactiveController {
  status: TrainingStatus = 'idle';
  runId?: string;
  featurized?: { done: number; total: number; itemsPerSecond: number };
  /** Model files downloading (Transformers.js backbones), by file name. */
  downloads: Record<string, { loaded: number; total: number }> = {};
  history: EvaluationRecord[] = [];
  /** Most optimizer steps the run can take (early stopping may end it sooner). */
  totalSteps = 0;
  /** Few labels: cross-validation fits done of the total. */
  selecting?: { done: number; total: number };
  run?: Run;
  error?: string;
  private abort?: AbortController;
  private generation = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly onProgress?: (progress: TrainProgress) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.cancel();
  }

  /** Starts a run; resolves when it ends (never rejects: failures land in `status` and `error`). */
  async start(workspace: Workspace, options: Omit<TrainOptions, 'signal' | 'onProgress'>): Promise<Run | undefined> {
    this.cancel();
    const generation = ++this.generation;
    const abort = new AbortController();
    this.abort = abort;
    Object.assign(this, { status: 'running', runId: undefined, featurized: undefined, downloads: {}, history: [], totalSteps: 0, selecting: undefined, run: undefined, error: undefined });
    this.host.requestUpdate();
    const current = () => generation === this.generation;
    try {
      const run = await workspace.train({
        ...options,
        signal: abort.signal,
        onProgress: (p) => {
          if (!current()) return;
          this.track(p);
          this.onProgress?.(p);
          this.host.requestUpdate();
        },
      });
      if (current()) Object.assign(this, { status: 'finished', run });
      return run;
    } catch (error) {
      if (current()) {
        const err = error as Error & { runId?: string };
        this.status = err.name === 'AbortError' ? 'cancelled' : 'failed';
        this.error = err.message;
        this.runId ??= err.runId;
      }
      return undefined;
    } finally {
      if (current()) this.host.requestUpdate();
    }
  }

  /** Cancels the run in progress, if any. */
  cancel(): void {
    this.abort?.abort();
    this.abort = undefined;
  }

  private track(p: TrainProgress): void {
    if (p.status === 'start') this.runId = p.runId;
    else if (p.status === 'download') this.downloads = { ...this.downloads, [p.file]: { loaded: p.loaded, total: p.total } };
    else if (p.status === 'featurize') this.featurized = { done: p.done, total: p.total, itemsPerSecond: p.itemsPerSecond };
    else if (p.status === 'selection') this.selecting = { done: p.done, total: p.total };
    else if (p.status === 'evaluation') {
      this.totalSteps = p.totalSteps;
      this.history = [...this.history, p.record];
    }
  }
}
