import type { VectorTable } from './vector-file.js';

/**
 * Writes into `out` (length `table.dims`) the mean of the vectors of the tokens found in the
 * table, scaled to unit length; zeros when no token is known. Returns how many tokens were found.
 */
export function poolStaticVectors(tokens: readonly string[], table: VectorTable, out: Float32Array): number {
  out.fill(0);
  const { dims, vectors, index } = table;
  let found = 0;
  for (const token of tokens) {
    const row = index.get(token);
    if (row === undefined) continue;
    found++;
    for (let d = 0, at = row * dims; d < dims; d++, at++) out[d] += vectors[at];
  }
  if (found === 0) return 0;
  let norm = 0;
  for (let d = 0; d < dims; d++) norm += out[d] * out[d];
  norm = Math.sqrt(norm) || 1;
  for (let d = 0; d < dims; d++) out[d] /= norm;
  return found;
}
