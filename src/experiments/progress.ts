import type { EvaluationRecord, Run } from '../store/schema.js';

/** Progress of a training run, keyed by `status`. */
export type TrainProgress =
  | { status: 'start'; runId: string; backend: string }
  /** A Transformers.js model file downloading (bytes `loaded` of `total`). */
  | { status: 'download'; runId: string; file: string; loaded: number; total: number }
  /** Texts featurized so far (cached ones count at once), and the rate since featurization began. */
  | { status: 'featurize'; runId: string; done: number; total: number; itemsPerSecond: number }
  /** An evaluation on the validation split; `totalSteps` is the most steps the run can take. */
  | { status: 'evaluation'; runId: string; totalSteps: number; record: EvaluationRecord }
  /** Few labels: cross-validation fits done of `total` (see `Run.selection`). */
  | { status: 'selection'; runId: string; done: number; total: number }
  | { status: 'saving'; runId: string }
  | { status: 'done'; runId: string; run: Run }
  /** The run failed or was cancelled (reported just before `train` rejects). */
  | { status: 'ended'; runId: string; outcome: 'FAILED' | 'CANCELLED'; error?: string };
