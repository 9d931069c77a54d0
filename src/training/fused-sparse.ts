import type { AdamStepAttrs } from './fused-adam.js';
import { registerFused, runFused } from './fused-registry.js';
import type { tf } from './tf.js';

// The n-gram table's kernels. Sparse inputs: `unique` [u] bucket ids, `local` [batch · k]
// positions into `unique`, `values` [batch, k] (0 for padding).

const SPARSE_BAG = 'SieveSparseBag';
const SPARSE_ADAM = 'SieveSparseAdam';

/** The touched rows, gathered into one small array (reused): the table is large, its rows scattered. */
let touchedRows = new Float32Array(0);

// The bag of a batch remapped to its distinct rows (`unique` given: `local` points into it), or of
// rows with global bucket ids (no `unique`: `local` holds the bucket ids, as evaluation has them).
registerFused(
  SPARSE_BAG,
  (shapes) => [[shapes.values[0], shapes.table[1]]],
  ({ table, unique, local, values }, [out], shapes) => {
    const [rows, k] = shapes.values;
    const classes = shapes.table[1];
    let source: Float32Array | Int32Array = table;
    if (unique) {
      const u = shapes.unique[0];
      if (touchedRows.length < u * classes) touchedRows = new Float32Array(u * classes);
      for (let r = 0; r < u; r++) for (let c = 0, from = unique[r] * classes; c < classes; c++) touchedRows[r * classes + c] = table[from + c];
      source = touchedRows;
    }
    out.fill(0); // WASM output memory is not cleared
    for (let b = 0; b < rows; b++) {
      for (let j = 0; j < k; j++) {
        const value = values[b * k + j];
        if (value === 0) continue;
        const row = local[b * k + j] * classes;
        for (let c = 0; c < classes; c++) out[b * classes + c] += value * source[row + c];
      }
    }
  },
);

/** The touched rows' gradient (reused). */
let rowGradScratch = new Float32Array(0);

// Lazy Adam on the table rows a batch touched, written into the table and its moments in place:
// the rows' gradient is Σ values · grad (+ decay · row).
registerFused(
  SPARSE_ADAM,
  () => [],
  ({ table, m, v, unique, local, values, grad }, _outputs, shapes, attrs) => {
    const [rows, k] = shapes.values;
    const classes = shapes.table[1];
    const u = shapes.unique[0];
    if (rowGradScratch.length < u * classes) rowGradScratch = new Float32Array(u * classes);
    const rowGrad = rowGradScratch.subarray(0, u * classes).fill(0);
    for (let b = 0; b < rows; b++) {
      for (let j = 0; j < k; j++) {
        const value = values[b * k + j];
        if (value === 0) continue;
        const at = local[b * k + j] * classes;
        for (let c = 0; c < classes; c++) rowGrad[at + c] += value * grad[b * classes + c];
      }
    }
    const { beta1, beta2, scale, shift, decay } = attrs as unknown as AdamStepAttrs;
    for (let r = 0; r < u; r++) {
      const row = unique[r] * classes;
      for (let c = 0; c < classes; c++) {
        const i = row + c;
        const g = rowGrad[r * classes + c] + decay * table[i];
        const mi = (m[i] = beta1 * m[i] + g);
        const vi = (v[i] = beta2 * v[i] + g * g);
        table[i] -= mi / (Math.sqrt(vi) * scale + shift);
      }
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

/** Σ values · table rows for `[rows, k]` global bucket ids and values (inference): `[rows, classes]`. */
export function fusedSparseBagOfIds(table: tf.Tensor2D, indices: tf.Tensor2D, values: tf.Tensor2D): tf.Tensor2D {
  return runFused(SPARSE_BAG, { table, local: indices, values }, {}, 1)[0] as tf.Tensor2D;
}

/** Lazy Adam on the touched rows of `table` (and its moments `m`, `v`), in place. */
export function fusedSparseAdam(state: { table: tf.Tensor2D; m: tf.Tensor2D; v: tf.Tensor2D }, sparse: SparseStepInputs, grad: tf.Tensor2D, attrs: AdamStepAttrs): void {
  runFused(SPARSE_ADAM, { ...state, ...sparse, grad }, { ...attrs }, 0);
}
