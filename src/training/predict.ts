import type { FeatureBatch } from '../backbones/backbone.js';
import { denseTensor, disposeInputs, sparseTensors } from './feature-tensors.js';
import type { Head } from './head.js';
import { tf } from './tf.js';

const CHUNK = 512;

/**
 * Class probabilities of the given feature rows (`rows.length × classes`, row-major): softmax for
 * single-label heads, per-class sigmoid for multi-label ones. One read-back per chunk of rows.
 */
export async function predictProbabilities(
  head: Head,
  features: FeatureBatch,
  rows: ArrayLike<number>,
  multiLabel: boolean,
): Promise<Float32Array> {
  const classes = head.config.classes;
  const out = new Float32Array(rows.length * classes);
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = Array.from({ length: Math.min(CHUNK, rows.length - start) }, (_, i) => rows[start + i]);
    const inputs = { dense: denseTensor(features, chunk), ...sparseTensors(features, chunk) };
    const probs = tf.tidy(() => {
      const logits = head.logits(inputs);
      return multiLabel ? tf.sigmoid(logits) : tf.softmax(logits);
    });
    out.set((await probs.data()) as Float32Array, start * classes);
    probs.dispose();
    disposeInputs(inputs);
  }
  return out;
}
