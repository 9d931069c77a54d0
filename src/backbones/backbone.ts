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
  /**
   * Set on a batch featurized with `{ lease: true }` whose arrays are views of storage the backbone
   * reuses: call it once the batch has been read, and keep nothing of it (the storage goes back to
   * the backbone for its next call). A batch without it is the caller's to keep.
   */
  release?: () => void;
}

/** The kind of content a backbone reads from a record. */
export type Modality = 'text' | 'image' | 'audio' | 'vector';

/** An audio clip as a backbone reads it: the clip and, for a window record, the part of it to read (seconds). */
export interface AudioInput {
  audio: Blob;
  window?: { start: number; end: number };
}

/** What a backbone reads of one item: a text, an image, an audio clip, or a precomputed vector. */
export type BackboneInput = string | Blob | AudioInput | Float32Array;

/** A built-in backbone: shipped with Sieve, no network. */
export interface BuiltinBackboneRef {
  type: 'builtin';
  id: string;
  version: string;
}

/** Features computed elsewhere and carried by each record (`record.vector`), used as they are. */
export interface PrecomputedBackboneRef {
  type: 'precomputed';
  /** Length of every vector (the dataset's `vectorDims`). */
  dims: number;
}

/** Any Transformers.js feature-extraction model (text, image or audio), pooled into one vector per item. */
export interface TransformersBackboneRef {
  type: 'transformers';
  /** What the model reads; absent: `feature-extraction` (text). */
  task?: 'feature-extraction' | 'image-feature-extraction' | 'audio-feature-extraction';
  /** Model id, e.g. "Xenova/all-MiniLM-L6-v2". */
  model: string;
  /** Self-hosted models: load `${localModelPath}${model}/…` and never the Hub. */
  localModelPath?: string;
  /** `auto`: WebGPU on a hardware adapter, else WASM. */
  device: 'auto' | 'webgpu' | 'wasm';
  dtype: 'fp32' | 'fp16' | 'q8';
  pooling: 'mean' | 'cls';
  normalize: boolean;
}

/** How a run names its backbone, so the same one can be rebuilt later. */
export type BackboneRef = BuiltinBackboneRef | TransformersBackboneRef | PrecomputedBackboneRef;

const TASK_MODALITY = { 'feature-extraction': 'text', 'image-feature-extraction': 'image', 'audio-feature-extraction': 'audio' } as const;

/** What a backbone reads of each record. */
export function modalityOf(ref: BackboneRef): Modality {
  if (ref.type === 'precomputed') return 'vector';
  if (ref.type === 'transformers') return TASK_MODALITY[ref.task ?? 'feature-extraction'];
  return 'text';
}

/** Download progress of a backbone's files (Transformers.js models). */
export interface DownloadProgress {
  file: string;
  loaded: number;
  total: number;
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
  /**
   * The caller reads the batch at once and then calls its `release`: a backbone may then hand out
   * views of storage it reuses instead of copies (scoring batch after batch, the copies were a
   * tenth of the page's time). Backbones that do not reuse storage ignore it.
   */
  lease?: boolean;
}

/** A stable string naming a backbone and every option that changes its features (cache keys, registries). */
export function backboneKey(ref: BackboneRef): string {
  if (ref.type === 'builtin') return `builtin:${ref.id}@${ref.version}`;
  if (ref.type === 'precomputed') return `precomputed:${ref.dims}`;
  const task = ref.task && ref.task !== 'feature-extraction' ? `${ref.task}:` : '';
  return `transformers:${task}${ref.model}|${ref.localModelPath ?? 'hub'}|${ref.dtype}|${ref.pooling}|${ref.normalize ? 'normalized' : 'raw'}`;
}

/**
 * A named block of a backbone's features: dense dimensions `start..end`, or sparse buckets
 * `start..end`. Training may weigh views differently or leave some out (see model selection).
 */
export interface FeatureView {
  name: string;
  kind: 'dense' | 'sparse';
  start: number;
  end: number;
}

/**
 * Where a text's features come from, token by token (built-in text backbones): the features are
 * exactly the sum of these parts, so a linear head's logit splits exactly over the tokens.
 */
export interface TextAttribution {
  /** The tokens read, with their UTF-16 offsets into the text. */
  tokens: { text: string; start: number; end: number }[];
  /** Per token, its share of the dense features (their sum is the dense vector), or undefined. */
  dense: (Float32Array | undefined)[];
  /** Every occurrence of a hashed feature: its bucket (the backbone's sparse index) and the first and last token it covers. */
  occurrences: { bucket: number; first: number; last: number }[];
}

/**
 * A frozen feature extractor: turns items (texts, images, audio clips or precomputed vectors, as
 * `modalityOf(ref)` says) into features the head is trained on.
 */
export interface Backbone {
  /** Reference stored in run params. */
  readonly ref: BackboneRef;
  /** Dense feature dimensions (0 when the backbone gives only sparse features). */
  readonly dims: number;
  /** Number of sparse buckets (0 when the backbone gives only dense features). */
  readonly buckets: number;
  /** The views its features are made of; absent: one view of all dense dimensions (`vectors`). */
  readonly views?: readonly FeatureView[];
  /** Features of the given items (each of the backbone's modality), in order. */
  featurize(inputs: readonly BackboneInput[], options?: FeaturizeOptions): Promise<FeatureBatch>;
  /** Where one text's features come from, token by token (built-in text backbones only). */
  attribute?(text: string): TextAttribution;
  /** Releases what the backbone holds. */
  dispose(): void;
}
