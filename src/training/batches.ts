import type { FeatureBatch } from '../backbones/backbone.js';
import { GrowableArray } from '../util/growable.js';
import { shuffled } from '../util/random.js';
import { MAX_SPARSE_PER_ROW, rowEntries } from '../backbones/sparse-rows.js';

const BUCKET_WINDOW = 16;

/**
 * One epoch's order of training positions, cut into batches: shuffled, then sorted by sparse
 * length within windows of 16 batches so that each padded batch is about as long as its longest
 * row, then the batches themselves shuffled. Seeded through `random`, so every epoch is
 * reproducible. Returns the positions (batch after batch) and the batch boundaries.
 */
export function epochOrder(rows: readonly number[], batchSize: number, features: FeatureBatch, random: () => number): { order: Int32Array; bounds: number[] } {
  const n = rows.length;
  const length = (i: number) => sparseLength(features, rows[i]);
  const positions = shuffled(Array.from({ length: n }, (_, i) => i), random);
  const batches: number[][] = [];
  const window = batchSize * BUCKET_WINDOW;
  for (let start = 0; start < n; start += window) {
    const sorted = features.sparse ? positions.slice(start, start + window).sort((a, b) => length(a) - length(b)) : positions.slice(start, start + window);
    for (let b = 0; b < sorted.length; b += batchSize) batches.push(sorted.slice(b, b + batchSize));
  }
  const order = new Int32Array(n);
  const bounds = [0];
  let at = 0;
  for (const batch of shuffled(batches, random)) {
    order.set(batch, at);
    at += batch.length;
    bounds.push(at);
  }
  return { order, bounds };
}

function sparseLength(features: FeatureBatch, row: number): number {
  const offsets = features.sparse?.offsets;
  return offsets ? Math.min(MAX_SPARSE_PER_ROW, offsets[row + 1] - offsets[row]) : 0;
}

/** Sparse inputs of one training batch, with bucket ids remapped to the batch's distinct buckets. */
export interface PackedSparseBatch {
  /** Distinct bucket ids touched by the batch (`u`). */
  unique: Int32Array;
  /** `[batch, k]` positions into `unique` (padding points at 0 with value 0). */
  local: Int32Array;
  /** `[batch, k]` values. */
  values: Float32Array;
  k: number;
}

/**
 * The features with each text's sparse entries cut to its `MAX_SPARSE_PER_ROW` largest values
 * (the same entries inference keeps), so that batches can be packed by plain copies. Features
 * already cut (as the embedding cache stores them) are returned as they are.
 */
export function truncateSparse(features: FeatureBatch): FeatureBatch {
  const sparse = features.sparse;
  if (!sparse) return features;
  let longest = 0;
  for (let row = 0; row < features.count; row++) longest = Math.max(longest, sparse.offsets[row + 1] - sparse.offsets[row]);
  if (longest <= MAX_SPARSE_PER_ROW) return features;
  const outOffsets = new Int32Array(sparse.offsets.length);
  const outIndices = new GrowableArray((n) => new Int32Array(n));
  const outValues = new GrowableArray((n) => new Float32Array(n));
  for (let row = 0; row < features.count; row++) {
    const e = rowEntries(sparse, row);
    outIndices.append(e.indices);
    outValues.append(e.values);
    outOffsets[row + 1] = outIndices.length;
  }
  return { ...features, sparse: { buckets: sparse.buckets, offsets: outOffsets, indices: outIndices.toArray(), values: outValues.toArray() } };
}

/**
 * Packs the sparse features of `rows` (already truncated, see `truncateSparse`) for a training
 * step: only the touched table rows take part in the step, so the update costs what the batch
 * touches, not the size of the table. `scratch` (one entry per bucket, all -1) is reused across
 * calls and left all -1.
 */
export function packSparseBatch(features: FeatureBatch, rows: ArrayLike<number>, scratch: Int32Array): PackedSparseBatch {
  const { offsets, indices, values } = features.sparse as NonNullable<FeatureBatch['sparse']>;
  let k = 1;
  let entries = 0;
  for (let i = 0; i < rows.length; i++) {
    const length = offsets[rows[i] + 1] - offsets[rows[i]];
    k = Math.max(k, length);
    entries += length;
  }
  const local = new Int32Array(rows.length * k);
  const outValues = new Float32Array(rows.length * k);
  const unique = new Int32Array(Math.max(1, entries));
  let distinct = 0;
  for (let i = 0; i < rows.length; i++) {
    const start = offsets[rows[i]];
    const end = offsets[rows[i] + 1];
    outValues.set(values.subarray(start, end), i * k);
    for (let at = start, out = i * k; at < end; at++, out++) {
      const bucket = indices[at];
      let position = scratch[bucket];
      if (position < 0) {
        position = scratch[bucket] = distinct;
        unique[distinct++] = bucket;
      }
      local[out] = position;
    }
  }
  for (let u = 0; u < distinct; u++) scratch[unique[u]] = -1;
  return { unique: unique.slice(0, Math.max(1, distinct)), local, values: outValues, k };
}
