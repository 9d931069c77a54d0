import { afterAll, describe, expect, it } from 'vitest';
import { TrainingCancelledError, ValidationError } from '../../src/index.js';
import { deleteWorkspaces, freshWorkspace, toyRecords } from './helpers.js';

afterAll(deleteWorkspaces);

describe('training in a worker (the default in pages)', () => {
  it('trains off the page, relaying progress, and the page predicts with the stored model', async () => {
    const ws = await freshWorkspace({ trainIn: 'worker' });
    expect(ws.trainIn).toBe('worker');
    const ds = await ws.datasets.create({ name: 'toy', labels: ['sports', 'cooking'] });
    await ws.datasets.addRecords(ds.id, toyRecords(20));
    const statuses: string[] = [];
    const finished: string[] = [];
    ws.onRunFinished((run) => finished.push(run.id));
    const run = await ws.train({ datasetId: ds.id, onProgress: (p) => statuses.push(p.status) });
    expect(run.status).toBe('FINISHED');
    expect(statuses[0]).toBe('start');
    expect(statuses).toContain('featurize');
    expect(statuses).toContain('evaluation');
    expect(statuses.at(-1)).toBe('done');
    expect(finished).toEqual([run.id]);
    expect((await ws.runs.get(run.id)).status).toBe('FINISHED');
    const clf = await ws.classifier(run.id);
    expect((await clf.predict('the striker scored a goal')).label).toBe('sports');
    clf.dispose();
  });

  it('trains in the worker; classifiers of built-in backbones predict in the page with the same features, the worker featurizes on request', async () => {
    // (The resource-timing buffer holds 250 entries by default, and this page loads many modules.)
    performance.clearResourceTimings();
    performance.setResourceTimingBufferSize(10_000);
    // Fetches this test started: an earlier test's fetch can reach the timeline after the clear
    // (its entry is added once its body has been read), so entries are told apart by start time.
    const started = performance.now();
    const svecFetches = () => performance.getEntriesByType('resource').filter((e) => e.startTime >= started && new URL(e.name).pathname.endsWith('.svec')).length;
    const fetchesBefore = svecFetches();
    const inWorker = await freshWorkspace({ trainIn: 'worker' });
    const inPage = await freshWorkspace({ trainIn: 'page' });
    const ds = await inWorker.datasets.create({ name: 'toy', labels: ['sports', 'cooking'] });
    await inWorker.datasets.addRecords(ds.id, toyRecords(20));
    const run = await inWorker.train({ datasetId: ds.id });
    // Training fetched the word vectors in the worker only; the page's classifier fetches them at most once.
    expect(svecFetches()).toBe(fetchesBefore);
    const texts = ['the striker scored a goal', 'simmer the sauce and season it', 'a match report', 'ok'];
    const predictions = await (await inWorker.classifier(run.id)).predictBatch(texts);
    const fetchesAfter = svecFetches();
    expect(fetchesAfter).toBeLessThanOrEqual(fetchesBefore + 1);
    expect(predictions.map((p) => p.label)).toEqual(['sports', 'cooking', 'sports', expect.any(String)]);
    // The worker's features are the page's own, bit for bit, and so are the predictions.
    expect(await inWorker.features(texts)).toEqual(await inPage.features(texts));
    await inPage.models.import(await inWorker.models.export(run.id));
    expect(await (await inPage.classifier(run.id)).predictBatch(texts)).toEqual(predictions);
    expect(svecFetches()).toBe(fetchesAfter);
    // A built-in backbone version this build lacks is refused.
    await expect(inWorker.features(texts, { backbone: { type: 'builtin', id: 'sieve-text', version: '0' } })).rejects.toThrow(ValidationError);
    // Closing the workspace ends the worker: calls in flight and later ones fail, none hangs.
    const inFlight = inWorker.features(texts);
    inWorker.close();
    await expect(inFlight).rejects.toThrow(/the workspace was closed/i);
    await expect(inWorker.features(['later'])).rejects.toThrow(/the workspace was closed/i);
  });

  it('cancels through the signal and rethrows the same error classes as in the page', async () => {
    const ws = await freshWorkspace({ trainIn: 'worker' });
    const ds = await ws.datasets.create({ name: 'toy', labels: ['sports', 'cooking'] });
    await ws.datasets.addRecords(ds.id, toyRecords(30));
    const abort = new AbortController();
    const error = await ws
      .train({ datasetId: ds.id, signal: abort.signal, params: { num_train_epochs: 500 }, onProgress: (p) => p.status === 'evaluation' && p.record.epoch === 2 && abort.abort() })
      .catch((e) => e);
    expect(error).toBeInstanceOf(TrainingCancelledError);
    expect((await ws.runs.get(error.runId)).status).toBe('CANCELLED');
    const invalid = await ws.train({ datasetId: ds.id, params: { learning_rate: -1 } }).catch((e) => e);
    expect(invalid).toBeInstanceOf(ValidationError);
    expect(invalid.problems[0]).toMatchObject({ field: 'learning_rate', value: -1 });
    expect(invalid.message).toMatch(/training arguments: field "learning_rate": must be a number above 0/);
  });

});
