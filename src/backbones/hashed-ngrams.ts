import { mix32 } from '../util/hash.js';
import { sharedCounter, type BucketCounter } from './bucket-counts.js';

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
export function hashedNgrams(hashes: ArrayLike<number>, options: HashedNgramOptions, visit?: FeatureVisitor): { indices: Int32Array; values: Float32Array } {
  return countWordNgrams(hashes, options, visit).take(options.limit);
}

/** Counts a text's word n-grams as `hashedNgrams` does, in the shared counter it returns (to `take` from). */
export function countWordNgrams(hashes: ArrayLike<number>, options: HashedNgramOptions, visit?: FeatureVisitor): BucketCounter {
  const mask = options.buckets - 1;
  const counter = sharedCounter(options.buckets);
  for (let i = 0; i < hashes.length; i++) {
    let h = hashes[i];
    const word = mix32(h) & mask;
    counter.add(word);
    visit?.(word, i, i);
    for (let n = 2; n <= options.maxN && i + n <= hashes.length; n++) {
      h = Math.imul(h, 0x9e3779b1) ^ hashes[i + n - 1];
      const ngram = mix32(h + n) & mask;
      counter.add(ngram);
      visit?.(ngram, i, i + n - 1);
    }
  }
  return counter;
}

/** Told of each hashed feature occurrence: its bucket and the first and last token it covers. */
export type FeatureVisitor = (bucket: number, first: number, last: number) => void;
