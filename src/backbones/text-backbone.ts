import { GrowableArray } from '../util/growable.js';
import { fnv1a } from '../util/hash.js';
import { yieldToBrowser } from '../util/yield.js';
import type { Backbone, BackboneRef, FeatureBatch, FeatureView, FeaturizeOptions } from './backbone.js';
import { charNgrams, type CharNgramOptions } from './char-ngrams.js';
import { hashedNgrams, type HashedNgramOptions } from './hashed-ngrams.js';
import { poolStaticVectors } from './static-vectors.js';
import { tokenize } from './tokenize.js';
import type { VectorTable } from './vector-file.js';

/** What a built-in text backbone is made of. */
export interface TextBackboneConfig {
  ref: BackboneRef;
  /** Pretrained word vectors, mean-pooled into dense features. */
  vectors?: VectorTable;
  /** Hashed word n-grams, given to the head as sparse features (buckets 0 .. ngrams.buckets). */
  ngrams?: HashedNgramOptions;
  /** Hashed character n-grams, sparse features in the buckets after the word n-grams'. */
  chars?: CharNgramOptions;
  /** Tokens read per text; the rest is ignored. */
  maxTokens: number;
}

const CHUNK_MS = 30;

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

  constructor(private readonly config: TextBackboneConfig) {
    this.ref = config.ref;
    this.dims = config.vectors?.dims ?? 0;
    const words = config.ngrams?.buckets ?? 0;
    this.buckets = words + (config.chars?.buckets ?? 0);
    this.views = [
      ...(config.vectors ? [{ name: 'vectors', kind: 'dense', start: 0, end: this.dims } as const] : []),
      ...(config.ngrams ? [{ name: 'words', kind: 'sparse', start: 0, end: words } as const] : []),
      ...(config.chars ? [{ name: 'chars', kind: 'sparse', start: words, end: this.buckets } as const] : []),
    ];
  }

  async featurize(texts: readonly string[], options: FeaturizeOptions = {}): Promise<FeatureBatch> {
    const { vectors, ngrams, chars, maxTokens } = this.config;
    const charOffset = ngrams?.buckets ?? 0;
    const count = texts.length;
    const dense = new Float32Array(count * this.dims);
    const offsets = new Int32Array(count + 1);
    const indices = new GrowableArray((n) => new Int32Array(n));
    const values = new GrowableArray((n) => new Float32Array(n));
    let chunkStart = performance.now();
    for (let i = 0; i < count; i++) {
      const tokens = tokenize(texts[i], maxTokens);
      const hashes = tokens.map(fnv1a);
      if (vectors) poolStaticVectors(tokens, hashes, vectors, dense.subarray(i * this.dims, (i + 1) * this.dims));
      if (ngrams) {
        const features = hashedNgrams(hashes, ngrams);
        indices.append(features.indices);
        values.append(features.values);
      }
      if (chars) {
        const features = charNgrams(tokens, chars);
        for (let k = 0; k < features.indices.length; k++) features.indices[k] += charOffset;
        indices.append(features.indices);
        values.append(features.values);
      }
      offsets[i + 1] = indices.length;
      if (performance.now() - chunkStart > CHUNK_MS) {
        options.onProgress?.({ done: i + 1, total: count });
        await yieldToBrowser(options.signal);
        chunkStart = performance.now();
      }
    }
    options.signal?.throwIfAborted();
    options.onProgress?.({ done: count, total: count });
    const batch: FeatureBatch = { count, dims: this.dims, dense };
    if (this.buckets > 0) {
      batch.sparse = { buckets: this.buckets, offsets, indices: indices.toArray(), values: values.toArray() };
    }
    return batch;
  }

  dispose(): void {
    // Vector tables are shared between backbones through the asset cache; nothing to free here.
  }
}
