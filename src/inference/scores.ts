/** Probabilities from logits (`count × classes`, row-major): softmax, or per-class sigmoid for multi-label, of `logits / temperature`. */
export function probabilities(logits: Float32Array, classes: number, multiLabel: boolean, temperature = 1): Float32Array {
  const out = new Float32Array(logits.length);
  if (multiLabel) {
    for (let i = 0; i < logits.length; i++) out[i] = 1 / (1 + Math.exp(-logits[i] / temperature));
    return out;
  }
  for (let start = 0; start < logits.length; start += classes) {
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, logits[start + c] / temperature);
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += out[start + c] = Math.exp(logits[start + c] / temperature - max);
    for (let c = 0; c < classes; c++) out[start + c] /= sum;
  }
  return out;
}

/** Index of the largest value. */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
