import { GrowableArray } from '../util/growable.js';
import { yieldToBrowser } from '../util/yield.js';
import type { Backbone, BackboneRef, FeatureBatch, FeatureView, FeaturizeOptions, TextAttribution } from './backbone.js';
import type { SparseSink } from './bucket-counts.js';
import { charNgrams, type CharNgramOptions } from './char-ngrams.js';
import { distinctTokens } from './distinct-tokens.js';
import { hashedNgrams, type HashedNgramOptions } from './hashed-ngrams.js';
import { ngramCounter } from './ngram-counter.js';
import { frequencyWeights, poolStaticVectors } from './static-vectors.js';
import type { LowerCasedText } from './lower-cased-text.js';
import { tokenSpans } from './tokenize.js';
import { vectorRow, type VectorTable } from './vector-file.js';

/** What a built-in text backbone is made of. */
export interface TextBackboneConfig {
  ref: BackboneRef;
  /** Pretrained word vectors, pooled into dense features (see `pooling`). */
  vectors?: VectorTable;
  /**
   * How word vectors are pooled: a plain mean, or each word weighted by its smooth inverse
   * frequency (`frequencyWeights`; the table's rows must be ordered by frequency). Default: mean.
   */
  pooling?: 'mean' | 'frequency-weighted';
  /** Hashed word n-grams, given to the head as sparse features (buckets 0 .. ngrams.buckets). */
  ngrams?: HashedNgramOptions;
  /** Hashed character n-grams, sparse features in the buckets after the word n-grams'. */
  chars?: CharNgramOptions;
  /** Tokens read per text; the rest is ignored. */
  maxTokens: number;
}

const CHUNK_MS = 30;
/** Largest sparse arrays (entries) kept for the next call: batches of a few hundred texts reuse them, a training set's are let go. */
const SPARE_SINK_ENTRIES = 1 << 20;
/** Texts featurized before the sparse arrays are sized for all of them. */
const SIZE_SAMPLE = 32;

/**
 * The built-in text backbones: pooled pretrained word vectors (the dense `vectors` view), hashed
 * word n-grams (the sparse `words` view) and hashed character n-grams (the sparse `chars` view),
 * each view present or not.
 */
export class TextBackbone implements Backbone {
  readonly ref: BackboneRef;
  readonly dims: number;
  readonly buckets: number;
  readonly views: FeatureView[];
  /** Growable arrays of earlier calls, emptied and reused (calls may overlap: each takes its own). */
  private readonly spareSinks: SparseSink[] = [];
  /** Each vector row's weight in the pooled vector (frequency-weighted pooling only). */
  private readonly rowWeights?: Float32Array;

  constructor(private readonly config: TextBackboneConfig) {
    this.ref = config.ref;
    this.dims = config.vectors?.dims ?? 0;
    if (config.vectors && config.pooling === 'frequency-weighted') this.rowWeights = frequencyWeights(config.vectors.words.length);
    const words = config.ngrams?.buckets ?? 0;
    this.buckets = words + (config.chars?.buckets ?? 0);
    this.views = [
      ...(config.vectors ? [{ name: 'vectors', kind: 'dense', start: 0, end: this.dims } as const] : []),
      ...(config.ngrams ? [{ name: 'words', kind: 'sparse', start: 0, end: words } as const] : []),
      ...(config.chars ? [{ name: 'chars', kind: 'sparse', start: words, end: this.buckets } as const] : []),
    ];
  }

  /** Features of texts: strings, or texts their reader has decoded and lower-cased (`LowerCasedText`), which give the same features as the strings. */
  featurize(texts: readonly string[], options?: FeaturizeOptions): Promise<FeatureBatch>;
  featurize(texts: readonly (string | LowerCasedText)[], options?: FeaturizeOptions): Promise<FeatureBatch>;
  async featurize(texts: readonly (string | LowerCasedText)[], options: FeaturizeOptions = {}): Promise<FeatureBatch> {
    const { vectors, ngrams, chars, maxTokens } = this.config;
    const charOffset = ngrams?.buckets ?? 0;
    const count = texts.length;
    const dense = new Float32Array(count * this.dims);
    const offsets = new Int32Array(count + 1);
    // Reused storage: scoring batch after batch, growing new arrays each time was most of the memory churn.
    const sink = this.spareSinks.pop() ?? { indices: new GrowableArray((n) => new Int32Array(n)), values: new GrowableArray((n) => new Float32Array(n)) };
    sink.indices.clear();
    sink.values.clear();
    const wordCounter = ngrams && ngramCounter(ngrams.buckets);
    const charCounter = chars && ngramCounter(chars.buckets);
    let chunkStart = performance.now();
    for (let i = 0; i < count; i++) {
      const tokens = tokenSpans(texts[i], maxTokens);
      const distinct = vectors || chars ? distinctTokens(tokens) : undefined;
      if (vectors && distinct) poolStaticVectors(distinct, vectors, dense.subarray(i * this.dims, (i + 1) * this.dims), this.rowWeights);
      if (ngrams && wordCounter) {
        wordCounter.countWords(tokens.hashes, tokens.count, ngrams);
        wordCounter.takeInto(sink, ngrams.limit);
      }
      if (chars && distinct && charCounter) {
        charCounter.countChars(distinct, chars);
        charCounter.takeInto(sink, chars.limit, charOffset);
      }
      offsets[i + 1] = sink.indices.length;
      if (i + 1 === SIZE_SAMPLE && count > 2 * SIZE_SAMPLE) {
        // Room for all the texts at once, guessed from the first ones (a training set grew by a dozen doublings).
        const expected = Math.ceil((sink.indices.length / SIZE_SAMPLE) * count * 1.1);
        sink.indices.reserveTotal(expected);
        sink.values.reserveTotal(expected);
      }
      if (performance.now() - chunkStart > CHUNK_MS) {
        options.onProgress?.({ done: i + 1, total: count });
        await yieldToBrowser(options.signal);
        chunkStart = performance.now();
      }
    }
    options.signal?.throwIfAborted();
    options.onProgress?.({ done: count, total: count });
    const batch: FeatureBatch = { count, dims: this.dims, dense };
    // Storage small enough to keep is kept for the next call: lent out as it is until the caller
    // releases the batch, or copied out. A bigger one is handed over.
    const keep = sink.indices.capacity <= SPARE_SINK_ENTRIES;
    if (this.buckets > 0) {
      const [indices, values] = keep && options.lease ? [sink.indices.view(), sink.values.view()] : keep ? [sink.indices.toArray(), sink.values.toArray()] : [sink.indices.detach(), sink.values.detach()];
      batch.sparse = { buckets: this.buckets, offsets, indices, values };
    }
    if (keep && options.lease) {
      let released = false;
      batch.release = () => {
        if (!released) this.spareSinks.push(sink);
        released = true;
      };
    } else if (keep) {
      this.spareSinks.push(sink);
    }
    return batch;
  }

  /**
   * Where one text's features come from: each token's share of the pooled vector (its word
   * vector over the pooled sum's norm; the shares add up to the dense features) and every hashed
   * word n-gram and character n-gram occurrence with its bucket. Offsets point into `text`.
   */
  attribute(text: string): TextAttribution {
    const { vectors, ngrams, chars, maxTokens } = this.config;
    const tokens = tokenSpans(text, maxTokens);
    const { units, count, starts, ends } = tokens;
    const hashes = tokens.hashes.subarray(0, count);
    const offsets = originalOffsets(text);
    const dense: (Float32Array | undefined)[] = Array.from({ length: count }, () => undefined);
    if (vectors) {
      const pooled = new Float32Array(this.dims);
      // The pooled vector before scaling: its norm divides every token's share.
      const rows = Array.from(hashes, (hash, t) => vectors.index.rowOf(units, starts[t], ends[t], hash));
      const rowVectors = rows.map((row) => (row >= 0 ? weighted(vectorRow(vectors, row), this.rowWeights?.[row]) : undefined));
      for (const vector of rowVectors) if (vector) for (let d = 0; d < this.dims; d++) pooled[d] += vector[d];
      let norm = 0;
      for (let d = 0; d < this.dims; d++) norm += pooled[d] * pooled[d];
      norm = Math.sqrt(norm) || 1;
      rowVectors.forEach((vector, t) => {
        if (vector) dense[t] = vector.map((v) => v / norm);
      });
    }
    const occurrences: TextAttribution['occurrences'] = [];
    if (ngrams) hashedNgrams(hashes, ngrams, (bucket, first, last) => occurrences.push({ bucket, first, last }));
    const charOffset = ngrams?.buckets ?? 0;
    if (chars) charNgrams(tokens, chars, (bucket, first, last) => occurrences.push({ bucket: bucket + charOffset, first, last }));
    return {
      tokens: Array.from(hashes, (_, t) => ({ text: text.slice(offsets(starts[t]), offsets(ends[t])), start: offsets(starts[t]), end: offsets(ends[t]) })),
      dense,
      occurrences,
    };
  }

  dispose(): void {
    // Vector tables are shared between backbones through the asset cache; nothing to free here.
  }
}

/** `vector` times `weight` (in place), or as it is without a weight. */
function weighted(vector: Float32Array, weight: number | undefined): Float32Array {
  if (weight !== undefined) for (let d = 0; d < vector.length; d++) vector[d] *= weight;
  return vector;
}

/**
 * Maps an offset into `text.toLowerCase()` to the offset in `text`: the same unless lower-casing
 * changed a character's length (as "İ" does), then counted code point by code point.
 */
function originalOffsets(text: string): (lowerOffset: number) => number {
  if (text.toLowerCase().length === text.length) return (offset) => offset;
  const map: number[] = [];
  for (let i = 0; i < text.length; ) {
    const size = (text.codePointAt(i) as number) > 0xffff ? 2 : 1;
    const lowered = text.slice(i, i + size).toLowerCase().length;
    for (let k = 0; k < lowered; k++) map.push(i);
    i += size;
  }
  map.push(text.length);
  return (offset) => map[Math.min(offset, map.length - 1)];
}
