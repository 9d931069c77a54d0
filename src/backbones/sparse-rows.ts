/** Most sparse entries a model uses per text (the default backbone's two views at their limit): the largest values win when a text has more. */
export const MAX_SPARSE_PER_ROW = 2048;

/**
 * The entries of one text as models use them: all of them (views, no copy), or its
 * MAX_SPARSE_PER_ROW largest values, largest first (new arrays).
 */
export function rowEntries(sparse: { offsets: Int32Array; indices: Int32Array; values: Float32Array }, row: number): { indices: Int32Array; values: Float32Array } {
  const { offsets, indices, values } = sparse;
  const [start, end] = [offsets[row], offsets[row + 1]];
  if (end - start <= MAX_SPARSE_PER_ROW) return { indices: indices.subarray(start, end), values: values.subarray(start, end) };
  const kept = topByValue(values.subarray(start, end), MAX_SPARSE_PER_ROW);
  const out = { indices: new Int32Array(kept.length), values: new Float32Array(kept.length) };
  for (let i = 0; i < kept.length; i++) {
    out.indices[i] = indices[start + kept[i]];
    out.values[i] = values[start + kept[i]];
  }
  return out;
}

/** Scratch for `topByValue`'s keys, reused (rows are cut thousands of times per training run). */
let scratch = { floats: new Float32Array(0), bits: new Uint32Array(0), keys: new Float64Array(0) };

/**
 * Positions of the `k` largest of `values`, largest first (ties: earlier first): the order a
 * comparator sort on value gives, but as one native sort of numbers. Each key packs the value's
 * order-preserving bit pattern (32 bits) above the position's complement, exactly in a float64.
 */
export function topByValue(values: Float32Array, k: number): Int32Array {
  const n = values.length;
  let positionBits = 1;
  while (2 ** positionBits < n) positionBits++;
  if (positionBits > 20) throw new RangeError(`topByValue handles at most 2^20 values, got ${n}`);
  if (scratch.floats.length < n) {
    const floats = new Float32Array(n);
    scratch = { floats, bits: new Uint32Array(floats.buffer), keys: new Float64Array(n) };
  }
  const { floats, bits } = scratch;
  const keys = scratch.keys.subarray(0, n);
  const top = 2 ** positionBits - 1;
  for (let j = 0; j < n; j++) {
    floats[j] = values[j] + 0; // -0 → +0: they compare equal
    const b = bits[j];
    // Order-preserving float bits: negative values have all bits flipped, positive the sign bit.
    const ordered = b & 0x80000000 ? ~b >>> 0 : (b | 0x80000000) >>> 0;
    keys[j] = ordered * 2 ** positionBits + (top - j);
  }
  keys.sort();
  const count = Math.min(k, n);
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) out[i] = top - (keys[n - 1 - i] % 2 ** positionBits);
  return out;
}
