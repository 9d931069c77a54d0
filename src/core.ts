// sieve-classifier/core: the whole API without the custom elements (pages that define only some
// elements import those from sieve-classifier/components/<tag>.js).
export { openWorkspace, Workspace, type WorkspaceOptions } from './workspace.js';
export { sharedWorkspace, type SharedWorkspaceOptions } from './shared-workspace.js';
export { Classifier, type Prediction } from './inference/classifier.js';
export type { Explanation, Contribution } from './inference/explain.js';
export { loadClassifier, type LoadClassifierOptions } from './inference/load-classifier.js';
export { setBasePath, getBasePath } from './assets.js';
export type { TrainOptions } from './experiments/train-run.js';
export type { TrainProgress } from './experiments/progress.js';
export type { RunQuery, DeleteOptions } from './experiments/runs.js';
export type { ExperimentSummary } from './experiments/experiments.js';
export type { RunComparison } from './experiments/compare.js';
export type { CreateOutputOptions, SampleQuery, SampledRecord, ScoreHistogram } from './experiments/outputs.js';
export { MODEL_FILE_MAGIC, MODEL_FILE_VERSION, type ModelFileHeader } from './inference/model-file.js';
export type { DatasetInput, LabelAssignment, ImportOptions, ImportProgress, FileImport, PreviewOptions, ExportOptions } from './store/datasets.js';
export type { DatasetColumns, DatasetFileFormat, FilePreview } from './data/dataset-files.js';
export type { RecordInput } from './data/validate-records.js';
export type { Agreement } from './data/agreement.js';
export { UNCERTAINTY_STRATEGIES, uncertainty, type UncertaintyStrategy } from './data/uncertainty.js';
export type { QueueOptions, QueuedRecord } from './experiments/queue.js';
export { UNIFICATIONS, type Unification } from './data/unify.js';
export type { Response, Dataset, TextRecord, Run, RunStatus, Lifecycle, Experiment, EvalMetrics, ClassMetrics, ClassCurves, ReliabilityBin, EvaluationRecord, Split, ClassifierOutput, StorageReport, RunSelection, SelectionCandidate, SelectionSetup } from './store/schema.js';
export { DEFAULT_ARGUMENTS, type TrainingArguments } from './training/params.js';
export { BACKENDS, type BackendPreference } from './training/backend-preference.js';
export { BUILTIN_BACKBONES, DEFAULT_BACKBONE, type BuiltinBackboneId } from './backbones/builtin.js';
export type { BackboneRef, FeatureBatch } from './backbones/backbone.js';
export { isLabeled } from './data/labels.js';
export { SieveError, ValidationError, NotFoundError, StorageError, TrainingError, TrainingCancelledError, type Problem } from './errors.js';
