import type { Backbone, FeatureBatch } from '../backbones/backbone.js';
import { headLogits } from '../inference/head-logits.js';
import { packWeights } from '../inference/head-weights.js';
import type { WeightSpec } from '../store/schema.js';
import { selectLinearHead } from '../training/convex/model-selection.js';
import { viewsOf } from '../training/convex/view-kernels.js';
import type { HeadConfig } from '../training/head.js';
import { lossWeights } from '../training/loss-weights.js';
import { evaluate, logLoss, pickTargets, type Targets } from '../training/metrics.js';
import { probabilities } from '../inference/scores.js';
import type { TrainingArguments } from '../training/params.js';
import type { EvaluationRecord, RunSelection } from '../store/schema.js';

/** A head trained by cross-validated selection, with what the run stores about it. */
export interface SelectedHead {
  config: HeadConfig;
  specs: WeightSpec[];
  buffer: ArrayBuffer;
  /** Out-of-fold logits of the averaged head and their targets: the run's validation (none when nothing could be held out). */
  validation?: { logits: Float32Array; targets: Targets };
  /** Logits of every row of the features (fit rows first, then test rows). */
  logits: Float32Array;
  history: EvaluationRecord[];
  selection: RunSelection;
}

/**
 * Trains a linear head on the first `fitCount` rows of `features`, choosing its feature views and
 * regularization by k-fold cross-validation on those rows (see `selectLinearHead`).
 */
export async function fitBySelection(
  backbone: Backbone,
  features: FeatureBatch,
  fitCount: number,
  targets: Targets,
  labels: readonly string[],
  args: TrainingArguments,
  control: { signal?: AbortSignal; onProgress?: (progress: { done: number; total: number }) => void } = {},
): Promise<SelectedHead> {
  const classes = labels.length;
  const rows = Array.from({ length: fitCount }, (_, i) => i);
  const result = await selectLinearHead({
    ...control,
    features,
    rows,
    targets,
    loss: lossWeights(targets, classes, args),
    classes,
    labels,
    views: viewsOf(backbone),
    seed: args.seed,
  });
  const config: HeadConfig = { type: 'linear', hiddenUnits: args.head.hidden_units, dropout: 0, dims: backbone.dims, buckets: backbone.buckets, classes };
  const { weights } = result;
  const { specs, buffer } = packWeights([
    ...(weights.denseKernel ? [{ name: 'dense/kernel', shape: [backbone.dims, classes], values: weights.denseKernel }] : []),
    ...(weights.sparseTable ? [{ name: 'sparse/table', shape: [backbone.buckets, classes], values: weights.sparseTable }] : []),
    { name: 'output/bias', shape: [classes], values: weights.bias },
  ]);
  const logits = headLogits({ shape: { ...config }, denseKernel: weights.denseKernel, sparseTable: weights.sparseTable, outputBias: weights.bias }, features);
  const validationTargets = pickTargets(targets, result.heldOut);
  const selection = result.selection;
  const trainLoss = logLoss(probabilities(logits.subarray(0, fitCount * classes), classes, targets.multiLabel), targets, classes);
  // Every class with a single example: nothing could be held out, so there is no validation.
  const tested = result.heldOut.length > 0;
  const crossValidated = tested ? evaluate(probabilities(result.outOfFold, classes, targets.multiLabel), validationTargets, labels) : undefined;
  const record: EvaluationRecord = {
    step: 1,
    epoch: 1,
    trainLoss,
    learningRate: 0,
    validationLoss: crossValidated?.loss ?? NaN,
    validationAccuracy: crossValidated?.accuracy ?? NaN,
    validationMacroF1: crossValidated?.macroF1 ?? NaN,
  };
  const validation = tested ? { logits: result.outOfFold, targets: validationTargets } : undefined;
  return { config, specs, buffer, validation, logits, history: [record], selection };
}
