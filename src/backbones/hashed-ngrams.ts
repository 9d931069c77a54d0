import { mix32 } from '../util/hash.js';

/** Options of the hashed word n-gram features. */
export interface HashedNgramOptions {
  /** Number of hash buckets (a power of two). */
  buckets: number;
  /** Longest word n-gram (1 = words only, 2 = words and word pairs). */
  maxN: number;
}

/** Counts per bucket (all zero between calls) and the buckets touched, reused across texts: a typed array beats a Map here. */
let counts = new Int32Array(0);
let touched = new Int32Array(1024);

/**
 * Sparse features of one text, given its tokens' FNV-1a hashes, as fastText builds them: each
 * word n-gram is hashed to a bucket; a bucket's value is 1 + ln(count), and the vector is scaled
 * to unit length. Returns parallel arrays of bucket ids (ascending) and values.
 */
export function hashedNgrams(hashes: ArrayLike<number>, options: HashedNgramOptions): { indices: Int32Array; values: Float32Array } {
  const mask = options.buckets - 1;
  if (counts.length !== options.buckets) counts = new Int32Array(options.buckets);
  if (touched.length < hashes.length * options.maxN) touched = new Int32Array(hashes.length * options.maxN);
  let distinct = 0;
  const count = (bucket: number) => {
    if (counts[bucket]++ === 0) touched[distinct++] = bucket;
  };
  for (let i = 0; i < hashes.length; i++) {
    let h = hashes[i];
    count(mix32(h) & mask);
    for (let n = 2; n <= options.maxN && i + n <= hashes.length; n++) {
      h = Math.imul(h, 0x9e3779b1) ^ hashes[i + n - 1];
      count(mix32(h + n) & mask);
    }
  }
  const indices = touched.slice(0, distinct).sort();
  const weights = new Float64Array(distinct);
  let squares = 0;
  for (let k = 0; k < distinct; k++) {
    weights[k] = 1 + Math.log(counts[indices[k]]);
    squares += weights[k] * weights[k];
    counts[indices[k]] = 0;
  }
  const norm = Math.sqrt(squares) || 1;
  const values = new Float32Array(distinct);
  for (let k = 0; k < distinct; k++) values[k] = weights[k] / norm;
  return { indices, values };
}
