import { mix32 } from '../util/hash.js';
import { sharedCounter, type BucketCounter } from './bucket-counts.js';
import type { FeatureVisitor } from './hashed-ngrams.js';
import { codePointAt, type TokenSpans } from './tokenize.js';

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
 * script: no word list, no spaces needed. `tokens.times`, when given, is how often each token
 * occurs (tokens then distinct, see `distinctTokens`): the same features, each word cut once.
 */
export function charNgrams(tokens: TokenSpans, options: CharNgramOptions, visit?: FeatureVisitor): { indices: Int32Array; values: Float32Array } {
  return countCharNgrams(tokens, options, visit).take(options.limit);
}

/** Counts a text's character n-grams as `charNgrams` does, in the shared counter it returns (to `take` from). */
export function countCharNgrams(tokens: TokenSpans, options: CharNgramOptions, visit?: FeatureVisitor): BucketCounter {
  const { units, starts, ends, words, times } = tokens;
  const mask = options.buckets - 1;
  const counter = sharedCounter(options.buckets);
  for (let t = 0; t < tokens.count; t++) {
    // Single symbols (punctuation, emoji) are the word view's business.
    if (words[t] === 0) continue;
    const end = ends[t];
    let length = 0;
    if (codePoints.length < end - starts[t] + 2) codePoints = new Int32Array((end - starts[t]) * 2 + 2);
    codePoints[length++] = BOUNDARY;
    for (let i = starts[t]; i < end; i++) {
      const cp = codePointAt(units, i, end);
      if (cp > 0xffff) i++;
      codePoints[length++] = cp;
    }
    codePoints[length++] = BOUNDARY;
    const occurrences = times ? times[t] : 1;
    for (let start = 0; start + options.minN <= length; start++) {
      let h = 0x811c9dc5;
      for (let n = 1; n <= options.maxN && start + n <= length; n++) {
        h = Math.imul(h ^ codePoints[start + n - 1], 0x01000193);
        if (n < options.minN) continue;
        const bucket = mix32(h + n) & mask;
        counter.add(bucket, occurrences);
        visit?.(bucket, t, t);
      }
    }
  }
  return counter;
}
