import { mix32 } from '../util/hash.js';
import { sharedCounter, type BucketCounter } from './bucket-counts.js';
import type { FeatureVisitor } from './hashed-ngrams.js';

/** Options of the hashed character n-gram features. */
export interface CharNgramOptions {
  /** Number of hash buckets (a power of two). */
  buckets: number;
  /** Shortest and longest character n-gram. */
  minN: number;
  maxN: number;
  /** Most entries kept per text (the largest values). */
  limit: number;
}

const BOUNDARY = 0x20;
let codePoints = new Int32Array(64);

/**
 * Sparse features of one text from the characters of its words: each word (a token of letters
 * and digits; a run of CJK text is one) is framed by a boundary mark on each side, and every run
 * of `minN`..`maxN` code points inside that frame is hashed to a bucket, as scikit-learn's
 * `char_wb` analyzer cuts them. Sublinear counts, unit length (see BucketCounter). Works on any
 * script: no word list, no spaces needed. `times[t]`, when given, is how often token `t` occurs
 * (tokens then distinct, see `distinctTokens`): the same features, each word cut once.
 */
export function charNgrams(tokens: readonly string[], options: CharNgramOptions, visit?: FeatureVisitor, times?: ArrayLike<number>): { indices: Int32Array; values: Float32Array } {
  return countCharNgrams(tokens, options, visit, times).take(options.limit);
}

/** Counts a text's character n-grams as `charNgrams` does, in the shared counter it returns (to `take` from). */
export function countCharNgrams(tokens: readonly string[], options: CharNgramOptions, visit?: FeatureVisitor, times?: ArrayLike<number>): BucketCounter {
  const mask = options.buckets - 1;
  const counter = sharedCounter(options.buckets);
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t];
    const first = token.codePointAt(0) as number;
    // Single symbols (punctuation, emoji) are the word view's business.
    if (token.length <= 2 && !/[\p{L}\p{N}]/u.test(token)) continue;
    let length = 0;
    if (codePoints.length < token.length + 2) codePoints = new Int32Array(token.length * 2 + 2);
    codePoints[length++] = BOUNDARY;
    for (let i = 0; i < token.length; i++) {
      const cp = i === 0 ? first : (token.codePointAt(i) as number);
      if (cp > 0xffff) i++;
      codePoints[length++] = cp;
    }
    codePoints[length++] = BOUNDARY;
    for (let start = 0; start + options.minN <= length; start++) {
      let h = 0x811c9dc5;
      for (let n = 1; n <= options.maxN && start + n <= length; n++) {
        h = Math.imul(h ^ codePoints[start + n - 1], 0x01000193);
        if (n < options.minN) continue;
        const bucket = mix32(h + n) & mask;
        counter.add(bucket, times ? times[t] : 1);
        visit?.(bucket, t, t);
      }
    }
  }
  return counter;
}
