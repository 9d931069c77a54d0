import type { BackboneInput, BackboneRef, FeatureBatch } from '../backbones/backbone.js';
import { NotFoundError, SieveError, StorageError, TrainingCancelledError, TrainingError, ValidationError, type Problem } from '../errors.js';
import type { TrainProgress } from '../experiments/progress.js';
import type { TrainOptions } from '../experiments/train-run.js';
import type { Run } from '../store/schema.js';
import type { BackendPreference } from '../training/backend-preference.js';

/** What the worker needs to open the same workspace as the page. */
export interface WorkspaceInit {
  name: string;
  /** The base path of Sieve's files when the page set one (else the worker's build locates them). */
  assetsUrl: string | undefined;
  backend: BackendPreference;
}

/** Page → worker. */
export type ToWorker =
  | { type: 'train'; id: number; workspace: WorkspaceInit; options: Omit<TrainOptions, 'signal' | 'onProgress'> }
  | { type: 'prepare'; id: number; workspace: WorkspaceInit; backbone: TrainOptions['backbone'] }
  | { type: 'featurize'; id: number; workspace: WorkspaceInit; backbone: BackboneRef; items: readonly BackboneInput[] }
  | { type: 'backend'; id: number; workspace: WorkspaceInit }
  | { type: 'cancel'; id: number }
  /** The page's answer to a `decode-audio` request. */
  | { type: 'decoded'; request: number; samples?: Float32Array; error?: SerializedError };

/** An error as it crosses to the page. */
export interface SerializedError {
  name: string;
  message: string;
  runId?: string;
  problems?: Problem[];
}

/** Worker → page. */
export type FromWorker =
  | { type: 'progress'; id: number; progress: TrainProgress }
  | { type: 'done'; id: number; run: Run }
  | { type: 'ready'; id: number; backend: string }
  | { type: 'features'; id: number; features: FeatureBatch }
  | { type: 'failed'; id: number; error: SerializedError }
  /** Workers have no Web Audio: the page decodes a clip to mono samples at a rate. */
  | { type: 'decode-audio'; request: number; audio: Blob; sampleRate: number };

/** The fields of a Sieve error that survive postMessage. */
export function serializeError(error: unknown): SerializedError {
  const e = error as Partial<SerializedError> & { cause?: unknown };
  return { name: e?.name ?? 'Error', message: String(e?.message ?? error), runId: e?.runId, problems: e?.problems };
}

/** The same error class again on the page, with the worker's message. */
export function deserializeError(error: SerializedError): Error {
  let out: Error;
  if (error.name === 'ValidationError') out = new ValidationError('', error.problems ?? []);
  else if (error.name === 'NotFoundError') out = new NotFoundError(error.message);
  else if (error.name === 'AbortError' && error.runId) out = new TrainingCancelledError(error.runId);
  else if (error.name === 'TrainingError' && error.runId) out = new TrainingError(error.message, error.runId);
  else if (error.name === 'StorageError') out = new StorageError(error.message);
  else if (error.name === 'SieveError') out = new SieveError(error.message);
  else out = Object.assign(new Error(error.message), { name: error.name });
  out.message = error.message;
  return out;
}
