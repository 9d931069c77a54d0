import { tf } from './tf.js';

/**
 * Sum of table rows weighted by sparse values: `out[b] = Σ_k values[b,k] · table[indices[b,k]]`.
 * `indices` and `values` are padded `[batch, k]` (padding has value 0). The gradient with respect
 * to the table is a scatter-add of `values · dy` into the touched rows, so backends without
 * segment-sum kernels (WASM) can train it; indices and values get no gradient.
 */
export function sparseBag(table: tf.Tensor2D, indices: tf.Tensor2D, values: tf.Tensor2D): tf.Tensor2D {
  const bag = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [t, idx, vals] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
    const save = args[3] as tf.GradSaveFunc;
    const [batch, k] = idx.shape;
    const classes = t.shape[1];
    const flat = idx.reshape([batch * k]);
    const rows = tf.gather(t, flat).reshape([batch, k, classes]);
    const value = rows.mul(vals.expandDims(2)).sum(1) as tf.Tensor2D;
    save([idx, vals]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [savedIdx, savedVals] = saved;
      const updates = dy.expandDims(1).mul(savedVals.expandDims(2)).reshape([batch * k, classes]);
      const tableGrad = tf.scatterND(savedIdx.reshape([batch * k, 1]), updates, t.shape);
      return [tableGrad, tf.zerosLike(savedIdx), tf.zerosLike(savedVals)];
    };
    return { value, gradFunc: gradFunc as (dy: tf.Tensor2D, saved: tf.Tensor[]) => tf.Tensor[] };
  });
  return bag(table, indices, values) as tf.Tensor2D;
}
