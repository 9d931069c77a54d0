import { fnv1a, mix32 } from '../util/hash.js';

/** Options of the hashed word n-gram features. */
export interface HashedNgramOptions {
  /** Number of hash buckets (a power of two). */
  buckets: number;
  /** Longest word n-gram (1 = words only, 2 = words and word pairs). */
  maxN: number;
}

/**
 * Sparse features of one token list, as fastText builds them: each word n-gram is hashed to a
 * bucket; a bucket's value is 1 + ln(count), and the vector is scaled to unit length.
 * Returns parallel arrays of bucket ids (ascending) and values.
 */
export function hashedNgrams(tokens: readonly string[], options: HashedNgramOptions): { indices: number[]; values: number[] } {
  const mask = options.buckets - 1;
  const counts = new Map<number, number>();
  const hashes = tokens.map(fnv1a);
  for (let i = 0; i < hashes.length; i++) {
    let h = hashes[i];
    add(counts, mix32(h) & mask);
    for (let n = 2; n <= options.maxN && i + n <= hashes.length; n++) {
      h = Math.imul(h, 0x9e3779b1) ^ hashes[i + n - 1];
      add(counts, mix32(h + n) & mask);
    }
  }
  const indices = [...counts.keys()].sort((a, b) => a - b);
  const values = indices.map((k) => 1 + Math.log(counts.get(k) as number));
  const norm = Math.sqrt(values.reduce((sum, v) => sum + v * v, 0)) || 1;
  return { indices, values: values.map((v) => v / norm) };
}

function add(counts: Map<number, number>, bucket: number): void {
  counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
}
