/**
 * Features of a batch of texts. `dense` holds `count × dims` values row by row. `sparse` holds,
 * for text i, the entries `offsets[i] .. offsets[i+1]` of `indices` (bucket ids below `buckets`)
 * and `values`; the head learns one weight row per bucket.
 */
export interface FeatureBatch {
  count: number;
  dims: number;
  dense: Float32Array;
  sparse?: { buckets: number; offsets: Int32Array; indices: Int32Array; values: Float32Array };
}

/** How a run names its backbone, so the same one can be rebuilt later. */
export interface BackboneRef {
  type: 'builtin';
  id: string;
  version: string;
}

/** Progress of featurization: `done` of `total` texts. */
export interface FeaturizeProgress {
  done: number;
  total: number;
}

/** Options of `Backbone.featurize`. */
export interface FeaturizeOptions {
  signal?: AbortSignal;
  onProgress?: (progress: FeaturizeProgress) => void;
}

/** A frozen feature extractor: turns texts into features the head is trained on. */
export interface Backbone {
  /** Reference stored in run params. */
  readonly ref: BackboneRef;
  /** Dense feature dimensions (0 when the backbone gives only sparse features). */
  readonly dims: number;
  /** Number of sparse buckets (0 when the backbone gives only dense features). */
  readonly buckets: number;
  /** Features of the given texts, in order. */
  featurize(texts: readonly string[], options?: FeaturizeOptions): Promise<FeatureBatch>;
  /** Releases what the backbone holds. */
  dispose(): void;
}
