import { afterAll, describe, expect, it } from 'vitest';
import { stratifiedSplit } from '../../src/data/split.js';
import { hasHardwareWebGPU, useBackend } from '../../src/training/backend.js';
import { evaluate } from '../../src/training/metrics.js';
import { resolveArguments } from '../../src/training/params.js';
import { sparseBag } from '../../src/training/sparse-bag.js';
import { tf } from '../../src/training/tf.js';
import { TrainingCancelledError, TrainingError, ValidationError } from '../../src/index.js';
import { ASSETS_URL, deleteWorkspaces, freshWorkspace, toyRecords } from './helpers.js';

afterAll(deleteWorkspaces);
const assets = new URL(ASSETS_URL, location.href).href;

describe('sparse bag', () => {
  it('matches a dense one-hot matmul in value and gradient (WASM and CPU)', async () => {
    for (const backend of ['wasm', 'cpu'] as const) {
      await useBackend(backend, assets);
      const start = tf.memory().numTensors;
      tf.tidy(() => {
        const table = tf.tensor2d([[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]]);
        // Row 0: 0.5·t1 + 0.25·t3 (+ padding); row 1: t1 twice (duplicate index) + 2·t4.
        const indices = tf.tensor2d([[1, 3, 0], [1, 1, 4]], [2, 3], 'int32');
        const values = tf.tensor2d([[0.5, 0.25, 0], [1, 1, 2]]);
        const dense = tf.tensor2d([[0, 0.5, 0, 0.25, 0], [0, 2, 0, 0, 2]]);
        const upstream = tf.tensor2d([[1, -1], [0.5, 2]]);
        const f = (t: tf.Tensor) => sparseBag(t as tf.Tensor2D, indices, values).mul(upstream).sum();
        const g = (t: tf.Tensor) => dense.matMul(t as tf.Tensor2D).mul(upstream).sum();
        expect(sparseBag(table, indices, values).arraySync()).toEqual(dense.matMul(table).arraySync());
        expect(tf.grad(f)(table).arraySync()).toEqual(tf.grad(g)(table).arraySync());
      });
      expect(tf.memory().numTensors).toBe(start);
    }
  });
});

describe('metrics', () => {
  it('equal hand-computed values (single-label)', () => {
    // truth: a a b b c ; predicted: a b b b a
    const probs = Float32Array.from([0.8, 0.1, 0.1, 0.3, 0.6, 0.1, 0.1, 0.8, 0.1, 0.2, 0.7, 0.1, 0.5, 0.3, 0.2]);
    const m = evaluate(probs, { multiLabel: false, classes: Int32Array.from([0, 0, 1, 1, 2]) }, ['a', 'b', 'c']);
    expect(m.accuracy).toBeCloseTo(3 / 5);
    expect(m.perClass.a).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(m.perClass.b.precision).toBeCloseTo(2 / 3);
    expect(m.perClass.b.recall).toBe(1);
    expect(m.perClass.b.f1).toBeCloseTo(0.8);
    expect(m.perClass.c).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
    expect(m.macroF1).toBeCloseTo((0.5 + 0.8 + 0) / 3);
    expect(m.loss).toBeCloseTo(-(Math.log(0.8) + Math.log(0.3) + Math.log(0.8) + Math.log(0.7) + Math.log(0.2)) / 5, 5);
  });

  it('equal hand-computed values (multi-label, threshold 0.5)', () => {
    const probs = Float32Array.from([0.9, 0.6, 0.2, 0.1]);
    const m = evaluate(probs, { multiLabel: true, classes: [[0, 1], [1]] }, ['x', 'y']);
    expect(m.accuracy).toBe(0.5);
    expect(m.perClass.x).toEqual({ precision: 1, recall: 1, f1: 1, support: 1 });
    expect(m.perClass.y).toEqual({ precision: 1, recall: 0.5, f1: 2 / 3, support: 2 });
  });
});

describe('split', () => {
  it('is stratified, seeded and keeps every class on both sides', () => {
    const strata = [...Array(90).fill(0), ...Array(10).fill(1), 2, 2];
    const a = stratifiedSplit(strata, 0.8, 7);
    expect(a).toEqual(stratifiedSplit(strata, 0.8, 7));
    expect(a).not.toEqual(stratifiedSplit(strata, 0.8, 8));
    const count = (rows: number[], c: number) => rows.filter((i) => strata[i] === c).length;
    expect([count(a.validation, 0), count(a.validation, 1), count(a.validation, 2)]).toEqual([18, 2, 0]);
    expect(a.train.length + a.validation.length).toBe(strata.length);
  });
});

describe('training arguments', () => {
  it('fill defaults and refuse unknown or out-of-range values, naming the argument and range', () => {
    expect(resolveArguments({ learning_rate: 0.1 }).learning_rate).toBe(0.1);
    expect(resolveArguments(undefined).per_device_train_batch_size).toBe(64);
    const error = (() => {
      try {
        resolveArguments({ learning_rate: -1, per_device_train_batch_size: 0, num_train_epochs: NaN, epochz: 3, head: { type: 'cnn' } });
      } catch (e) {
        return e as ValidationError;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect(error!.problems.map((p) => p.field)).toEqual(['learning_rate', 'per_device_train_batch_size', 'num_train_epochs', 'epochz', 'head.type']);
    expect(error!.message).toMatch(/field "learning_rate": must be a number above 0 and at most 10 \(got -1\)/);
    expect(error!.message).toMatch(/field "epochz": unknown training argument \(accepted: num_train_epochs/);
  });
});

describe('backend selection', () => {
  it('auto skips a software WebGPU adapter and picks WASM', async () => {
    const adapter = await navigator.gpu?.requestAdapter();
    const info = (adapter as unknown as { info?: { isFallbackAdapter?: boolean } })?.info;
    expect(info?.isFallbackAdapter).toBe(true); // SwiftShader in these tests
    expect(await hasHardwareWebGPU()).toBe(false);
    expect(await useBackend('auto', assets)).toBe('wasm');
  });
});

describe('training runs', () => {
  it('are deterministic for a seed on WASM, and free every tensor', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'toy', labels: ['sports', 'cooking'] });
    await ws.datasets.addRecords(ds.id, toyRecords(15));
    await ws.backend();
    const start = tf.memory().numTensors;
    const a = await ws.train({ datasetId: ds.id, params: { seed: 3, num_train_epochs: 5 } });
    expect(tf.memory().numTensors).toBe(start);
    const b = await ws.train({ datasetId: ds.id, params: { seed: 3, num_train_epochs: 5 } });
    expect(b.history).toEqual(a.history);
    expect(b.metrics).toEqual(a.metrics);
    expect(a.params).toMatchObject({ seed: 3, backend: 'wasm', backbone: { type: 'builtin', id: 'sieve-text', version: '1' } });
    expect((await ws.runs.list({ datasetId: ds.id })).map((r) => r.id)).toEqual([b.id, a.id]);
    expect(b.datasetHash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.datasetHash).toBe(a.datasetHash);
    const first = (await ws.datasets.records(ds.id))[0];
    await ws.datasets.annotate(ds.id, first.id, { label: first.label === 'sports' ? 'cooking' : 'sports' });
    const c = await ws.train({ datasetId: ds.id, params: { seed: 3, num_train_epochs: 1 } });
    expect(c.datasetHash).not.toBe(a.datasetHash);
  });

  it('stop early and keep the best epoch', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'toy', labels: ['sports', 'cooking'] });
    await ws.datasets.addRecords(ds.id, toyRecords(30));
    const run = await ws.train({ datasetId: ds.id, params: { num_train_epochs: 200, early_stopping_patience: 2, learning_rate: 0.5 } });
    expect(run.history.length).toBeLessThan(200);
    const best = run.params.bestEpoch as number;
    expect(run.history.length).toBe(best + 2);
    expect(run.metrics.validation?.loss).toBeCloseTo(run.history[best - 1].validationLoss, 6);
  });

  it('evaluate labeled test-split records separately and never train on them', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'toy', labels: ['sports', 'cooking'] });
    await ws.datasets.addRecords(ds.id, [...toyRecords(12), { text: 'the goal keeper saved it', label: 'sports', split: 'test' }]);
    const run = await ws.train({ datasetId: ds.id });
    expect(run.params.testCount).toBe(1);
    expect((run.params.trainCount as number) + (run.params.validationCount as number)).toBe(24);
    expect(run.metrics.test?.count).toBe(1);
  });

  it('train multi-label heads with sigmoid outputs', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'ml', labels: ['sports', 'cooking', 'news'], multiLabel: true });
    await ws.datasets.addRecords(
      ds.id,
      toyRecords(12).map((r, i) => ({ text: i % 3 ? r.text : `breaking news today ${r.text}`, labels: i % 3 ? [r.label] : [r.label, 'news'] })),
    );
    const run = await ws.train({ datasetId: ds.id });
    expect(run.status).toBe('FINISHED');
    const clf = await ws.classifier(run.id);
    const p = await clf.predict('breaking news today the team won the match');
    expect(p.labels).toEqual(expect.arrayContaining(['sports', 'news']));
    expect(p.scores.sports + p.scores.cooking + p.scores.news).toBeGreaterThan(1);
    clf.dispose();
  });

  it('are cancelled by their AbortSignal and stored as CANCELLED', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'toy', labels: ['sports', 'cooking'] });
    await ws.datasets.addRecords(ds.id, toyRecords(30));
    const abort = new AbortController();
    const error = await ws
      .train({ datasetId: ds.id, signal: abort.signal, params: { num_train_epochs: 500, early_stopping_patience: 0 }, onProgress: (p) => p.status === 'epoch' && p.epoch === 2 && abort.abort() })
      .catch((e) => e);
    expect(error).toBeInstanceOf(TrainingCancelledError);
    expect(error.name).toBe('AbortError');
    const run = await ws.runs.get(error.runId);
    expect(run.status).toBe('CANCELLED');
    expect(run.endTime).toBeGreaterThan(0);
    await expect(ws.classifier(run.id)).rejects.toThrow(/has no model \(its status is CANCELLED\)/);
  });

  it('that fail are stored as FAILED with the reason', async () => {
    const ws = await freshWorkspace({ backend: 'cpu', assetsUrl: '/missing/' });
    const ds = await ws.datasets.create({ name: 'toy', labels: ['sports', 'cooking'] });
    await ws.datasets.addRecords(ds.id, toyRecords(5));
    const error = await ws.train({ datasetId: ds.id }).catch((e) => e);
    expect(error).toBeInstanceOf(TrainingError);
    const run = await ws.runs.get(error.runId);
    expect(run.status).toBe('FAILED');
    expect(run.error).toMatch(/Could not load the built-in word vectors/);
  });

  it('refuse bad arguments and unknown backbones before any run is stored', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'toy', labels: ['sports', 'cooking'] });
    await ws.datasets.addRecords(ds.id, toyRecords(5));
    await expect(ws.train({ datasetId: ds.id, params: { learning_rate: 0 } })).rejects.toThrow(/learning_rate/);
    await expect(ws.train({ datasetId: ds.id, backbone: 'nope' })).rejects.toThrow(/unknown backbone id/);
    await expect(ws.train({ datasetId: 'missing' })).rejects.toThrow(/No dataset/);
    expect(await ws.runs.list()).toEqual([]);
  });
});
