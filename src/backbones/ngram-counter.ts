import { sharedCounter, type SparseSink } from './bucket-counts.js';
import { countCharNgrams, type CharNgramOptions } from './char-ngrams.js';
import { countWordNgrams, type HashedNgramOptions } from './hashed-ngrams.js';
import type { TokenSpans } from './tokenize.js';
import { sharedWasmCounter } from './wasm-counter.js';

/** Counts one text's hashed word or character n-grams, then hands out its sparse entries. */
export interface NgramCounter {
  /** Counts the word n-grams of the first `count` token hashes (see `countWordNgrams`). */
  countWords(hashes: Int32Array, count: number, options: HashedNgramOptions): void;
  /** Counts the character n-grams of distinct tokens (see `countCharNgrams`). */
  countChars(spans: Required<TokenSpans>, options: CharNgramOptions): void;
  /** Appends the counted entries (at most `limit`, bucket ids plus `offset`) to `sink` and resets the counter. */
  takeInto(sink: SparseSink, limit: number, offset?: number): void;
}

/**
 * The counter for `buckets` buckets the featurizer uses: in WebAssembly where it runs, else the
 * JavaScript counters (the same entries, in the same order).
 */
export function ngramCounter(buckets: number): NgramCounter {
  return sharedWasmCounter(buckets) ?? {
    countWords: (hashes, count, options) => void countWordNgrams(hashes.subarray(0, count), options),
    countChars: (spans, options) => void countCharNgrams(spans, options),
    takeInto: (sink, limit, offset) => sharedCounter(buckets).takeInto(sink, limit, offset),
  };
}
