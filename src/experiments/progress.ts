import type { Run } from '../store/schema.js';

/** Progress of a training run, keyed by `status`. */
export type TrainProgress =
  | { status: 'start'; runId: string; backend: string }
  | { status: 'featurize'; runId: string; done: number; total: number }
  | {
      status: 'epoch';
      runId: string;
      epoch: number;
      epochs: number;
      trainLoss: number;
      validationLoss: number;
      validationAccuracy: number;
      validationMacroF1: number;
    }
  | { status: 'saving'; runId: string }
  | { status: 'done'; runId: string; run: Run };
