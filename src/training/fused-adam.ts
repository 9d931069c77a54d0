import { registerFused, runFused } from './fused-registry.js';
import type { tf } from './tf.js';

/**
 * Adam's hyper-parameters for one step, in the form HeadTrainer keeps its moments (see its
 * `adam`): gradients arrive scaled by (1 − β1), and `√u · scale + shift` is the bias-corrected
 * denominator.
 */
export interface AdamStepAttrs {
  beta1: number;
  beta2: number;
  scale: number;
  shift: number;
  /** Weight decay times the gradients' scale: added as decay · parameter to each gradient. */
  decay: number;
}

/**
 * Adam on a `[rows, cols]` kernel whose last row is its folded bias (no decay there): the moments
 * `m`, `v` in place, the new kernel into `out`. `grad` is `[rows, cols]`, or `[cols, rows]` when
 * `transposed`; with `frozenLastColumn` the last column is copied unchanged (the MLP's bias unit).
 */
export function adamOnKernel(
  arrays: { param: Float32Array | Int32Array; m: Float32Array | Int32Array; v: Float32Array | Int32Array; grad: Float32Array | Int32Array; out: Float32Array },
  [rows, cols]: number[],
  attrs: AdamStepAttrs & { transposed?: boolean; frozenLastColumn?: boolean },
): void {
  const { param, m, v, grad, out } = arrays;
  const { beta1, beta2, scale, shift } = attrs;
  const trained = attrs.frozenLastColumn ? cols - 1 : cols;
  const transposed = attrs.transposed === true;
  for (let r = 0; r < rows; r++) {
    const decay = r < rows - 1 ? attrs.decay : 0;
    const at = r * cols;
    for (let c = 0; c < trained; c++) {
      const g = (transposed ? grad[c * rows + r] : grad[at + c]) + decay * param[at + c];
      const mi = (m[at + c] = beta1 * m[at + c] + g);
      const vi = (v[at + c] = beta2 * v[at + c] + g * g);
      out[at + c] = param[at + c] - mi / (Math.sqrt(vi) * scale + shift);
    }
    if (trained < cols) out[at + cols - 1] = param[at + cols - 1];
  }
}

const ADAM = 'SieveAdamOnKernel';

registerFused(
  ADAM,
  (shapes) => [shapes.param],
  ({ param, m, v, grad }, [out], shapes, attrs) =>
    adamOnKernel({ param, m, v, grad, out }, shapes.param, attrs as unknown as AdamStepAttrs & { transposed: boolean; frozenLastColumn: boolean }),
);

/**
 * One Adam step on a kernel (see `adamOnKernel`): updates the moments in place and returns the
 * new kernel. (A new tensor, not an in-place write: tfjs-wasm caches a matMul's packed right-hand
 * operand by tensor id, so a kernel changed in place would be multiplied with stale values.)
 */
export function fusedAdamOnKernel(
  state: { param: tf.Tensor2D; m: tf.Tensor2D; v: tf.Tensor2D },
  grad: tf.Tensor2D,
  attrs: AdamStepAttrs & { transposed: boolean; frozenLastColumn: boolean },
): tf.Tensor2D {
  return runFused(ADAM, { ...state, grad }, { ...attrs }, 1)[0] as tf.Tensor2D;
}
