
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
  /** Length of every record's `vector` (set by the first record that carries one; see `backbone: 'precomputed'`). */
  vectorDims?: number;
}

/** One annotator's answer for a record. */
export interface Response {
  annotator: string;
  /** Single-label datasets. */
  label?: string;
  /** Multi-label datasets. */
  labels?: string[];
  /** When it was given (ms since the epoch). */
  at: number;
}

/**
 * One item to classify: a text, an image, an audio clip (or a window of one), a precomputed
 * vector, or several of these (a caption beside an image). `label` / `labels` hold the
 * majority-unified answer of its `responses` (kept in step on every write); unlabeled when it has
 * neither.
 */
export interface TextRecord {
  datasetId: string;
  id: string;
  /** Insertion order within the dataset. */
  seq: number;
  /** The text, or a media record's caption. */
  text?: string;
  /** An image (any format the browser decodes), stored with the record. */
  image?: Blob;
  /** An audio clip (any format the browser decodes), stored with the record. */
  audio?: Blob;
  /** A window cut from a longer clip (its `audio` is the window's own audio): where it lay in the clip. */
  window?: AudioWindow;
  /** Features computed elsewhere (a model run outside the page), `Dataset.vectorDims` long. */
  vector?: Float32Array;
  /** Where the record's image is, when it is not stored (beside a vector): shown by the labeler, never fetched by Sieve itself. */
  imageUrl?: string;
  /** Where the record's audio is, when it is not stored (beside a vector): played by the labeler. */
  audioUrl?: string;
  label?: string;
  labels?: string[];
  split?: Split;
  metadata?: Record<string, unknown>;
  /** Every annotator's latest answer. */
  responses?: Response[];
}

/** Where an audio window lay in the clip it was cut from: seconds from the clip's start (`end` excluded); `clip` names the clip (its file path on import). */
export interface AudioWindow {
  start: number;
  end: number;
  clip?: string;
  /** The whole clip's length in seconds. */
  clipSeconds?: number;
  /** The whole clip's waveform: min and max of each of its stretches, in turn (what a labeler draws to show where the window lies). */
  overview?: Float32Array;
}

/** Life of a training run: QUEUED when stored, RUNNING once it has its backbone, then one of the ends. */
export type RunStatus = 'QUEUED' | 'RUNNING' | 'FINISHED' | 'FAILED' | 'CANCELLED';

/** Soft deletion: `deleted` runs and experiments are hidden from lists but can be restored. */
export type Lifecycle = 'active' | 'deleted';

/** Metrics of one class. */
export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  /** Items that have the class. */
  support: number;
  /** One-vs-rest area under the ROC curve (absent when the split has only positives or only negatives). */
  rocAuc?: number;
  /** Multi-label: average precision (absent without positives). */
  averagePrecision?: number;
  /** ROC and precision-recall curves (datasets of at most 20 labels; absent when the split has only positives or only negatives). */
  curves?: ClassCurves;
}

/** A class's ROC and precision-recall curves on a fixed grid of 51 points (x = 0, 0.02, …, 1). */
export interface ClassCurves {
  /** True-positive rate at each false-positive rate of the grid (linear between operating points). */
  tpr: number[];
  /** Interpolated precision at each recall of the grid (the best reached at or above it). */
  precision: number[];
}

/** One bin of a reliability diagram: the scores in [from, to), how many, their mean and how often they were right. */
export interface ReliabilityBin {
  from: number;
  to: number;
  count: number;
  /** Mean score in the bin. */
  confidence: number;
  /** Share of the bin's scores that were right. */
  accuracy: number;
}

/** Metrics computed on one split. */
export interface EvalMetrics {
  /** Single-label: share of items whose top label is right; multi-label: exact-match ratio. */
  accuracy: number;
  macroF1: number;
  microF1: number;
  /** Mean cross-entropy (multi-label: mean binary cross-entropy per class). */
  loss: number;
  count: number;
  perClass: Record<string, ClassMetrics>;
  /** Single-label: counts, rows = true label, columns = predicted label, both in label order. */
  confusionMatrix?: number[][];
  /** Two labels: ROC-AUC of the second label's score; otherwise the macro mean over classes. */
  rocAuc?: number;
  /** Multi-label: mean average precision over classes with positives. */
  mAP?: number;
  /** Multi-label: share of wrong (item, class) decisions. */
  hammingLoss?: number;
  /** Expected calibration error (15 bins) of the scores. */
  ece: number;
  /** The reliability diagram of the scores (non-empty bins of the 15); ece summarizes it. */
  reliability?: ReliabilityBin[];
}

/** One evaluation during training: a point of the run's curves. */
export interface EvaluationRecord {
  /** Optimizer steps done. */
  step: number;
  /** Epochs done (fractional when evaluating every `eval_steps`). */
  epoch: number;
  /** Loss (unweighted, like validationLoss) of this evaluation's weights on up to 512 evenly spaced training examples. */
  trainLoss: number;
  /** Learning rate of the last step. */
  learningRate: number;
  validationLoss: number;
  validationAccuracy: number;
  validationMacroF1: number;
  /** Every validation metric of this evaluation (none without a validation split). */
  validation?: EvalMetrics;
}

/** One setup model selection tried: which model, which feature views it sees, and how strongly it is regularized. */
export interface SelectionSetup {
  /**
   * `logistic`: regularized logistic regression; `naive-bayes`: multinomial naive Bayes on the
   * n-gram views; `complement-naive-bayes`: its complement form (each class estimated from the
   * other classes' rows). Both naive Bayes models are single-label only.
   */
  model: 'logistic' | 'naive-bayes' | 'complement-naive-bayes';
  /** Names of the backbone's views used (the others get no weight), e.g. `vectors`, `words`, `chars`. */
  views: string[];
  /**
   * Logistic: inverse regularization strength, as scikit-learn's `C` (the penalty is ‖W‖² / (2·C·n));
   * naive Bayes: the additive smoothing α.
   */
  regularization: number;
}

/** How a setup did under cross-validation (out-of-fold, pooled over the folds). */
export interface SelectionCandidate {
  setup: SelectionSetup;
  /** Single-label: argmax accuracy; multi-label: exact match at 0.5. */
  accuracy: number;
  macroF1: number;
  /** Mean log loss. */
  loss: number;
}

/** What model selection did in a few-labels run (see `TrainingArguments.model_selection`). */
export interface RunSelection {
  method: 'cross-validation';
  folds: number;
  /** The metric that ranks the candidates (ties: lower loss, then the earlier candidate). */
  metric: 'accuracy' | 'macroF1';
  candidates: SelectionCandidate[];
  /** Position of the best candidate in `candidates`. */
  chosen: number;
  /** Positions of the candidates in the head (chosen on their out-of-fold logits), each trained on every training record; the head averages their logits (weights), each divided by its temperature, by their shares. */
  averaged: number[];
  /** Each averaged candidate's share of the head (same order as `averaged`; they add up to 1). Runs stored before shares existed averaged equally. */
  shares?: number[];
  /** The temperature of each averaged candidate, fitted on its out-of-fold logits (same order as `averaged`). */
  temperatures: number[];
  /** What the data made the selection adapt, e.g. a class with a single example. */
  notes: string[];
  seconds: number;
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
    /** Temperature fitted on the validation split (1: none), and the ECE it gave there and on test. */
    calibration?: {
      temperature: number;
      validationEceBefore: number;
      validationEceAfter: number;
      testEceBefore?: number;
      testEceAfter?: number;
      /** The reliability diagram of the validation scores before temperature scaling (after: `validation.reliability`). */
      validationReliabilityBefore?: ReliabilityBin[];
    };
  };
  history: EvaluationRecord[];
  /** Few-labels runs: the setups cross-validation compared and the one it chose. */
  selection?: RunSelection;
  /** Where the time went: loading the backbone, featurizing (cached texts are not recomputed), training the head. */
  timing?: { backboneSeconds: number; featurizeSeconds: number; trainSeconds: number };
  startTime: number;
  endTime?: number;
  error?: string;
  /** Free text: what the run tried and what it found. */
  description: string;
  /** Free key/value labels. */
  tags: Record<string, string>;
  lifecycle: Lifecycle;
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
  /** Logits are divided by this before softmax/sigmoid (temperature scaling); 1 when absent. */
  temperature?: number;
  /** Multi-label: per-class decision thresholds on the calibrated scores (0.5 when absent). */
  thresholds?: number[];
}

/** A named group of runs. */
export interface Experiment {
  name: string;
  description: string;
  createdAt: number;
  lifecycle: Lifecycle;
}

/** A classifier run over a whole dataset (see `ws.outputs`). */
export interface ClassifierOutput {
  id: string;
  runId: string;
  datasetId: string;
  /** Output labels, in the order of each score row. */
  labels: string[];
  count: number;
  createdAt: number;
}

/** Features of one text under one backbone (see the embedding cache). */
export interface CachedEmbedding {
  /** `backboneKey(ref)`: backbone id, version and every option that changes features. */
  backbone: string;
  /** The content's key: hash of the text (64 bits, hex) and its length; for media, SHA-256 of the bytes (and the window). */
  text: string;
  dense: Float32Array;
  /** Sparse entries, at most MAX_SPARSE_PER_ROW (the ones training and inference use). */
  indices?: Int32Array;
  values?: Float32Array;
}

/** The scores of one record in a classifier output. */
export interface OutputScores {
  outputId: string;
  recordId: string;
  /** Calibrated probabilities, in `ClassifierOutput.labels` order. */
  scores: number[];
  /** Raw logits, same order. */
  logits: number[];
}

/** How much room a workspace takes, by what, and what the browser allows the site. */
export interface StorageReport {
  /** Bytes the site uses in all (every workspace, and the browser's overhead), as the browser estimates it. */
  usage?: number;
  /** Bytes the browser allows the site. */
  quota?: number;
  /** Whether the browser keeps the site's data even under storage pressure (`navigator.storage.persist()`). */
  persisted?: boolean;
  /** Approximate bytes of this workspace's stores: what deleting each would free. */
  stores: { records: number; embeddings: number; models: number; outputs: number };
}
