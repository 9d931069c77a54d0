/** Most sparse entries a model uses per text: the largest values win when a text has more. */
export const MAX_SPARSE_PER_ROW = 256;

/** Positions of the `k` largest values in `values[start..end)`, largest first (ties: earlier first). */
export function topByValue(values: Float32Array, start: number, end: number, k: number): number[] {
  return Array.from({ length: end - start }, (_, j) => start + j)
    .sort((a, b) => values[b] - values[a])
    .slice(0, k);
}
