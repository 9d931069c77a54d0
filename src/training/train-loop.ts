import type { FeatureBatch } from '../backbones/backbone.js';
import type { EvalMetrics, EvaluationRecord } from '../store/schema.js';
import { seededRandom } from '../util/random.js';
import { yieldToBrowser } from '../util/yield.js';
import { epochOrder, SparseBatchPacker, truncateSparse } from './batches.js';
import { sparseTensors } from './feature-tensors.js';
import type { Head } from './head.js';
import { HeadTrainer, STEP_WEIGHT_SCALE, type ForwardInputs } from './head-trainer.js';
import { probabilities } from '../inference/scores.js';
import { evaluate, logLoss, pickTargets, type Targets } from './metrics.js';
import type { TrainingArguments } from './params.js';
import { learningRateAt, planSteps } from './schedule.js';
import { elementWeights, exampleWeights } from './loss-weights.js';
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
  onEvaluation?: (record: EvaluationRecord) => void;
  signal?: AbortSignal;
}

/** Result of `trainHead`: the curve, the evaluation whose weights the head ends with, and its outputs. */
export interface TrainLoopResult {
  history: EvaluationRecord[];
  steps: number;
  /** Step of the weights the head ends with. */
  bestStep: number;
  /** Epoch (fractional with step evaluation) of those weights. */
  bestEpoch: number;
  /** Validation metrics and logits of those weights (none without a validation split). */
  validation?: { metrics: EvalMetrics; logits: Float32Array };
}

const YIELD_MS = 40;
const EVAL_CHUNK = 512;
const IMPROVEMENT = 1e-4;
const LOSS_SAMPLE = 512;

/**
 * Trains `head` in place. Each step packs its batch from the features in memory (contiguous row
 * copies), uploads it, and runs the hand-written step of `HeadTrainer`; nothing is read back until
 * the next evaluation, which reads the accumulated loss once. (Uploading beats gathering or slicing
 * a device-resident copy: on WASM both of those cost more per batch than the upload.) Evaluation
 * (every epoch, or every `eval_steps`) drives early stopping, and the best weights are restored at
 * the end when `load_best_model_at_end`.
 */
export async function trainHead(
  head: Head,
  allFeatures: FeatureBatch,
  train: LabeledRows,
  validation: LabeledRows,
  options: TrainLoopOptions,
): Promise<TrainLoopResult> {
  const { args, labels } = options;
  const features = truncateSparse(allFeatures);
  const classes = labels.length;
  const multiLabel = train.targets.multiLabel;
  const random = seededRandom(args.seed);
  const n = train.rows.length;
  const batchSize = Math.min(args.per_device_train_batch_size, n);
  const plan = planSteps(args, n);
  const trainer = new HeadTrainer(head, { multiLabel, weightDecay: args.weight_decay });
  const host = {
    dense: withOnesColumn(features, train.rows),
    targets: targetMatrix(train.targets, classes),
    weights: multiLabel ? elementWeights(train.targets, classes, args.weak_neg_rate) : exampleWeights(train.targets, classes, args.class_weighting),
  };
  const widths = { dense: features.dims + 1, targets: classes, weights: multiLabel ? classes : 1 };
  // Each step's batch is packed into these and uploaded; reusing them is safe because the step's
  // tensors are disposed within the step (and allocating them anew cost more than filling them).
  const packed = { dense: new Float32Array(batchSize * widths.dense), targets: new Float32Array(batchSize * widths.targets), weights: new Float32Array(batchSize * widths.weights) };
  const validationInputs = prepareForward(features, validation.rows);
  const packer = features.sparse ? new SparseBatchPacker(features.sparse.buckets) : undefined;
  const history: EvaluationRecord[] = [];
  let best: { step: number; epoch: number; loss: number; snapshot?: tf.Tensor2D[]; validation?: TrainLoopResult['validation'] } = {
    step: 0,
    epoch: 0,
    loss: Infinity,
  };
  let latest: TrainLoopResult['validation'];
  let evaluationsSinceBest = 0;
  let step = 0;
  let learningRate = 0;
  let sliceStart = performance.now();

  // The training loss is measured at each evaluation on a fixed sample of training rows, with
  // the weights of that moment (steps themselves compute no loss: it would cost ops every step).
  const stride = Math.ceil(n / LOSS_SAMPLE);
  const lossSample = Array.from({ length: Math.ceil(n / stride) }, (_, i) => i * stride);
  const lossTargets = pickTargets(train.targets, lossSample);
  const lossInputs = prepareForward(features, lossSample.map((i) => train.rows[i]));
  const sampleLoss = async (): Promise<number> => logLoss(probabilities(await forwardAll(trainer, lossInputs, classes), classes, multiLabel), lossTargets, classes);

  const evaluateNow = async (epoch: number): Promise<boolean> => {
    const trainLoss = await sampleLoss();
    const logits = validationInputs.length ? await forwardAll(trainer, validationInputs, classes) : undefined;
    const metrics = logits ? evaluate(probabilities(logits, classes, multiLabel), validation.targets, labels) : undefined;
    const record: EvaluationRecord = {
      step,
      epoch: Math.round(epoch * 100) / 100,
      trainLoss,
      learningRate,
      validationLoss: metrics?.loss ?? NaN,
      validationAccuracy: metrics?.accuracy ?? NaN,
      validationMacroF1: metrics?.macroF1 ?? NaN,
      validation: metrics,
    };
    history.push(record);
    latest = metrics && logits ? { metrics, logits } : undefined;
    options.onEvaluation?.(record);
    await yieldToBrowser(options.signal);
    sliceStart = performance.now();
    if (!metrics || record.validationLoss < best.loss - IMPROVEMENT) {
      tf.dispose(best.snapshot ?? []);
      const snapshot = args.load_best_model_at_end && metrics ? trainer.snapshot() : undefined;
      best = { step, epoch: record.epoch, loss: record.validationLoss, snapshot, validation: latest };
      evaluationsSinceBest = 0;
      return false;
    }
    evaluationsSinceBest++;
    return args.early_stopping_patience > 0 && evaluationsSinceBest >= args.early_stopping_patience;
  };

  try {
    let stop = false;
    let evaluatedAt = 0;
    for (let epoch = 1; epoch <= plan.epochs && !stop; epoch++) {
      const { order, bounds } = epochOrder(train.rows, batchSize, features, random);
      for (let b = 0; b + 1 < bounds.length && step < plan.totalSteps; b++) {
        const positions = order.subarray(bounds[b], bounds[b + 1]);
        step++;
        learningRate = learningRateAt(step, plan, args);
        const sparse = packer?.pack(features, Array.from(positions, (i) => train.rows[i]));
        tf.tidy(() => {
          const rowsOf = (name: keyof typeof host, scale = 1) => tf.tensor2d(gatherRows(host[name], widths[name], positions, scale, packed[name]), [positions.length, widths[name]]);
          const weights = rowsOf('weights', STEP_WEIGHT_SCALE / (positions.length * (multiLabel ? classes : 1)));
          trainer.trainStep(
            {
              dense: rowsOf('dense'),
              targets: rowsOf('targets'),
              weights,
              sparse,
              seed: args.seed * 7919 + step,
            },
            learningRate,
          );
        });
        if (args.eval_strategy === 'steps' && step % args.eval_steps === 0) {
          evaluatedAt = step;
          if (await evaluateNow(epoch - 1 + (b + 1) / (bounds.length - 1))) {
            stop = true;
            break;
          }
        } else if (performance.now() - sliceStart > YIELD_MS) {
          await yieldToBrowser(options.signal);
          sliceStart = performance.now();
        }
      }
      const lastStep = step >= plan.totalSteps;
      if (!stop && evaluatedAt !== step && (args.eval_strategy === 'epoch' || lastStep)) {
        evaluatedAt = step;
        stop = await evaluateNow(lastStep ? step / plan.stepsPerEpoch : epoch);
      }
    }
    if (best.snapshot) {
      trainer.restore(best.snapshot);
      best.snapshot = undefined;
    } else if (!args.load_best_model_at_end && history.length) {
      const last = history[history.length - 1];
      best = { ...best, step: last.step, epoch: last.epoch, validation: latest };
    }
    trainer.writeBack();
    return { history, steps: step, bestStep: best.step, bestEpoch: best.epoch, validation: best.validation };
  } finally {
    tf.dispose(best.snapshot ?? []);
    trainer.dispose();
    validationInputs.forEach(disposeForward);
    lossInputs.forEach(disposeForward);
  }
}

/** Evaluation inputs of `rows`, in chunks, uploaded once for the whole run. */
function prepareForward(features: FeatureBatch, rows: readonly number[]): ForwardInputs[] {
  const chunks: ForwardInputs[] = [];
  for (let start = 0; start < rows.length; start += EVAL_CHUNK) {
    const chunk = rows.slice(start, start + EVAL_CHUNK);
    chunks.push({ dense: tf.tensor2d(withOnesColumn(features, chunk), [chunk.length, features.dims + 1]), ...sparseTensors(features, chunk) });
  }
  return chunks;
}

function disposeForward(inputs: ForwardInputs): void {
  tf.dispose([inputs.dense, ...(inputs.indices ? [inputs.indices] : []), ...(inputs.values ? [inputs.values] : [])]);
}

async function forwardAll(trainer: HeadTrainer, chunks: ForwardInputs[], classes: number): Promise<Float32Array> {
  const out = new Float32Array(chunks.reduce((n, c) => n + c.dense.shape[0], 0) * classes);
  let offset = 0;
  for (const chunk of chunks) {
    const logits = trainer.logits(chunk);
    out.set((await logits.data()) as Float32Array, offset);
    offset += logits.size;
    logits.dispose();
  }
  return out;
}

/** `rows × (dims + 1)` row-major: the dense features of `rows` and a 1 (the bias input) after each. */
function withOnesColumn(features: FeatureBatch, rows: readonly number[]): Float32Array {
  const { dims, dense } = features;
  const out = new Float32Array(rows.length * (dims + 1));
  rows.forEach((row, i) => {
    out.set(dense.subarray(row * dims, (row + 1) * dims), i * (dims + 1));
    out[i * (dims + 1) + dims] = 1;
  });
  return out;
}

/** The rows at `positions` of a row-major matrix `width` wide, times `scale`, written into the start of `into`. */
function gatherRows(matrix: Float32Array, width: number, positions: Int32Array, scale: number, into: Float32Array): Float32Array {
  const out = into.subarray(0, positions.length * width);
  for (let i = 0; i < positions.length; i++) {
    const from = positions[i] * width;
    const to = i * width;
    for (let j = 0; j < width; j++) out[to + j] = matrix[from + j] * scale;
  }
  return out;
}

/** One-hot (single-label) or multi-hot (multi-label) rows. */
function targetMatrix(targets: Targets, classes: number): Float32Array {
  const out = new Float32Array(targets.classes.length * classes);
  targets.classes.forEach((t: number | number[], i: number) => {
    for (const c of Array.isArray(t) ? t : [t]) out[i * classes + c] = 1;
  });
  return out;
}
