import { afterAll, describe, expect, it } from 'vitest';
import { backboneKey, type Backbone, type BuiltinBackboneRef, type FeaturizeOptions } from '../../src/backbones/backbone.js';
import { loadBuiltinBackbone } from '../../src/backbones/builtin.js';
import { EmbeddingCache } from '../../src/backbones/embedding-cache.js';
import { textKey } from '../../src/backbones/content-key.js';
import { resolveBackboneRef } from '../../src/backbones/resolve.js';
import { openSieveDatabase } from '../../src/store/db.js';
import { ASSETS_URL, deleteWorkspaces, freshWorkspace, toyRecords } from './helpers.js';

afterAll(deleteWorkspaces);

const assets = new URL(ASSETS_URL, location.href).href;
const LONG = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ');

/** A real built-in backbone that counts the texts it is asked to featurize. */
async function countingBackbone(id: string): Promise<{ backbone: Backbone; computed: string[] }> {
  const real = await loadBuiltinBackbone(resolveBackboneRef(id) as BuiltinBackboneRef, assets);
  const computed: string[] = [];
  const backbone: Backbone = {
    ref: real.ref,
    dims: real.dims,
    buckets: real.buckets,
    featurize: (texts: readonly string[], options?: FeaturizeOptions) => {
      computed.push(...texts);
      return real.featurize(texts, options);
    },
    dispose: () => real.dispose(),
  };
  return { backbone, computed };
}

describe('embedding cache', () => {
  it('computes each text once per backbone, in memory and across reloads (IndexedDB), and never mixes backbones', async () => {
    const name = `cache-${crypto.randomUUID()}`;
    const db = await openSieveDatabase(name);
    const { backbone, computed } = await countingBackbone('sieve-text');
    const texts = ['the team won', 'bake the bread', 'the team won', LONG];
    const cache = new EmbeddingCache(db);
    const first = await cache.featurize(backbone, texts);
    expect(computed).toEqual(['the team won', 'bake the bread', LONG]);
    const again = await cache.featurize(backbone, texts);
    expect(computed).toHaveLength(3);
    expect(again).toEqual(first);
    // A new cache on the same database (as after a reload) reads IndexedDB.
    const reloaded = await new EmbeddingCache(db).featurize(backbone, [...texts, 'something new']);
    expect(computed).toEqual(['the team won', 'bake the bread', LONG, 'something new']);
    expect(reloaded.dense.subarray(0, 4 * backbone.dims)).toEqual(first.dense);
    // A long text keeps what models use: its 400 words and 399 word pairs, and 1,024 of its character n-grams.
    expect(first.sparse!.offsets[4] - first.sparse!.offsets[3]).toBe(799 + 1024);
    // Another backbone gets its own entries.
    const glove = await countingBackbone('glove-100d');
    await cache.featurize(glove.backbone, texts);
    expect(glove.computed).toHaveLength(3);
    expect((await cache.size()).entries).toBe(4 + 3);
    await cache.clear();
    expect(await cache.size()).toEqual({ entries: 0, bytes: 0 });
    db.close();
    indexedDB.deleteDatabase(`sieve:${name}`);
  });

  it('holds writes back while a run asks it to, serving the entries from memory meanwhile', async () => {
    const name = `cache-${crypto.randomUUID()}`;
    const db = await openSieveDatabase(name);
    const { backbone, computed } = await countingBackbone('sieve-text');
    const cache = new EmbeddingCache(db);
    const release = cache.deferWrites();
    const releaseToo = cache.deferWrites();
    const first = await cache.featurize(backbone, ['the team won', 'bake the bread']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await db.count('embeddings')).toBe(0);
    const swapped = await cache.featurize(backbone, ['bake the bread', 'the team won']);
    expect(swapped.dense.subarray(0, backbone.dims)).toEqual(first.dense.subarray(backbone.dims));
    expect(computed).toHaveLength(2);
    release();
    release(); // a second call of the same release does nothing
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await db.count('embeddings')).toBe(0); // another holder still runs
    releaseToo();
    expect(await db.count('embeddings')).toBe(0); // not on the release itself: the run's result goes first
    // Then written by themselves, without a flush.
    for (let waited = 0; (await db.count('embeddings')) < 2 && waited < 2000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await db.count('embeddings')).toBe(2);
    // Entries are views into the computed batch in memory; IndexedDB gets each array on its own (not the batch's whole buffer).
    for (const entry of await db.getAll('embeddings')) {
      for (const array of [entry.dense, entry.indices!, entry.values!]) expect(array.buffer.byteLength).toBe(array.byteLength);
    }
    // A reload reads them back.
    await new EmbeddingCache(db).featurize(backbone, ['the team won']);
    expect(computed).toHaveLength(2);
    db.close();
    indexedDB.deleteDatabase(`sieve:${name}`);
  });

  it('keys name every option that changes features', () => {
    const ref = (extra: object) => backboneKey(resolveBackboneRef({ type: 'transformers', model: 'm', ...extra }));
    const keys = new Set([ref({}), ref({ pooling: 'cls' }), ref({ normalize: false }), ref({ dtype: 'q8' }), ref({ localModelPath: '/models/' }), backboneKey(resolveBackboneRef('sieve-text'))]);
    expect(keys.size).toBe(6);
    expect(ref({ device: 'webgpu' })).toBe(ref({ device: 'wasm' })); // the device does not change the features
    expect(textKey('abc')).not.toBe(textKey('abd'));
    expect(textKey('abc')).toBe(textKey('abc'));
  });

  it('serves a second training run on the same data, with identical results', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'toy', labels: ['sports', 'cooking'] });
    await ws.datasets.addRecords(ds.id, toyRecords(15));
    const a = await ws.train({ datasetId: ds.id, params: { num_train_epochs: 3 } });
    const cached = await ws.cache.size();
    expect(cached.entries).toBe(12); // distinct texts of toyRecords(15)
    const b = await ws.train({ datasetId: ds.id, params: { num_train_epochs: 3 } });
    expect(await ws.cache.size()).toEqual(cached);
    expect(b.metrics).toEqual(a.metrics);
    await ws.cache.clear();
    expect((await ws.cache.size()).entries).toBe(0);
  });
});
