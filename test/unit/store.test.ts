import { afterAll, describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { NotFoundError, openWorkspace, StorageError, ValidationError } from '../../src/index.js';
import { databaseName, SCHEMA_VERSION } from '../../src/store/db.js';
import { ASSETS_URL, deleteWorkspaces, freshWorkspace } from './helpers.js';

afterAll(deleteWorkspaces);

describe('datasets', () => {
  it('creates datasets and refuses bad definitions with every problem named', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'emails', labels: ['ham', 'spam'], description: 'd' });
    expect(ds).toMatchObject({ name: 'emails', labels: ['ham', 'spam'], multiLabel: false, description: 'd' });
    expect(await ws.datasets.get(ds.id)).toEqual(ds);
    const error = await ws.datasets.create({ name: ' ', labels: ['a', 'a', ''] }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.problems.map((p: { field: string }) => p.field)).toEqual(['name', 'labels[1]', 'labels[2]']);
    await expect(ws.datasets.create({ name: 'x', labels: ['only'] })).rejects.toThrow(/at least two/);
    // Holes are missing labels; kinds are checked; a label set no model could store is refused up front.
    const holes = await ws.datasets.create({ name: 'x', labels: ['a', , 'c'] as string[], multiLabel: 'no' as never, description: 3 as never }).catch((e) => e);
    expect(holes.problems.map((p: { field: string }) => p.field)).toEqual(['labels[1]', 'multiLabel', 'description']);
    await expect(ws.datasets.create({ name: 'x', labels: Array.from({ length: 201 }, (_, i) => `l${i}`) })).rejects.toThrow(/at most 200 labels: a head on the default backbone takes about 0.5 MB of weights per label/);
    await expect(ws.datasets.get('nope')).rejects.toThrow(NotFoundError);
  });

  it('adds records in order and returns how many', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'd', labels: ['a', 'b'] });
    expect(await ws.datasets.addRecords(ds.id, [{ id: 'r1', text: 'one', label: 'a' }, { text: 'two' }])).toEqual({ added: 2 });
    expect(await ws.datasets.addRecords(ds.id, [{ text: 'three', label: 'b', split: 'test', metadata: { k: 1 } }])).toEqual({ added: 1 });
    const records = await ws.datasets.records(ds.id);
    expect(records.map((r) => r.text)).toEqual(['one', 'two', 'three']);
    expect(records[0]).toMatchObject({ id: 'r1', label: 'a' });
    expect(records[1].label).toBeUndefined();
    expect(records[2]).toMatchObject({ split: 'test', metadata: { k: 1 } });
  });

  it('refuses a bad batch whole, naming each record index, field and value', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'd', labels: ['a', 'b'] });
    await ws.datasets.addRecords(ds.id, [{ id: 'taken', text: 'x' }]);
    const error = await ws.datasets
      .addRecords(ds.id, [
        { text: 'fine', label: 'a' },
        { text: '' },
        { text: 42 as unknown as string },
        { text: 'ok', label: 'c' },
        { id: 'dup', text: 'first' },
        { id: 'dup', text: 'second' },
        { id: 'taken', text: 'again' },
        { text: 'x', split: 'dev' as 'test' },
      ])
      .catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.problems.map((p: { index: number; field: string }) => [p.index, p.field])).toEqual([
      [1, 'text'],
      [2, 'text'],
      [3, 'label'],
      [5, 'id'],
      [6, 'id'],
      [7, 'split'],
    ]);
    expect(error.message).toMatch(/record 3, field "label": label is not in the dataset.s labels .*\(got "c"\)/);
    expect(error.message).toMatch(/nothing was written/);
    expect((await ws.datasets.records(ds.id)).length).toBe(1);
  });

  it('refuses metadata that is not plain data, naming record and path, and writes nothing of the call', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'd', labels: ['a', 'b'] });
    await ws.datasets.addRecords(ds.id, [{ text: 'kept', label: 'a' }]);
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 5000; i++) deep = { deep };
    const nullProto = Object.assign(Object.create(null), { ok: true });
    const cases: [unknown, RegExp][] = [
      [{ f: () => 1 }, /metadata.f is a function/],
      [{ s: Symbol('x') }, /metadata.s is a symbol/],
      [{ node: document.createElement('div') }, /metadata.node is a HTMLDivElement/],
      [{ n: 10n }, /metadata.n is a bigint/],
      [cyclic, /metadata.self refers back/],
      [deep, /nests deeper than 32 levels/],
      [{ when: new Date(0) }, /metadata.when is a Date/],
      [{ x: Number.NaN }, /metadata.x is NaN/],
      [{ list: [1, , 3] }, /metadata.list\[1\] is a hole/],
      [{ big: 'x'.repeat(1_100_000) }, /takes \d+ bytes as JSON/],
      [new Map(), /metadata must be a plain object/],
    ];
    for (const [metadata, reason] of cases) {
      const error = await ws.datasets.addRecords(ds.id, [{ text: 'fine', label: 'a' }, { text: 'bad', label: 'b', metadata: metadata as Record<string, unknown> }]).catch((e) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.problems).toEqual([expect.objectContaining({ index: 1, field: 'metadata', reason: expect.stringMatching(reason) })]);
    }
    expect((await ws.datasets.records(ds.id)).map((r) => r.text)).toEqual(['kept']);
    await ws.datasets.addRecords(ds.id, [{ text: 'plain', metadata: { nested: { list: [1, 'two', null, true] }, proto: nullProto } }]);
    expect((await ws.datasets.records(ds.id)).map((r) => r.text)).toEqual(['kept', 'plain']);
    // A problem about a null-prototype value still makes a readable message.
    expect(new ValidationError('x', [{ field: 'f', value: Object.create(null), reason: 'r' }]).message).toMatch(/field "f": r \(got \[object Object\]\)/);
  });

  it('labels a record, refusing labels outside the set and unknown records', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'd', labels: ['a', 'b'] });
    await ws.datasets.addRecords(ds.id, [{ id: 'r', text: 'x' }]);
    expect((await ws.datasets.annotate(ds.id, 'r', { label: 'b' })).label).toBe('b');
    expect((await ws.datasets.records(ds.id))[0].label).toBe('b');
    await expect(ws.datasets.annotate(ds.id, 'r', { label: 'z' })).rejects.toThrow(ValidationError);
    await expect(ws.datasets.annotate(ds.id, 'missing', { label: 'a' })).rejects.toThrow(NotFoundError);
    expect((await ws.datasets.annotate(ds.id, 'r', { label: null })).label).toBeUndefined();
  });

  it('handles multi-label datasets', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'm', labels: ['x', 'y', 'z'], multiLabel: true });
    await ws.datasets.addRecords(ds.id, [{ text: 't', labels: ['x', 'z', 'x'] }]);
    expect((await ws.datasets.records(ds.id))[0].labels).toEqual(['x', 'z']);
    await expect(ws.datasets.addRecords(ds.id, [{ text: 't', label: 'x' }])).rejects.toThrow(/multi-label: use "labels"/);
  });

  it('deletes a dataset with its records', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'd', labels: ['a', 'b'] });
    await ws.datasets.addRecords(ds.id, [{ text: 'x' }, { text: 'y' }]);
    const other = await ws.datasets.create({ name: 'o', labels: ['a', 'b'] });
    await ws.datasets.addRecords(other.id, [{ text: 'z' }]);
    await ws.datasets.delete(ds.id);
    expect((await ws.datasets.list()).map((d) => d.name)).toEqual(['o']);
    expect((await ws.datasets.records(other.id)).length).toBe(1);
    await expect(ws.datasets.records(ds.id)).rejects.toThrow(NotFoundError);
  });
});

describe('persistence', () => {
  it('keeps datasets and records when the workspace is opened again (as after a reload)', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'kept', labels: ['a', 'b'] });
    await ws.datasets.addRecords(ds.id, [{ text: 'x', label: 'a' }]);
    ws.close();
    const again = await openWorkspace({ name: ws.name, assetsUrl: ASSETS_URL });
    expect((await again.datasets.list()).map((d) => d.name)).toEqual(['kept']);
    expect((await again.datasets.records(ds.id))[0]).toMatchObject({ text: 'x', label: 'a' });
    again.close();
  });

  it('uses one database per workspace with the current schema', async () => {
    const ws = await freshWorkspace();
    ws.close();
    const db = await openDB(databaseName(ws.name));
    expect(db.version).toBe(SCHEMA_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(['datasets', 'embeddings', 'experiments', 'models', 'outputScores', 'outputs', 'records', 'runs']);
    db.close();
  });

  it('reports the room each store takes, and whether storage is persistent', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'd', labels: ['a', 'b'] });
    const before = await ws.storage();
    await ws.datasets.addRecords(ds.id, Array.from({ length: 50 }, (_, i) => ({ text: `record ${i} `.repeat(100), label: i % 2 ? 'a' : 'b' })));
    const after = await ws.storage();
    expect(after.stores.records - before.stores.records).toBeGreaterThan(50 * 1000 * 2);
    expect(after.stores).toMatchObject({ embeddings: 0, models: 0, outputs: 0 });
    expect(after.quota).toBeGreaterThan(0);
    expect(typeof after.persisted).toBe('boolean');
    expect(typeof (await ws.persistStorage())).toBe('boolean');
    // Work that could not be stored fails before it starts, saying what it needs and what is free.
    const { ensureRoom } = await import('../../src/store/storage-usage.js');
    await expect(ensureRoom(after.quota! * 2, 'A huge write')).rejects.toThrow(/A huge write needs about [\d.]+ MB, and the browser allows this site [\d.]+ MB more .*nothing was written. Make room: ws.storage\(\)/);
    await expect(ensureRoom(1000, 'A small write')).resolves.toBeUndefined();
  });

  it('steps aside when another tab deletes or upgrades the database, then says to reload', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'd', labels: ['a', 'b'] });
    await new Promise((resolve, reject) => {
      const request = indexedDB.deleteDatabase(databaseName(ws.name));
      request.onsuccess = resolve;
      request.onerror = reject;
      request.onblocked = () => reject(new Error('the workspace blocked the deletion'));
    });
    for (const call of [() => ws.datasets.list(), () => ws.datasets.addRecords(ds.id, [{ text: 'x' }]), () => ws.runs.list(), () => ws.experiments.list(), () => ws.classifier('r')]) {
      const error = await call().catch((e) => e);
      expect(error).toBeInstanceOf(StorageError);
      expect(error.message).toMatch(/database was closed .*Reload the page/);
      expect(error.cause).toBeInstanceOf(DOMException);
    }
    // The elements show it in their error state.
    const runs = document.createElement('sieve-runs');
    document.body.append(runs);
    runs.workspace = ws;
    await runs.updateComplete;
    await runs.refresh();
    await runs.updateComplete;
    expect(runs.shadowRoot!.querySelector('[role="alert"]')?.textContent).toMatch(/Reload the page/);
    runs.remove();
  });

  it('refuses a database stored by a newer build with a StorageError that says to update', async () => {
    const name = `newer-${crypto.randomUUID()}`;
    const db = await openDB(databaseName(name), SCHEMA_VERSION + 1);
    db.close();
    const error = await openWorkspace({ name, assetsUrl: ASSETS_URL }).catch((e) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect(error.message).toMatch(/stored by a newer version of sieve-classifier.*update sieve-classifier/);
    indexedDB.deleteDatabase(databaseName(name));
  });

  it('migrates a version-1 database: runs and experiments become active, runs get a description and tags', async () => {
    const name = `v1-${crypto.randomUUID()}`;
    const v1 = await openDB(databaseName(name), 1, {
      upgrade(db) {
        db.createObjectStore('datasets', { keyPath: 'id' });
        db.createObjectStore('records', { keyPath: ['datasetId', 'id'] }).createIndex('byDatasetSeq', ['datasetId', 'seq'], { unique: true });
        const runs = db.createObjectStore('runs', { keyPath: 'id' });
        runs.createIndex('byDataset', 'datasetId');
        runs.createIndex('byExperiment', 'experiment');
        runs.createIndex('byStartTime', 'startTime');
        db.createObjectStore('models', { keyPath: 'runId' });
        db.createObjectStore('experiments', { keyPath: 'name' });
      },
    });
    await v1.put('runs', { id: 'r1', experiment: 'e', datasetId: 'd', status: 'FINISHED', params: {}, metrics: {}, history: [], startTime: 1 });
    await v1.put('experiments', { name: 'e', description: 'old', createdAt: 1 });
    v1.close();
    const ws = await freshWorkspace({ name });
    expect(await ws.runs.get('r1')).toMatchObject({ lifecycle: 'active', description: '', tags: {} });
    expect(await ws.experiments.list()).toMatchObject([{ name: 'e', description: 'old', lifecycle: 'active', runCount: 1 }]);
  });
});

describe('interrupted runs', () => {
  it('are marked FAILED when the workspace opens, unless some page still runs them', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'd', labels: ['a', 'b'] });
    ws.close();
    const db = await openDB(databaseName(ws.name));
    const base = { experiment: 'e', datasetId: ds.id, status: 'RUNNING', params: {}, metrics: {}, history: [], startTime: Date.now() };
    await db.put('runs', { ...base, id: 'orphan' });
    await db.put('runs', { ...base, id: 'live' });
    db.close();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const locked = new Promise<void>((acquired) =>
      navigator.locks.request(`${databaseName(ws.name)}:run:live`, () => {
        acquired();
        return held;
      }),
    );
    await locked;
    const again = await openWorkspace({ name: ws.name, assetsUrl: ASSETS_URL });
    expect(await again.runs.get('orphan')).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/^interrupted/) });
    expect((await again.runs.get('live')).status).toBe('RUNNING');
    release();
    again.close();
  });
});
