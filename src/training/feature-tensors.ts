import type { FeatureBatch } from '../backbones/backbone.js';
import { rowEntries } from '../backbones/sparse-rows.js';
import type { HeadInputs } from './head.js';
import { tf } from './tf.js';

/** Dense features of the given rows as one `[rows, dims]` tensor, or undefined when there are none. */
export function denseTensor(features: FeatureBatch, rows: ArrayLike<number>): tf.Tensor2D | undefined {
  if (features.dims === 0) return undefined;
  const { dims, dense } = features;
  const out = new Float32Array(rows.length * dims);
  for (let i = 0; i < rows.length; i++) out.set(dense.subarray(rows[i] * dims, (rows[i] + 1) * dims), i * dims);
  return tf.tensor2d(out, [rows.length, dims]);
}

/** Sparse features of the given rows, padded to the longest row: `[rows, k]` indices and values. */
export function sparseTensors(features: FeatureBatch, rows: ArrayLike<number>): Pick<HeadInputs, 'indices' | 'values'> {
  const sparse = features.sparse;
  if (!sparse) return {};
  const entries = Array.from(rows, (row) => rowEntries(sparse, row));
  const k = Math.max(1, ...entries.map((e) => e.indices.length));
  const outIndices = new Int32Array(rows.length * k);
  const outValues = new Float32Array(rows.length * k);
  entries.forEach((e, i) => {
    outIndices.set(e.indices, i * k);
    outValues.set(e.values, i * k);
  });
  return { indices: tf.tensor2d(outIndices, [rows.length, k], 'int32'), values: tf.tensor2d(outValues, [rows.length, k]) };
}

/** Disposes every tensor of a HeadInputs. */
export function disposeInputs(inputs: HeadInputs): void {
  inputs.dense?.dispose();
  inputs.indices?.dispose();
  inputs.values?.dispose();
}
