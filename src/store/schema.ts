import type { DBSchema } from 'idb';

/** Where a record is used: training (with a validation part held out at train time) or final test. */
export type Split = 'train' | 'validation' | 'test';

/** A named collection of records with a fixed label set. */
export interface Dataset {
  id: string;
  name: string;
  labels: string[];
  multiLabel: boolean;
  description: string;
  createdAt: number;
  updatedAt: number;
}

/** One item to classify. Unlabeled when it has neither `label` nor `labels`. */
export interface TextRecord {
  datasetId: string;
  id: string;
  /** Insertion order within the dataset. */
  seq: number;
  text: string;
  label?: string;
  labels?: string[];
  split?: Split;
  metadata?: Record<string, unknown>;
}

/** Life of a training run. */
export type RunStatus = 'RUNNING' | 'FINISHED' | 'FAILED' | 'CANCELLED';

/** Metrics of one evaluation (validation or test). */
export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** Metrics computed on one split. */
export interface EvalMetrics {
  accuracy: number;
  macroF1: number;
  loss: number;
  count: number;
  perClass: Record<string, ClassMetrics>;
}

/** One point of a run's training curve. */
export interface EpochRecord {
  epoch: number;
  trainLoss: number;
  validationLoss: number;
  validationAccuracy: number;
  validationMacroF1: number;
}

/** A training run and what it produced. */
export interface Run {
  id: string;
  experiment: string;
  datasetId: string;
  /** SHA-256 of the exact records the run trained and was tested on: equal hashes, same data. */
  datasetHash?: string;
  status: RunStatus;
  params: Record<string, unknown>;
  metrics: {
    validation?: EvalMetrics;
    test?: EvalMetrics;
    /** Accuracy of the validation split (shortcut of validation.accuracy). */
    accuracy?: number;
    /** Macro-F1 of the validation split (shortcut of validation.macroF1). */
    macroF1?: number;
  };
  history: EpochRecord[];
  startTime: number;
  endTime?: number;
  error?: string;
}

/** Shape and name of one stored weight array. */
export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
}

/** A trained head, stored beside its run. */
export interface StoredModel {
  runId: string;
  format: 1;
  weightSpecs: WeightSpec[];
  weights: ArrayBuffer;
  head: Record<string, unknown>;
  label2id: Record<string, number>;
  id2label: Record<number, string>;
  multiLabel: boolean;
  backbone: Record<string, unknown>;
}

/** A named group of runs. */
export interface Experiment {
  name: string;
  description: string;
  createdAt: number;
}

/** The one IndexedDB schema of a workspace. */
export interface SieveDB extends DBSchema {
  datasets: { key: string; value: Dataset };
  records: { key: [string, string]; value: TextRecord; indexes: { byDatasetSeq: [string, number] } };
  runs: { key: string; value: Run; indexes: { byDataset: string; byExperiment: string; byStartTime: number } };
  models: { key: string; value: StoredModel };
  experiments: { key: string; value: Experiment };
}
