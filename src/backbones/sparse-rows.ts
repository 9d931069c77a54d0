/** Most sparse entries a model uses per text: the largest values win when a text has more. */
export const MAX_SPARSE_PER_ROW = 256;

/**
 * The entries of one text as models use them: all of them (views, no copy), or its
 * MAX_SPARSE_PER_ROW largest values, largest first.
 */
export function rowEntries(sparse: { offsets: Int32Array; indices: Int32Array; values: Float32Array }, row: number): { indices: Int32Array; values: Float32Array } {
  const { offsets, indices, values } = sparse;
  const [start, end] = [offsets[row], offsets[row + 1]];
  if (end - start <= MAX_SPARSE_PER_ROW) return { indices: indices.subarray(start, end), values: values.subarray(start, end) };
  const kept = topByValue(values, start, end, MAX_SPARSE_PER_ROW);
  return { indices: Int32Array.from(kept, (at) => indices[at]), values: Float32Array.from(kept, (at) => values[at]) };
}

/** Positions of the `k` largest values in `values[start..end)`, largest first (ties: earlier first). */
function topByValue(values: Float32Array, start: number, end: number, k: number): number[] {
  return Array.from({ length: end - start }, (_, j) => start + j)
    .sort((a, b) => values[b] - values[a])
    .slice(0, k);
}
