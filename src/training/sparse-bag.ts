import { fusedSparseBagOfIds } from './fused-sparse.js';
import { tf } from './tf.js';

/**
 * fastText's bag of hashed n-grams: Σₖ values[b, k] · table[indices[b, k]], `[rows, classes]`.
 * `fused`: one kernel (WASM and CPU; not differentiable) instead of a gather, whose tfjs-wasm
 * kernel costs about 50 ns per element.
 */
export function sparseBag(table: tf.Tensor2D, indices: tf.Tensor2D, values: tf.Tensor2D, fused: boolean): tf.Tensor2D {
  if (fused) return fusedSparseBagOfIds(table, indices, values);
  const [rows, k] = indices.shape;
  const gathered = tf.gather(table, indices.reshape([rows * k])).reshape([rows, k, -1]);
  return gathered.mul(values.expandDims(2)).sum(1) as tf.Tensor2D;
}
