import { afterAll, describe, expect, it } from 'vitest';
import { loadBuiltinBackbone } from '../../src/backbones/builtin.js';
import { tf } from '../../src/training/tf.js';
import { seededRandom } from '../../src/util/random.js';
import { NotFoundError, ValidationError } from '../../src/index.js';
import { decodeModelFile, encodeModelFile } from '../../src/inference/model-file.js';
import { ASSETS_URL, deleteWorkspaces, freshWorkspace, toyRecords } from './helpers.js';

afterAll(deleteWorkspaces);

async function trainedWorkspace() {
  const ws = await freshWorkspace();
  const ds = await ws.datasets.create({ name: 'toy', labels: ['sports', 'cooking'] });
  await ws.datasets.addRecords(ds.id, toyRecords(12));
  return { ws, ds };
}

describe('experiments and runs', () => {
  it('list newest first, soft-delete and restore runs and experiments, and say what is missing', async () => {
    const { ws, ds } = await trainedWorkspace();
    const params = { num_train_epochs: 2 };
    const a = await ws.train({ datasetId: ds.id, experiment: 'alpha', params, description: 'baseline', tags: { owner: 'ana' } });
    const b = await ws.train({ datasetId: ds.id, experiment: 'alpha', params: { ...params, learning_rate: 0.1 } });
    const c = await ws.train({ datasetId: ds.id, experiment: 'beta', params });
    expect(a).toMatchObject({ status: 'FINISHED', lifecycle: 'active', description: 'baseline', tags: { owner: 'ana' } });
    expect((await ws.runs.list({ experiment: 'alpha', limit: 3 })).map((r) => r.id)).toEqual([b.id, a.id]);
    expect((await ws.runs.list({ limit: 2 })).map((r) => r.id)).toEqual([c.id, b.id]);

    await ws.runs.delete(a.id);
    expect((await ws.runs.list()).map((r) => r.id)).toEqual([c.id, b.id]);
    expect((await ws.runs.list({ includeDeleted: true })).map((r) => r.id)).toEqual([c.id, b.id, a.id]);
    expect((await ws.runs.get(a.id)).lifecycle).toBe('deleted');
    await ws.runs.restore(a.id);
    expect((await ws.runs.list()).map((r) => r.id)).toEqual([c.id, b.id, a.id]);

    await ws.experiments.delete('alpha');
    expect((await ws.runs.list()).map((r) => r.id)).toEqual([c.id]);
    const listed = await ws.experiments.list();
    expect(listed.map((e) => [e.name, e.lifecycle, e.runCount])).toEqual([
      ['beta', 'active', 1],
      ['alpha', 'deleted', 2],
    ]);
    expect(listed[1].lastRun?.id).toBe(b.id);
    await ws.experiments.restore('alpha');
    expect(await ws.runs.list()).toHaveLength(3);
    expect((await ws.experiments.describe('beta', 'one-epoch smoke test')).description).toBe('one-epoch smoke test');

    await expect(ws.runs.delete('nope')).rejects.toThrow(NotFoundError);
    await expect(ws.runs.restore('nope')).rejects.toThrow(/No run with id "nope"/);
    await expect(ws.experiments.delete('gamma')).rejects.toThrow(/No experiment named "gamma" \(experiments: "alpha", "beta"\)/);
    await expect(ws.train({ datasetId: ds.id, tags: { n: 1 } as never })).rejects.toThrow(/tags must be an object of string values/);
  });

  it('hard-delete an experiment with its runs, models and outputs, freeing storage', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'random words', labels: ['a', 'b'] });
    // Varied texts touch many n-gram buckets, so each model holds many (incompressible) weights.
    const random = seededRandom(5);
    const word = () => `w${Math.floor(random() * 50_000)}`;
    await ws.datasets.addRecords(ds.id, Array.from({ length: 400 }, (_, i) => ({ text: Array.from({ length: 40 }, word).join(' '), label: i % 2 ? 'a' : 'b' })));
    const runs = [];
    for (let i = 0; i < 4; i++) runs.push(await ws.train({ datasetId: ds.id, experiment: 'heavy', params: { num_train_epochs: 1, seed: i } }));
    const keep = await ws.train({ datasetId: ds.id, experiment: 'kept', params: { num_train_epochs: 1 } });
    await ws.cache.size(); // the runs' cache writes (started once they ended) have landed before measuring
    // The workspace's own stores: the origin's usage estimate also counts the test files running beside this one.
    const held = async () => {
      const { stores } = await ws.storage();
      return stores.models + stores.outputs + stores.embeddings + stores.records;
    };
    const before = await held();
    await ws.experiments.delete('heavy', { hard: true });
    await expect(ws.runs.get(runs[0].id)).rejects.toThrow(NotFoundError);
    await expect(ws.classifier(runs[1].id)).rejects.toThrow(NotFoundError);
    expect((await ws.experiments.list()).map((e) => e.name)).toEqual(['kept']);
    expect((await ws.runs.get(keep.id)).status).toBe('FINISHED');
    // Four models with ~30k touched n-gram rows each are gone.
    const after = await held();
    expect(before - after).toBeGreaterThan(400_000);
  });

  it('compare runs: params side by side, what differs, and whether labels and data match', async () => {
    const { ws, ds } = await trainedWorkspace();
    const a = await ws.train({ datasetId: ds.id, params: { num_train_epochs: 2 } });
    const b = await ws.train({ datasetId: ds.id, params: { num_train_epochs: 3 } });
    const same = await ws.runs.compare([a.id, b.id]);
    expect(same.differingParams).toContain('num_train_epochs');
    expect(same.differingParams).not.toContain('learning_rate');
    expect(same.params.num_train_epochs).toEqual([2, 3]);
    expect(same.metrics['validation.accuracy']).toEqual([a.metrics.validation?.accuracy, b.metrics.validation?.accuracy]);
    expect(same).toMatchObject({ sameLabels: true, sameData: true, notes: [] });
    const other = await ws.datasets.create({ name: 'other', labels: ['cooking', 'sports', 'news'] });
    await ws.datasets.addRecords(other.id, [...toyRecords(6), { text: 'markets fell today', label: 'news' }, { text: 'election results', label: 'news' }]);
    const c = await ws.train({ datasetId: other.id, params: { num_train_epochs: 1 } });
    const mixed = await ws.runs.compare([a.id, c.id]);
    expect(mixed.sameLabels).toBe(false);
    expect(mixed.notes.join(' ')).toMatch(/different label sets/);
    await expect(ws.runs.compare([a.id])).rejects.toThrow(ValidationError);
  });
});

describe('model files', () => {
  it('export and import into a fresh workspace predicts exactly the same scores', async () => {
    const { ws, ds } = await trainedWorkspace();
    const run = await ws.train({ datasetId: ds.id, params: { num_train_epochs: 3 } });
    const file = await ws.models.export(run.id);
    expect(file.size).toBeGreaterThan(1_000_000);
    const fresh = await freshWorkspace();
    const imported = await fresh.models.import(file);
    expect(imported.id).toBe(run.id);
    expect(imported.params).toEqual(run.params);
    expect(imported.metrics).toEqual(run.metrics);
    expect(imported.history).toEqual(run.history);
    const texts = ['the striker scored twice', 'whisk the eggs', 'a goal in the oven'];
    const [x, y] = [await ws.classifier(run.id), await fresh.classifier(run.id)];
    expect(await y.predictBatch(texts)).toEqual(await x.predictBatch(texts));
    x.dispose();
    y.dispose();
    await expect(fresh.models.import(file)).rejects.toThrow(/already in this workspace/);
    expect((await fresh.experiments.list()).map((e) => e.name)).toEqual(['default']);
  });

  it('refuse truncated, foreign or tampered files and unknown backbones, writing nothing', async () => {
    const { ws, ds } = await trainedWorkspace();
    const run = await ws.train({ datasetId: ds.id, backbone: 'glove-100d', params: { num_train_epochs: 2 } });
    const bytes = new Uint8Array(await (await ws.models.export(run.id)).arrayBuffer());
    const fresh = await freshWorkspace();
    const refused = async (data: BlobPart, pattern: RegExp) => {
      const error = await fresh.models.import(new Blob([data])).catch((e) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.message).toMatch(pattern);
    };
    await refused(bytes.slice(0, bytes.length - 10), /checksum mismatch: the file is truncated or was changed/);
    await refused(new TextEncoder().encode('{"hello": "world"}'), /not a Sieve model file/);
    const tampered = bytes.slice();
    tampered[tampered.length - 3] ^= 0xff;
    await refused(tampered, /checksum mismatch/);
    tampered.set(bytes);
    tampered[20] ^= 0x01;
    await refused(tampered, /not a Sieve model file|checksum mismatch/);
    // A well-formed file whose backbone this build does not have.
    const { header, weights } = await decodeModelFile(bytes);
    const original = structuredClone(header);
    header.model.backbone = { type: 'builtin', id: 'glove-100d', version: '99' };
    await refused(await encodeModelFile(header.run, { ...header.model, weights }), /cannot rebuild that backbone \(available: builtin sieve-text v4, .*builtin sieve-text v3, builtin sieve-text v2, builtin sieve-text v1/);
    // Crafted files with a valid checksum (a checksum is not a signature): each is refused by its field.
    const crafted = (change: (h: typeof header) => void) => {
      const copy = structuredClone(original);
      change(copy);
      return encodeModelFile(copy.run, { ...copy.model, weights });
    };
    await refused(await crafted((h) => (h.model.backbone = { type: 'builtin', id: '__proto__', version: '1' })), /cannot rebuild that backbone/);
    await refused(await crafted((h) => (h.model.backbone = { type: 'builtin', id: 'constructor', version: '1' })), /cannot rebuild that backbone/);
    await refused(await crafted((h) => (h.model.weightSpecs[0].shape = [50, 4])), /weightSpecs.dense\/kernel.*shape must be \[100, 2\]/);
    await refused(await crafted((h) => delete (h.model as Partial<typeof h.model>).id2label), /id2label.*must name each of the 2 classes/);
    await refused(await crafted((h) => (h.model.label2id = { sports: 1, cooking: 0 })), /label2id/);
    await refused(await crafted((h) => (h.run.id = '')), /run.id.*non-empty/);
    expect(await fresh.runs.list({ includeDeleted: true })).toEqual([]);
    expect(await fresh.experiments.list()).toEqual([]);
  });

  it('store a model larger than the browser’s limit for one value (140 MB), and predict with it after import', async () => {
    const { ws, ds } = await trainedWorkspace();
    const run = await ws.train({ datasetId: ds.id, params: { num_train_epochs: 1 } });
    const { header } = await decodeModelFile(await ws.models.export(run.id));
    // The same head with 267 classes: (100 + 2^17 + 1) × 267 float32 weights.
    const classes = 267;
    const labels = Array.from({ length: classes }, (_, c) => `label ${c}`);
    const head = { ...header.model.head, classes };
    const specs = header.model.weightSpecs.map((spec) => ({ ...spec, shape: [...spec.shape.slice(0, -1), classes] }));
    const weights = new Float32Array(specs.reduce((n, spec) => n + spec.shape.reduce((a, b) => a * b, 1), 0));
    weights[weights.length - 1] = 1; // the last label's bias wins
    expect(weights.byteLength).toBeGreaterThan(140e6);
    const big = { ...header.model, runId: 'big', head, weightSpecs: specs, weights: weights.buffer, id2label: Object.fromEntries(labels.map((l, c) => [c, l])), label2id: Object.fromEntries(labels.map((l, c) => [l, c])) };
    const fresh = await freshWorkspace();
    await fresh.models.import(await encodeModelFile({ ...header.run, id: 'big' }, big));
    const clf = await fresh.classifier('big');
    expect(clf.labelNames).toHaveLength(classes);
    expect((await clf.predict('the striker scored')).label).toBe('label 266');
    expect((await fresh.storage()).stores.models).toBeGreaterThan(140e6);
  });

  it('hold weights that plain TensorFlow.js loads (the README snippet)', async () => {
    const { ws, ds } = await trainedWorkspace();
    const run = await ws.train({ datasetId: ds.id, backbone: 'glove-100d', params: { num_train_epochs: 3, calibration: 'none' } });
    const blob = await ws.models.export(run.id);
    // --- README snippet: read a Sieve model file with TensorFlow.js only ---
    const bytes = new Uint8Array(await blob.arrayBuffer());
    const length = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    const tensors = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length)));
    const header = JSON.parse(tensors.__metadata__.header);
    const data = bytes.subarray(8 + length);
    const weights: Record<string, tf.Tensor> = Object.fromEntries(
      header.model.weightSpecs.map(({ name, shape }: { name: string; shape: number[] }) => {
        const [begin, end] = tensors[name].data_offsets;
        return [name, tf.tensor(new Float32Array(data.slice(begin, end).buffer), shape)];
      }),
    );
    // weights['dense/kernel'] [dims, classes], weights['output/bias'] [classes] (+ 'sparse/table', 'hidden/*')
    // ---
    const backbone = await loadBuiltinBackbone(run.params.backbone as never, new URL(ASSETS_URL, location.href).href);
    const features = await backbone.featurize(['the striker scored twice']);
    const logits = tf.tidy(() => tf.tensor2d(features.dense, [1, features.dims]).matMul(weights['dense/kernel']).add(weights['output/bias']));
    const clf = await ws.classifier(run.id);
    const p = await clf.predict('the striker scored twice');
    const plain = logits.dataSync();
    expect(plain[0]).toBeCloseTo(p.logits.sports, 5);
    expect(plain[1]).toBeCloseTo(p.logits.cooking, 5);
    expect(header.model.id2label).toEqual({ 0: 'sports', 1: 'cooking' });
    tf.dispose([logits, ...Object.values(weights)]);
    clf.dispose();
  });
});

describe('classifier outputs', () => {
  it('score every record, count scores in a histogram, sample by label within a score or logit range, cancel without a trace', async () => {
    const { ws, ds } = await trainedWorkspace();
    await ws.datasets.addRecords(ds.id, [{ id: 'u1', text: 'the goal keeper' }, { id: 'u2', text: 'a pinch of salt' }]);
    const run = await ws.train({ datasetId: ds.id, params: { num_train_epochs: 3 } });
    const progress: number[] = [];
    const output = await ws.outputs.create(run.id, ds.id, { onProgress: (p) => progress.push(p.done) });
    const records = await ws.datasets.records(ds.id);
    expect(output).toMatchObject({ runId: run.id, datasetId: ds.id, labels: ['sports', 'cooking'], count: records.length });
    expect(progress.at(-1)).toBe(records.length);

    const clf = await ws.classifier(run.id);
    const predictions = await clf.predictBatch(records.map((r) => r.text!));
    clf.dispose();
    const expected = records.filter((_, i) => predictions[i].scores.sports >= 0.5).map((r) => r.id).sort();
    const sampled = await ws.outputs.sample(output.id, { label: 'sports', minScore: 0.5, n: 1000 });
    expect(sampled.map((s) => s.record.id).sort()).toEqual(expected);
    expect(sampled.map((s) => s.score)).toEqual([...sampled.map((s) => s.score)].sort((a, b) => b - a));
    const u1 = sampled.find((s) => s.record.id === 'u1');
    expect(u1?.score).toBeCloseTo(predictions[records.findIndex((r) => r.id === 'u1')].scores.sports, 6);

    // The histogram counts every record once, in the bin of its score.
    const histogram = await ws.outputs.histogram(output.id, { label: 'sports', bins: 10 });
    expect(histogram.edges).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1].map((e) => expect.closeTo(e, 12)));
    const byHand = new Array(10).fill(0);
    for (const p of predictions) byHand[Math.min(9, Math.floor(p.scores.sports * 10))]++;
    expect(histogram.counts).toEqual(byHand);
    expect(histogram.counts.slice(5).reduce((a, n) => a + n, 0)).toBe(expected.length);
    await expect(ws.outputs.histogram(output.id, { label: 'weather', bins: 0 })).rejects.toThrow(/not a label of this output[\s\S]*bins must be a whole number/);

    const few = await ws.outputs.sample(output.id, { label: 'cooking', maxLogit: 0, n: 3, seed: 1 });
    expect(few.length).toBeLessThanOrEqual(3);
    for (const s of few) expect(s.logit).toBeLessThanOrEqual(0);
    expect(await ws.outputs.sample(output.id, { label: 'cooking', maxLogit: 0, n: 3, seed: 1 })).toEqual(few);

    await expect(ws.outputs.sample(output.id, { label: 'weather', n: 0 })).rejects.toThrow(/label.*not a label of this output \(labels: sports, cooking\)[\s\S]*n must be a positive integer/);
    await expect(ws.outputs.sample('nope', { label: 'sports', n: 1 })).rejects.toThrow(/No classifier output/);

    const abort = new AbortController();
    abort.abort();
    await expect(ws.outputs.create(run.id, ds.id, { signal: abort.signal })).rejects.toThrow();
    expect((await ws.outputs.list({ runId: run.id })).map((o) => o.id)).toEqual([output.id]);

    const second = await ws.outputs.create(run.id, ds.id);
    await ws.outputs.delete(second.id);
    await expect(ws.outputs.get(second.id)).rejects.toThrow(/No classifier output/);
    await ws.runs.delete(run.id, { hard: true });
    expect(await ws.outputs.list()).toEqual([]);
    await expect(ws.outputs.sample(output.id, { label: 'sports', n: 1 })).rejects.toThrow(/No classifier output/);
  });
});
