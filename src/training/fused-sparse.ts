import { adamAt, type AdamStepAttrs } from './fused-adam.js';
import { registerFused, runFused } from './fused-registry.js';
import type { tf } from './tf.js';

// The n-gram table's kernels. Sparse inputs: `unique` [u] bucket ids, `local` [batch · k]
// positions into `unique`, `values` [batch, k] (0 for padding).

const SPARSE_BAG = 'SieveSparseBag';
const SPARSE_ADAM = 'SieveSparseAdam';

registerFused(
  SPARSE_BAG,
  (shapes) => [[shapes.values[0], shapes.table[1]]],
  ({ table, unique, local, values }, [out], shapes) => {
    const [rows, k] = shapes.values;
    const classes = shapes.table[1];
    out.fill(0); // WASM output memory is not cleared
    for (let b = 0; b < rows; b++) {
      for (let j = 0; j < k; j++) {
        const value = values[b * k + j];
        if (value === 0) continue;
        const row = unique[local[b * k + j]] * classes;
        for (let c = 0; c < classes; c++) out[b * classes + c] += value * table[row + c];
      }
    }
  },
);

// Lazy Adam on the table rows a batch touched, written into the table and its moments in place:
// the rows' gradient is Σ values · grad (+ decay · row).
registerFused(
  SPARSE_ADAM,
  () => [],
  ({ table, m, v, unique, local, values, grad }, _outputs, shapes, attrs) => {
    const [rows, k] = shapes.values;
    const classes = shapes.table[1];
    const u = shapes.unique[0];
    const rowGrad = new Float32Array(u * classes);
    for (let b = 0; b < rows; b++) {
      for (let j = 0; j < k; j++) {
        const value = values[b * k + j];
        if (value === 0) continue;
        const at = local[b * k + j] * classes;
        for (let c = 0; c < classes; c++) rowGrad[at + c] += value * grad[b * classes + c];
      }
    }
    const adam = attrs as unknown as AdamStepAttrs;
    for (let r = 0; r < u; r++) {
      const row = unique[r] * classes;
      for (let c = 0; c < classes; c++) adamAt(table, m, v, row + c, rowGrad[r * classes + c] + adam.decay * table[row + c], adam);
    }
  },
);

/** A batch's sparse inputs, remapped to its distinct buckets (see PackedSparseBatch). */
export interface SparseStepInputs {
  unique: tf.Tensor1D;
  local: tf.Tensor1D;
  values: tf.Tensor2D;
}

/** Σ values · table rows per batch row: `[batch, classes]`. */
export function fusedSparseBag(table: tf.Tensor2D, sparse: SparseStepInputs): tf.Tensor2D {
  return runFused(SPARSE_BAG, { table, ...sparse }, {}, 1)[0] as tf.Tensor2D;
}

/** Lazy Adam on the touched rows of `table` (and its moments `m`, `v`), in place. */
export function fusedSparseAdam(state: { table: tf.Tensor2D; m: tf.Tensor2D; v: tf.Tensor2D }, sparse: SparseStepInputs, grad: tf.Tensor2D, attrs: AdamStepAttrs): void {
  runFused(SPARSE_ADAM, { ...state, ...sparse, grad }, { ...attrs }, 0);
}
