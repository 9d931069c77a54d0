import { MAX_SPARSE_PER_ROW, topByValue } from './sparse-rows.js';
import type { SieveDatabase } from '../store/db.js';
import type { CachedEmbedding } from '../store/schema.js';
import { GrowableArray } from '../util/growable.js';
import { backboneKey, type Backbone, type FeatureBatch, type FeaturizeOptions } from './backbone.js';

/** Most bytes of features the in-memory layer keeps (oldest entries go first). */
const MEMORY_BYTES = 256 * 2 ** 20;

/** 64-bit hash of a text (two seeded FNV-1a passes) with its length: the text part of a cache key. */
export function textKey(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return `${(a >>> 0).toString(16).padStart(8, '0')}${(b >>> 0).toString(16).padStart(8, '0')}:${text.length}`;
}

function bytesOf(entry: CachedEmbedding): number {
  return entry.dense.byteLength + (entry.indices?.byteLength ?? 0) + (entry.values?.byteLength ?? 0) + 64;
}

/**
 * Features computed once per (backbone, text): an in-memory layer for this page and IndexedDB
 * for later visits. Keys name the backbone with every option that changes its features
 * (`backboneKey`), so a changed backbone never reuses stale vectors.
 */
export class EmbeddingCache {
  private readonly memory = new Map<string, CachedEmbedding>();
  private memoryBytes = 0;

  constructor(private readonly db: SieveDatabase) {}

  /** Features of `texts` in order: cached ones are read, the rest computed by `backbone` and stored. */
  async featurize(backbone: Backbone, texts: readonly string[], options: FeaturizeOptions = {}): Promise<FeatureBatch> {
    const key = backboneKey(backbone.ref);
    const keys = texts.map(textKey);
    const found = new Map<string, CachedEmbedding>();
    const unseen: string[] = [];
    for (const k of new Set(keys)) {
      const hit = this.memory.get(`${key}|${k}`);
      if (hit) found.set(k, hit);
      else unseen.push(k);
    }
    if (unseen.length) {
      const tx = this.db.transaction('embeddings');
      const stored = await Promise.all(unseen.map((k) => tx.store.get([key, k])));
      stored.forEach((entry, i) => entry && found.set(unseen[i], this.remember(entry)));
    }
    const missing = [...new Set(keys.filter((k) => !found.has(k)))];
    if (missing.length) {
      const textOf = new Map(keys.map((k, i) => [k, texts[i]]));
      const computed = await backbone.featurize(
        missing.map((k) => textOf.get(k) as string),
        { signal: options.signal, onProgress: (p) => options.onProgress?.({ done: texts.length - missing.length + p.done, total: texts.length }) },
      );
      const entries = missing.map((k, i) => this.remember(entryOf(key, k, computed, i)));
      const tx = this.db.transaction('embeddings', 'readwrite');
      for (const entry of entries) void tx.store.put(entry);
      await tx.done;
      entries.forEach((entry) => found.set(entry.text, entry));
    } else {
      options.onProgress?.({ done: texts.length, total: texts.length });
    }
    return assemble(backbone, keys.map((k) => found.get(k) as CachedEmbedding));
  }

  /** Cached texts (all backbones) and their bytes in IndexedDB. */
  async size(): Promise<{ entries: number; bytes: number }> {
    let entries = 0;
    let bytes = 0;
    for (let cursor = await this.db.transaction('embeddings').store.openCursor(); cursor; cursor = await cursor.continue()) {
      entries++;
      bytes += bytesOf(cursor.value);
    }
    return { entries, bytes };
  }

  /** Empties the cache (both layers). */
  async clear(): Promise<void> {
    this.memory.clear();
    this.memoryBytes = 0;
    await this.db.clear('embeddings');
  }

  private remember(entry: CachedEmbedding): CachedEmbedding {
    const id = `${entry.backbone}|${entry.text}`;
    if (!this.memory.has(id)) {
      this.memory.set(id, entry);
      this.memoryBytes += bytesOf(entry);
      for (const [oldest, old] of this.memory) {
        if (this.memoryBytes <= MEMORY_BYTES) break;
        this.memory.delete(oldest);
        this.memoryBytes -= bytesOf(old);
      }
    }
    return entry;
  }
}

/** Row `i` of a feature batch as a cache entry: sparse entries cut to the ones models use, in the order they use them. */
function entryOf(backbone: string, text: string, batch: FeatureBatch, i: number): CachedEmbedding {
  const entry: CachedEmbedding = { backbone, text, dense: batch.dense.slice(i * batch.dims, (i + 1) * batch.dims) };
  if (batch.sparse) {
    const { offsets, indices, values } = batch.sparse;
    const [start, end] = [offsets[i], offsets[i + 1]];
    const kept = end - start <= MAX_SPARSE_PER_ROW ? undefined : topByValue(values, start, end, MAX_SPARSE_PER_ROW);
    entry.indices = kept ? Int32Array.from(kept, (at) => indices[at]) : indices.slice(start, end);
    entry.values = kept ? Float32Array.from(kept, (at) => values[at]) : values.slice(start, end);
  }
  return entry;
}

function assemble(backbone: Backbone, entries: CachedEmbedding[]): FeatureBatch {
  const dims = backbone.dims;
  const dense = new Float32Array(entries.length * dims);
  entries.forEach((e, i) => dense.set(e.dense, i * dims));
  const batch: FeatureBatch = { count: entries.length, dims, dense };
  if (backbone.buckets > 0) {
    const offsets = new Int32Array(entries.length + 1);
    const indices = new GrowableArray((n) => new Int32Array(n));
    const values = new GrowableArray((n) => new Float32Array(n));
    entries.forEach((e, i) => {
      e.indices?.forEach((v) => indices.push(v));
      e.values?.forEach((v) => values.push(v));
      offsets[i + 1] = indices.length;
    });
    batch.sparse = { buckets: backbone.buckets, offsets, indices: indices.toArray(), values: values.toArray() };
  }
  return batch;
}
