import type { FeatureBatch } from '../backbones/backbone.js';
import { denseTensor, disposeInputs, sparseTensors } from './feature-tensors.js';
import { hasFusedKernels } from './fused-registry.js';
import type { Head } from './head.js';

const CHUNK = 512;

/** Logits of the given feature rows (`rows.length × classes`, row-major); one read-back per chunk of rows. */
export async function predictLogits(head: Head, features: FeatureBatch, rows: ArrayLike<number>): Promise<Float32Array> {
  const classes = head.config.classes;
  const out = new Float32Array(rows.length * classes);
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = Array.from({ length: Math.min(CHUNK, rows.length - start) }, (_, i) => rows[start + i]);
    const inputs = { dense: denseTensor(features, chunk), ...sparseTensors(features, chunk) };
    const logits = head.logits(inputs, { fused: hasFusedKernels() });
    out.set((await logits.data()) as Float32Array, start * classes);
    logits.dispose();
    disposeInputs(inputs);
  }
  return out;
}
