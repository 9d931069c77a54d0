import { afterAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/training/tf.js';
import { ValidationError } from '../../src/index.js';
import { deleteWorkspaces, freshWorkspace, toyRecords } from './helpers.js';

afterAll(deleteWorkspaces);

describe('train and predict', () => {
  it('trains on labeled records, stores the run, and predicts', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'toy', labels: ['sports', 'cooking'] });
    await ws.datasets.addRecords(ds.id, toyRecords(20));
    const progress: string[] = [];
    const run = await ws.train({ datasetId: ds.id, onProgress: (p) => progress.push(p.status) });
    expect(run.status).toBe('FINISHED');
    expect(run.params.label2id).toEqual({ sports: 0, cooking: 1 });
    expect(run.params.id2label).toEqual({ 0: 'sports', 1: 'cooking' });
    expect(run.metrics.accuracy).toBeGreaterThan(0.9);
    expect(progress).toContain('featurize');
    // Few labels: setups compared by cross-validation, the winner solved to its optimum.
    expect(progress).toContain('selection');
    expect(run.params.solver).toBe('selection');
    expect(run.selection?.candidates.length).toBeGreaterThan(3);
    expect(run.selection?.candidates[run.selection.chosen].accuracy).toBeGreaterThan(0.8);
    const stored = await ws.runs.get(run.id);
    expect(stored.status).toBe('FINISHED');
    expect(stored.endTime).toBeGreaterThanOrEqual(stored.startTime);
    const before = tf.memory().numTensors;
    const clf = await ws.classifier(run.id);
    const p = await clf.predict('the players scored a goal in the match');
    expect(p.label).toBe('sports');
    expect(p.prediction).toBe(0);
    expect(p.scores.sports + p.scores.cooking).toBeCloseTo(1, 5);
    const batch = await clf.predictBatch(['bake the bread', 'the team won']);
    expect(batch.map((b) => b.label)).toEqual(['cooking', 'sports']);
    clf.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('prepares training (backend, backbone, a warm-up) without leaving a tensor, a run or a record behind', async () => {
    const ws = await freshWorkspace();
    await ws.backend();
    const tensors = ws.tensorMemory().numTensors;
    await ws.prepare();
    await ws.prepare({ backbone: 'glove-100d' });
    expect(ws.tensorMemory().numTensors).toBe(tensors);
    expect(await ws.runs.list()).toEqual([]);
    expect(await ws.datasets.list()).toEqual([]);
    await expect(ws.prepare({ backbone: 'nope' })).rejects.toThrow(ValidationError);
  });

  it('refuses a dataset with fewer than two labels with examples and leaves no run', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'one label', labels: ['a', 'b'] });
    await ws.datasets.addRecords(ds.id, [{ text: 'x', label: 'a' }, { text: 'y', label: 'a' }, { text: 'z' }]);
    await expect(ws.train({ datasetId: ds.id })).rejects.toThrow(ValidationError);
    await expect(ws.train({ datasetId: ds.id })).rejects.toThrow(/at least two labels/);
    expect(await ws.runs.list()).toEqual([]);
  });
});
