import type { FeatureBatch } from '../backbones/backbone.js';
import { MAX_SPARSE_PER_ROW, rowEntries } from '../backbones/sparse-rows.js';
import type { HeadWeights } from './head-weights.js';
import type { WasmHeadSums } from './wasm-head-sums.js';

/**
 * Logits (`count × classes`, row-major) of every row of `features` under a head, in plain
 * TypeScript: the dense part (linear, or one hidden ReLU layer), plus each sparse entry's value
 * times its bucket's row (at most MAX_SPARSE_PER_ROW entries per text, the largest, as in training), plus the bias.
 * Sums run in double precision; the result equals TensorFlow.js's float32 forward pass to about 1e-6.
 * With `sums` (the head's, see `WasmHeadSums`), a linear head's dense part and the sparse part are
 * added in WebAssembly, to the same values (the sparse part where no text has more entries than are kept).
 */
export function headLogits(weights: HeadWeights, features: FeatureBatch, sums?: WasmHeadSums | null): Float32Array {
  const { dims, classes, hiddenUnits } = weights.shape;
  const { count, sparse } = features;
  const logits = new Float64Array(count * classes);
  const hidden = new Float64Array(hiddenUnits);
  const denseInWasm = !!sums?.addsDense;
  for (let i = 0; i < count; i++) {
    const at = i * classes;
    for (let c = 0; c < classes; c++) logits[at + c] = weights.outputBias[c];
    if (dims > 0 && weights.denseKernel && !denseInWasm) {
      const x = features.dense.subarray(i * dims, (i + 1) * dims);
      if (weights.hiddenKernel && weights.hiddenBias) {
        affine(x, weights.hiddenKernel, hiddenUnits, hidden.fill(0), 0);
        for (let h = 0; h < hiddenUnits; h++) hidden[h] = Math.max(0, hidden[h] + weights.hiddenBias[h]);
        affine(hidden, weights.denseKernel, classes, logits, at);
      } else {
        affine(x, weights.denseKernel, classes, logits, at);
      }
    }
  }
  const sparseInWasm = !!(sparse && sums?.addsSparse && everyEntryKept(sparse.offsets, count));
  if (sums && (denseInWasm || sparseInWasm)) sums.addTo(logits, features, count, { dense: denseInWasm, sparse: sparseInWasm });
  if (sparse && weights.sparseTable && !sparseInWasm) {
    for (let i = 0; i < count; i++) {
      const { indices, values } = rowEntries(sparse, i);
      addSparseRows(indices, values, weights.sparseTable, classes, logits, i * classes);
    }
  }
  return new Float32Array(logits);
}

/** Whether none of the first `count` texts has more entries than MAX_SPARSE_PER_ROW (so none is cut). */
function everyEntryKept(offsets: Int32Array, count: number): boolean {
  for (let i = 0; i < count; i++) if (offsets[i + 1] - offsets[i] > MAX_SPARSE_PER_ROW) return false;
  return true;
}

/** `out[from..from + classes) += Σ values[k] · table row indices[k]`, each row `classes` wide. */
function addSparseRows(indices: Int32Array, values: Float32Array, table: Float32Array, classes: number, out: Float64Array, from: number): void {
  for (let k = 0; k < indices.length; k++) {
    const value = values[k];
    for (let c = 0, at = indices[k] * classes; c < classes; c++, at++) out[from + c] += value * table[at];
  }
}

/** `out[from..from + width) += x · kernel`, where `kernel` is `x.length × width`, row-major. */
function affine(x: ArrayLike<number>, kernel: Float32Array, width: number, out: Float64Array, from: number): void {
  for (let d = 0; d < x.length; d++) {
    const v = x[d];
    if (v === 0) continue;
    for (let c = 0, at = d * width; c < width; c++, at++) out[from + c] += v * kernel[at];
  }
}
