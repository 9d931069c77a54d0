import { mix32 } from '../util/hash.js';
import { sharedCounter } from './bucket-counts.js';

/** Options of the hashed word n-gram features. */
export interface HashedNgramOptions {
  /** Number of hash buckets (a power of two). */
  buckets: number;
  /** Longest word n-gram (1 = words only, 2 = words and word pairs). */
  maxN: number;
  /** Most entries kept per text (the largest values). */
  limit: number;
}

/**
 * Sparse features of one text, given its tokens' FNV-1a hashes, as fastText builds them: each
 * word n-gram is hashed to a bucket, with sublinear counts, unit length (see BucketCounter).
 */
export function hashedNgrams(hashes: ArrayLike<number>, options: HashedNgramOptions): { indices: Int32Array; values: Float32Array } {
  const mask = options.buckets - 1;
  const counter = sharedCounter(options.buckets);
  for (let i = 0; i < hashes.length; i++) {
    let h = hashes[i];
    counter.add(mix32(h) & mask);
    for (let n = 2; n <= options.maxN && i + n <= hashes.length; n++) {
      h = Math.imul(h, 0x9e3779b1) ^ hashes[i + n - 1];
      counter.add(mix32(h + n) & mask);
    }
  }
  return counter.take(options.limit);
}
