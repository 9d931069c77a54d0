import type { FeatureBatch } from '../backbones/backbone.js';
import type { EpochRecord, EvalMetrics } from '../store/schema.js';
import { seededRandom, shuffled } from '../util/random.js';
import { yieldToBrowser } from '../util/yield.js';
import { denseTensor, disposeInputs, sparseTensors } from './feature-tensors.js';
import type { Head } from './head.js';
import { evaluate, type Targets } from './metrics.js';
import type { TrainingArguments } from './params.js';
import { predictProbabilities } from './predict.js';
import { tf } from './tf.js';

/** Rows of a feature batch with their targets (aligned with `rows`). */
export interface LabeledRows {
  rows: number[];
  targets: Targets;
}

/** Options of `trainHead`. */
export interface TrainLoopOptions {
  args: TrainingArguments;
  labels: readonly string[];
  onEpoch?: (record: EpochRecord) => void;
  signal?: AbortSignal;
}

/** Result of `trainHead`: the curve, the epoch whose weights the head ends with, and its metrics. */
export interface TrainLoopResult {
  history: EpochRecord[];
  bestEpoch: number;
  validation?: EvalMetrics;
}

const YIELD_MS = 40;

/**
 * Trains `head` in place with Adam. Dense training features stay on the device for the whole
 * run; each step gathers its batch there. The loss is read back once per epoch, and validation
 * runs once per epoch, driving early stopping; the best epoch's weights are restored at the end.
 */
export async function trainHead(
  head: Head,
  features: FeatureBatch,
  train: LabeledRows,
  validation: LabeledRows,
  options: TrainLoopOptions,
): Promise<TrainLoopResult> {
  const { args, labels } = options;
  const classes = labels.length;
  const multiLabel = train.targets.multiLabel;
  const random = seededRandom(args.seed);
  const n = train.rows.length;
  const batchSize = Math.min(args.per_device_train_batch_size, n);
  const dense = denseTensor(features, train.rows);
  const targets = tf.tensor2d(targetMatrix(train.targets, classes), [n, classes]);
  const weights = tf.tensor1d(exampleWeights(train.targets, classes, args.class_weighting));
  const optimizer = tf.train.adam(args.learning_rate);
  const history: EpochRecord[] = [];
  let best: { epoch: number; loss: number; snapshot?: Map<string, tf.Tensor>; validation?: EvalMetrics } = { epoch: 0, loss: Infinity };
  let step = 0;
  try {
    for (let epoch = 1; epoch <= args.num_train_epochs; epoch++) {
      let lossSum: tf.Tensor = tf.scalar(0);
      let batches = 0;
      let sliceStart = performance.now();
      for (const local of lengthBucketedBatches(n, batchSize, (i) => sparseLength(features, train.rows[i]), random)) {
        const batch = tf.tensor1d(local, 'int32');
        const inputs = { dense: dense ? tf.gather(dense, batch) : undefined, ...sparseTensors(features, local.map((i) => train.rows[i])) };
        const yb = tf.gather(targets, batch);
        const wb = tf.gather(weights, batch);
        const stepSeed = args.seed + ++step;
        const cost = optimizer.minimize(() => lossOf(head, inputs, yb, wb, multiLabel, args.weight_decay, stepSeed), true) as tf.Scalar;
        const next = lossSum.add(cost);
        lossSum.dispose();
        lossSum = next;
        tf.dispose([cost, batch, yb, wb]);
        disposeInputs(inputs);
        batches++;
        if (performance.now() - sliceStart > YIELD_MS) {
          await yieldToBrowser(options.signal);
          sliceStart = performance.now();
        }
      }
      const trainLoss = (await lossSum.data())[0] / batches;
      lossSum.dispose();
      const metrics = validation.rows.length
        ? evaluate(await predictProbabilities(head, features, validation.rows, multiLabel), validation.targets, labels)
        : undefined;
      const record: EpochRecord = {
        epoch,
        trainLoss,
        validationLoss: metrics?.loss ?? NaN,
        validationAccuracy: metrics?.accuracy ?? NaN,
        validationMacroF1: metrics?.macroF1 ?? NaN,
      };
      history.push(record);
      options.onEpoch?.(record);
      await yieldToBrowser(options.signal);
      if (!metrics || record.validationLoss < best.loss - 1e-4) {
        best.snapshot?.forEach((t) => t.dispose());
        const snapshot = args.load_best_model_at_end && metrics ? head.snapshot() : undefined;
        best = { epoch, loss: record.validationLoss, snapshot, validation: metrics };
      } else if (args.early_stopping_patience > 0 && epoch - best.epoch >= args.early_stopping_patience) {
        break;
      }
    }
    if (best.snapshot) {
      head.assign(best.snapshot);
      best.snapshot = undefined;
    }
    return { history, bestEpoch: best.epoch, validation: best.validation };
  } finally {
    best.snapshot?.forEach((t) => t.dispose());
    optimizer.dispose();
    tf.dispose([targets, weights]);
    dense?.dispose();
  }
}

const BUCKET_WINDOW = 16;

/**
 * Batches of row positions for one epoch: shuffled, then sorted by sparse length within windows
 * of 16 batches so that each padded batch is about as long as its longest row, then the batches
 * themselves shuffled. Seeded, so every epoch order is reproducible.
 */
function lengthBucketedBatches(n: number, batchSize: number, length: (i: number) => number, random: () => number): number[][] {
  const order = shuffled(Array.from({ length: n }, (_, i) => i), random);
  const batches: number[][] = [];
  const window = batchSize * BUCKET_WINDOW;
  for (let start = 0; start < n; start += window) {
    const sorted = order.slice(start, start + window).sort((a, b) => length(a) - length(b));
    for (let b = 0; b < sorted.length; b += batchSize) batches.push(sorted.slice(b, b + batchSize));
  }
  return shuffled(batches, random);
}

function sparseLength(features: FeatureBatch, row: number): number {
  const offsets = features.sparse?.offsets;
  return offsets ? offsets[row + 1] - offsets[row] : 0;
}

function lossOf(
  head: Head,
  inputs: { dense?: tf.Tensor2D; indices?: tf.Tensor2D; values?: tf.Tensor2D },
  targets: tf.Tensor2D,
  weights: tf.Tensor1D,
  multiLabel: boolean,
  weightDecay: number,
  seed: number,
): tf.Scalar {
  const logits = head.logits(inputs, true, seed);
  const perExample = multiLabel
    ? tf.losses.sigmoidCrossEntropy(targets, logits, undefined, 0, tf.Reduction.NONE).mean(1)
    : tf.neg(tf.sum(targets.mul(tf.logSoftmax(logits)), 1));
  let loss = perExample.mul(weights).sum().div(weights.sum()) as tf.Scalar;
  if (weightDecay > 0) {
    for (const v of head.decayed()) loss = loss.add(tf.sum(tf.square(v)).mul(weightDecay / 2)) as tf.Scalar;
  }
  return loss;
}

/** One-hot (single-label) or multi-hot (multi-label) rows. */
function targetMatrix(targets: Targets, classes: number): Float32Array {
  const out = new Float32Array(targets.classes.length * classes);
  targets.classes.forEach((t: number | number[], i: number) => {
    for (const c of Array.isArray(t) ? t : [t]) out[i * classes + c] = 1;
  });
  return out;
}

/** Per-example loss weights: with `balanced`, n / (classes · count of the example's class). */
function exampleWeights(targets: Targets, classes: number, weighting: 'balanced' | 'none'): Float32Array {
  const n = targets.classes.length;
  if (weighting === 'none' || targets.multiLabel) return new Float32Array(n).fill(1);
  const counts = new Float64Array(classes);
  targets.classes.forEach((c) => counts[c]++);
  const present = counts.filter((c) => c > 0).length;
  return Float32Array.from(targets.classes, (c) => n / (present * counts[c]));
}
