import type { Prediction } from '../inference/classifier.js';
import type { TrainProgress } from '../experiments/progress.js';
import type { Problem } from '../errors.js';
import type { Run } from '../store/schema.js';

/** Detail of `sieve-label-set`: a record got (or lost, with null) a label. */
export interface LabelSetDetail {
  datasetId: string;
  recordId: string;
  label: string | null;
}

/** Detail of `sieve-run-started`. */
export interface RunStartedDetail {
  runId: string;
  datasetId: string;
}

/** Detail of `sieve-run-progress`. */
export interface RunProgressDetail {
  progress: TrainProgress;
}

/** Detail of `sieve-run-finished`: the run ended FINISHED, FAILED or CANCELLED. */
export interface RunFinishedDetail {
  runId: string;
  status: Run['status'];
  run?: Run;
  error?: string;
}

/** Detail of `sieve-prediction`. */
export interface PredictionDetail {
  runId: string;
  /** The text classified (media: the file's name, or ''). */
  text: string;
  /** The image or sound classified, for models on media. */
  item?: Blob;
  prediction: Prediction;
}

/** Detail of `sieve-run-selected`: the user chose the model of this run (e.g. for the predictor). */
export interface RunSelectedDetail {
  runId: string;
}

/** Detail of `sieve-import-done`: records of a file were written (to a dataset it may have created). */
export interface ImportDoneDetail {
  datasetId: string;
  added: number;
  /** Rows left out, with their problems (when the user chose to leave them out). */
  skipped: Problem[];
}

/** Detail of `sieve-review-range`: the user chose records of a classifier output by their score for a label. */
export interface ReviewRangeDetail {
  outputId: string;
  label: string;
  minScore: number;
  maxScore: number;
}

/** Every event Sieve's components dispatch, by name. */
export interface SieveEventMap {
  'sieve-label-set': CustomEvent<LabelSetDetail>;
  'sieve-run-started': CustomEvent<RunStartedDetail>;
  'sieve-run-progress': CustomEvent<RunProgressDetail>;
  'sieve-run-finished': CustomEvent<RunFinishedDetail>;
  'sieve-prediction': CustomEvent<PredictionDetail>;
  'sieve-run-selected': CustomEvent<RunSelectedDetail>;
  'sieve-import-done': CustomEvent<ImportDoneDetail>;
  'sieve-review-range': CustomEvent<ReviewRangeDetail>;
}

declare global {
  interface GlobalEventHandlersEventMap extends SieveEventMap {}
}

/** Dispatches a typed Sieve event from `target`, bubbling and crossing shadow roots. */
export function emit<K extends keyof SieveEventMap>(
  target: EventTarget,
  name: K,
  detail: SieveEventMap[K] extends CustomEvent<infer D> ? D : never,
): void {
  target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}
