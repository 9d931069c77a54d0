import { unwrap } from 'idb';
import { rowEntries } from './sparse-rows.js';
import type { SieveDatabase } from '../store/db.js';
import type { CachedEmbedding } from '../store/schema.js';
import { backboneKey, type Backbone, type BackboneInput, type FeatureBatch, type FeaturizeOptions } from './backbone.js';
import { contentKeys, textKey } from './content-key.js';

/** Most bytes of features the in-memory layer keeps (oldest entries go first). */
const MEMORY_BYTES = 256 * 2 ** 20;
/** Assembled batches kept for repeated calls with the same texts. */
const RECENT_BATCHES = 4;
/** Above this many texts not in memory, IndexedDB is read with one range request. */
const BULK_READ = 256;

function bytesOf(entry: CachedEmbedding): number {
  return entry.dense.byteLength + (entry.indices?.byteLength ?? 0) + (entry.values?.byteLength ?? 0) + 64;
}

/**
 * Features computed once per (backbone, item): an in-memory layer for this page and IndexedDB
 * for later visits. Keys name the backbone with every option that changes its features
 * (`backboneKey`), so a changed backbone never reuses stale vectors.
 */
export class EmbeddingCache {
  private readonly memory = new Map<string, CachedEmbedding>();
  private memoryBytes = 0;
  private pending: Promise<void> = Promise.resolve();
  /** Runs under way that asked writes to wait (see `deferWrites`), and the entries waiting. */
  private deferrals = 0;
  private waiting: CachedEmbedding[] = [];
  /** The last few assembled batches: retraining on the same texts skips even the assembly. Never mutated. */
  private readonly recentBatches = new Map<string, FeatureBatch>();

  /** @internal Made by the workspace, on its database. */
  constructor(private readonly db: SieveDatabase) {}

  /** Features of `texts` (or media, keyed by their bytes) in order: cached ones are read, the rest computed by `backbone` and stored. */
  async featurize(backbone: Backbone, texts: readonly BackboneInput[], options: FeaturizeOptions = {}): Promise<FeatureBatch> {
    const key = backboneKey(backbone.ref);
    const keys = await contentKeys(texts);
    const batchKey = `${key}|${textKey(keys.join(','))}`;
    const recent = this.recentBatches.get(batchKey);
    if (recent) {
      options.onProgress?.({ done: texts.length, total: texts.length });
      return recent;
    }
    const found = new Map<string, CachedEmbedding>();
    const unseen: string[] = [];
    for (const k of new Set(keys)) {
      const hit = this.memory.get(`${key}|${k}`);
      if (hit) found.set(k, hit);
      else unseen.push(k);
    }
    if (unseen.length > BULK_READ) {
      // Many texts: one range read of the backbone's entries beats thousands of lookups.
      const wanted = new Set(unseen);
      for (const entry of await this.db.getAll('embeddings', IDBKeyRange.bound([key, ''], [key, '\uffff']))) {
        if (wanted.has(entry.text)) found.set(entry.text, this.remember(entry));
      }
    } else if (unseen.length) {
      const tx = this.db.transaction('embeddings');
      const stored = await Promise.all(unseen.map((k) => tx.store.get([key, k])));
      stored.forEach((entry, i) => entry && found.set(unseen[i], this.remember(entry)));
    }
    const missing = [...new Set(keys.filter((k) => !found.has(k)))];
    let fresh: FeatureBatch | undefined;
    if (missing.length) {
      const textOf = new Map(keys.map((k, i) => [k, texts[i]]));
      const computed = await backbone.featurize(
        missing.map((k) => textOf.get(k) as BackboneInput),
        { signal: options.signal, onProgress: (p) => options.onProgress?.({ done: texts.length - missing.length + p.done, total: texts.length }) },
      );
      const entries = missing.map((k, i) => this.remember(entryOf(key, k, computed, i)));
      if (missing.length === keys.length) fresh = cutLikeEntries(computed, entries);
      entries.forEach((entry) => found.set(entry.text, entry));
      // Stored in the background: the caller need not wait, and a lost write only costs a recomputation.
      if (this.deferrals > 0) this.waiting = this.waiting.concat(entries);
      else this.pending = this.persist(entries);
    } else {
      options.onProgress?.({ done: texts.length, total: texts.length });
    }
    // Nothing was cached and no text repeats: the computed batch is the answer as it is.
    const batch = fresh ?? assemble(backbone, keys.map((k) => found.get(k) as CachedEmbedding));
    this.recentBatches.set(batchKey, batch);
    if (this.recentBatches.size > RECENT_BATCHES) this.recentBatches.delete(this.recentBatches.keys().next().value as string);
    return batch;
  }

  /**
   * Holds IndexedDB writes back until the returned function is called (every holder's, when
   * several): a training run calls it first, so that storing its texts' features (structured
   * cloning, on this thread) does not take turns with its training. Entries stay in memory and
   * are served meanwhile.
   */
  deferWrites(): () => void {
    this.deferrals++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // Started as a task of its own, so that the run's result reaches its caller first; a run
      // that starts meanwhile holds them back again.
      if (--this.deferrals === 0) setTimeout(() => this.deferrals === 0 && this.writeWaiting(), 0);
    };
  }

  private writeWaiting(): void {
    if (!this.waiting.length) return;
    this.pending = this.persist(this.waiting);
    this.waiting = [];
  }

  /** Resolves when every entry computed so far is in IndexedDB (writes held back by `deferWrites` are written first). */
  async flush(): Promise<void> {
    this.writeWaiting();
    await this.pending;
  }

  /** Cached texts (all backbones) and their bytes in IndexedDB. */
  async size(): Promise<{ entries: number; bytes: number }> {
    await this.flush();
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
    await this.flush();
    this.memory.clear();
    this.recentBatches.clear();
    this.waiting = [];
    this.memoryBytes = 0;
    await this.db.clear('embeddings');
  }

  private async persist(entries: CachedEmbedding[]): Promise<void> {
    await this.pending;
    try {
      const tx = this.db.transaction('embeddings', 'readwrite');
      // The raw store: thousands of puts without a promise each (their results are not needed).
      const store = unwrap(tx.store);
      for (const entry of entries) store.put(storedCopy(entry));
      await tx.done;
    } catch {
      // The database closed or is full: the entries stay in memory and are recomputed after a reload.
    }
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

/**
 * Row `i` of a feature batch as a cache entry: sparse entries cut to the ones models use, in the
 * order they use them. Its arrays are views into the batch (copying every row cost a tenth of
 * featurizing a training set), so the memory layer keeps a batch while any of its rows is kept;
 * `storedCopy` copies them when they are written.
 */
function entryOf(backbone: string, text: string, batch: FeatureBatch, i: number): CachedEmbedding {
  const entry: CachedEmbedding = { backbone, text, dense: batch.dense.subarray(i * batch.dims, (i + 1) * batch.dims) };
  if (batch.sparse) Object.assign(entry, rowEntries(batch.sparse, i));
  return entry;
}

/** An array that is all of its buffer, as it is; a view, copied (IndexedDB would store the whole buffer it views). */
function own<T extends Float32Array | Int32Array>(array: T): T {
  return array.byteOffset === 0 && array.byteLength === array.buffer.byteLength ? array : (array.slice() as T);
}

/** `entry` as IndexedDB should store it: each array its own buffer. */
function storedCopy(entry: CachedEmbedding): CachedEmbedding {
  return {
    ...entry,
    dense: own(entry.dense),
    ...(entry.indices ? { indices: own(entry.indices) } : {}),
    ...(entry.values ? { values: own(entry.values) } : {}),
  };
}

/** `batch` as the cache would assemble it from `entries` (its rows): itself, unless some rows were cut. */
function cutLikeEntries(batch: FeatureBatch, entries: CachedEmbedding[]): FeatureBatch | undefined {
  const sparse = batch.sparse;
  if (!sparse) return batch;
  return entries.every((e, i) => (e.indices?.length ?? 0) === sparse.offsets[i + 1] - sparse.offsets[i]) ? batch : undefined;
}

function assemble(backbone: Backbone, entries: CachedEmbedding[]): FeatureBatch {
  const dims = backbone.dims;
  const dense = new Float32Array(entries.length * dims);
  entries.forEach((e, i) => dense.set(e.dense, i * dims));
  const batch: FeatureBatch = { count: entries.length, dims, dense };
  if (backbone.buckets > 0) {
    const offsets = new Int32Array(entries.length + 1);
    entries.forEach((e, i) => (offsets[i + 1] = offsets[i] + (e.indices?.length ?? 0)));
    const indices = new Int32Array(offsets[entries.length]);
    const values = new Float32Array(offsets[entries.length]);
    entries.forEach((e, i) => {
      if (e.indices) indices.set(e.indices, offsets[i]);
      if (e.values) values.set(e.values, offsets[i]);
    });
    batch.sparse = { buckets: backbone.buckets, offsets, indices, values };
  }
  return batch;
}
