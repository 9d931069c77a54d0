import { adamOnKernel, type AdamStepAttrs } from './fused-adam.js';
import { registerFused, runFused } from './fused-registry.js';
import type { tf } from './tf.js';

const DENSE_STEP = 'SieveDenseStep';

/**
 * Softmax (single-label) or sigmoid (multi-label) of row `row`'s logits in `out`, minus its
 * targets, times its loss weights (`[rows, 1]` per example or `[rows, classes]` per element), in
 * place: the gradient of the loss with respect to that row's logits.
 */
function logitsGradient(out: Float32Array, targets: Float32Array | Int32Array, weights: Float32Array | Int32Array, row: number, classes: number, multiLabel: boolean, perElement: boolean): void {
  const at = row * classes;
  if (multiLabel) {
    for (let c = 0; c < classes; c++) out[at + c] = (1 / (1 + Math.exp(-out[at + c])) - targets[at + c]) * weights[perElement ? at + c : row];
    return;
  }
  let max = -Infinity;
  for (let c = 0; c < classes; c++) max = Math.max(max, out[at + c]);
  let sum = 0;
  for (let c = 0; c < classes; c++) sum += out[at + c] = Math.exp(out[at + c] - max);
  for (let c = 0; c < classes; c++) out[at + c] = (out[at + c] / sum - targets[at + c]) * weights[perElement ? at + c : row];
}

/**
 * Scratch arrays reused across steps (allocating a typed array costs more than the step's
 * arithmetic on it): the kernel transposed, its gradient transposed, one row's activations and
 * hidden gradient. Transposed, the inner loops run over a row's units, contiguous, not over the
 * few classes.
 */
const scratch = { kernel: new Float32Array(0), kernelGrad: new Float32Array(0), activations: new Float32Array(0), hiddenGrad: new Float32Array(0) };

function scratchOf(name: keyof typeof scratch, length: number): Float32Array {
  if (scratch[name].length < length) scratch[name] = new Float32Array(length);
  return scratch[name].subarray(0, length);
}

// The output layer's whole step, row by row. Inputs: `input` [rows, width] (the dense features
// with their ones column, or, with `hidden`, the hidden layer's pre-activations, its last unit the
// bias unit), `kernel` [width, classes] with Adam moments `m`, `v` (updated in place), `targets`,
// `weights`, optional `bag` [rows, classes] (the n-gram logits), optional `dropout` [rows, width]
// (the hidden layer's scaled keep mask). Outputs: the logits' gradient [rows, classes], the
// updated kernel and, with `hidden`, the gradient with respect to the pre-activations, transposed
// [width, rows] (so that the first layer's gradient is a plain matMul with the input).
registerFused(
  DENSE_STEP,
  (shapes, attrs) => [shapes.targets, shapes.kernel, ...(attrs.hidden ? [[shapes.input[1], shapes.input[0]]] : [])],
  ({ input, kernel, m, v, targets, weights, bag, dropout }, [grad, newKernel, hiddenGrad], shapes, attrs) => {
    const [rows, width] = shapes.input;
    const classes = shapes.kernel[1];
    const hidden = attrs.hidden === true;
    const multiLabel = attrs.multiLabel === true;
    const perElement = shapes.weights[1] === classes;
    const kernelT = scratchOf('kernel', classes * width);
    for (let k = 0; k < width; k++) for (let c = 0; c < classes; c++) kernelT[c * width + k] = kernel[k * classes + c];
    const kernelGradT = scratchOf('kernelGrad', classes * width).fill(0);
    const activations = scratchOf('activations', width);
    const rowHiddenGrad = scratchOf('hiddenGrad', width);
    for (let b = 0; b < rows; b++) {
      const row = b * width;
      const out = b * classes;
      // Forward: the row's activations (the input itself, or ReLU · dropout of the
      // pre-activations), then its logits. (Loops unswitched by hand: V8 keeps the branches.)
      let acts: Float32Array | Int32Array = input;
      let base = row;
      if (hidden) {
        acts = activations;
        base = 0;
        if (dropout) for (let k = 0; k < width; k++) activations[k] = input[row + k] > 0 ? input[row + k] * dropout[row + k] : 0;
        else for (let k = 0; k < width; k++) activations[k] = input[row + k] > 0 ? input[row + k] : 0;
      }
      for (let c = 0; c < classes; c++) {
        let sum = bag ? bag[out + c] : 0;
        const at = c * width;
        for (let k = 0; k < width; k++) sum += acts[base + k] * kernelT[at + k];
        grad[out + c] = sum;
      }
      logitsGradient(grad, targets, weights, b, classes, multiLabel, perElement);
      // Backward, through the kernel before its update: its gradient Σ activations · grad, and with
      // `hidden` (grad · kernelᵀ) ⊙ ReLU′ ⊙ dropout, written transposed.
      if (hidden) rowHiddenGrad.fill(0);
      for (let c = 0; c < classes; c++) {
        const g = grad[out + c];
        if (g === 0) continue;
        const at = c * width;
        for (let k = 0; k < width; k++) kernelGradT[at + k] += acts[base + k] * g;
        if (hidden) for (let k = 0; k < width; k++) rowHiddenGrad[k] += kernelT[at + k] * g;
      }
      if (!hidden) continue;
      if (dropout) for (let k = 0; k < width; k++) hiddenGrad[k * rows + b] = input[row + k] > 0 ? rowHiddenGrad[k] * dropout[row + k] : 0;
      else for (let k = 0; k < width; k++) hiddenGrad[k * rows + b] = input[row + k] > 0 ? rowHiddenGrad[k] : 0;
    }
    adamOnKernel({ param: kernel, m, v, grad: kernelGradT, out: newKernel }, shapes.kernel, { ...(attrs as unknown as AdamStepAttrs), transposed: true });
  },
);

/** Inputs of the output layer's fused step (see `fusedDenseStep`). */
export interface DenseStepInputs {
  /** Dense features with the ones column, or the hidden layer's pre-activations (`hidden`). */
  input: tf.Tensor2D;
  kernel: tf.Tensor2D;
  m: tf.Tensor2D;
  v: tf.Tensor2D;
  targets: tf.Tensor2D;
  weights: tf.Tensor2D;
  /** The n-gram bag's logits, added to the dense ones. */
  bag?: tf.Tensor2D;
  /** The hidden layer's dropout keep mask, scaled (1 on the bias unit). */
  dropout?: tf.Tensor2D;
}

/**
 * The output layer's step in one kernel: logits, their gradient, the kernel's Adam update (moments
 * in place, see `fusedAdamOnKernel`). Returns the logits' gradient, the new kernel and, with
 * `hidden`, the gradient with respect to the hidden pre-activations, transposed `[units, rows]`.
 */
export function fusedDenseStep(inputs: DenseStepInputs, attrs: AdamStepAttrs & { hidden: boolean; multiLabel: boolean }): tf.Tensor2D[] {
  return runFused(DENSE_STEP, { ...inputs }, { ...attrs }, attrs.hidden ? 3 : 2) as tf.Tensor2D[];
}
