// Every public method with arbitrary arguments: each call succeeds or throws one of Sieve's error
// classes (never a raw DOM, IndexedDB or TypeError), none hangs, and a failed call changes nothing.
import fc from 'fast-check';
import { afterAll, expect, it } from 'vitest';
import { SieveError, type Workspace } from '../../src/index.js';
import { deleteWorkspaces, freshWorkspace, toyRecords } from './helpers.js';

afterAll(deleteWorkspaces);

/** Values that break code that trusts its input. */
const hostile = fc.oneof(
  fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withTypedArray: true, withSparseArray: true }),
  fc.constantFrom(undefined, null, '', ' ', '__proto__', 'constructor', Number.NaN, -1, 1e308, [], {}, new Array(3), [1, null], () => 1, Symbol('s'), Object.create(null), new Blob(['x']), new Blob(['not,a\ncsv"']), 'notarray'),
  fc.record({ text: fc.anything(), label: fc.anything(), labels: fc.anything(), metadata: fc.anything(), id: fc.anything(), split: fc.anything() }),
  // Media and vector records; folders as { path, file } pairs.
  fc.record({ image: fc.constantFrom(new Blob(['x'], { type: 'image/png' }), new Blob([]), 'x', null), audio: fc.anything(), window: fc.anything(), vector: fc.oneof(fc.array(fc.double()), fc.anything()) }, { requiredKeys: [] }),
  fc.array(fc.record({ path: fc.oneof(fc.string(), fc.constantFrom('a/x.png', 'x.png', 'sports/a/b.wav', '')), file: fc.constantFrom(new Blob(['x'], { type: 'image/png' }), new Blob(['y']), 'z') }), { maxLength: 4 }),
);

interface Fixture {
  ws: Workspace;
  datasetId: string;
  runId: string;
}

/** Each public method, called with `args` (arbitrary values, sometimes a valid id in front). */
const CALLS: Record<string, (f: Fixture, a: unknown[]) => unknown> = {
  'datasets.create': (f, a) => f.ws.datasets.create(a[0] as never),
  'datasets.get': (f, a) => f.ws.datasets.get(a[0] as never),
  'datasets.records': (f, a) => f.ws.datasets.records(a[0] as never),
  'datasets.addRecords': (f, a) => f.ws.datasets.addRecords(f.datasetId, a[0] as never),
  'datasets.addRecords (any dataset)': (f, a) => f.ws.datasets.addRecords(a[0] as never, a[1] as never),
  'datasets.importFile': (f, a) => f.ws.datasets.importFile(f.datasetId, a[0] as never, a[1] as never),
  'datasets.export': (f, a) => f.ws.datasets.export(f.datasetId, a[0] as never),
  'datasets.importFolder': (f, a) => f.ws.datasets.importFolder(f.datasetId, a[0] as never, a[1] as never),
  'datasets.importFolder (new dataset)': (f, a) => f.ws.datasets.importFolder(a[0] as never, a[1] as never, a[2] as never),
  'datasets.exportZip': (f, a) => f.ws.datasets.exportZip(a[0] as never, a[1] as never),
  'datasets.annotate': (f, a) => f.ws.datasets.annotate(f.datasetId, a[0] as never, a[1] as never),
  'datasets.annotateMany': (f, a) => f.ws.datasets.annotateMany(f.datasetId, a[0] as never, a[1] as never),
  'datasets.annotateEach': (f, a) => f.ws.datasets.annotateEach(f.datasetId, a[0] as never),
  'storage': (f) => f.ws.storage(),
  'datasets.agreement': (f, a) => f.ws.datasets.agreement(a[0] as never),
  'datasets.delete': (f, a) => f.ws.datasets.delete(a[0] as never),
  'runs.get': (f, a) => f.ws.runs.get(a[0] as never),
  'runs.list': (f, a) => f.ws.runs.list(a[0] as never),
  'runs.delete': (f, a) => f.ws.runs.delete(a[0] as never, a[1] as never),
  'runs.restore': (f, a) => f.ws.runs.restore(a[0] as never),
  'runs.compare': (f, a) => f.ws.runs.compare(a[0] as never),
  'experiments.describe': (f, a) => f.ws.experiments.describe(a[0] as never, a[1] as never),
  'experiments.delete': (f, a) => f.ws.experiments.delete(a[0] as never, a[1] as never),
  'experiments.restore': (f, a) => f.ws.experiments.restore(a[0] as never),
  'models.export': (f, a) => f.ws.models.export(a[0] as never),
  'models.import': (f, a) => f.ws.models.import(a[0] as never),
  'outputs.create': (f, a) => f.ws.outputs.create(a[0] as never, a[1] as never, a[2] as never),
  'outputs.get': (f, a) => f.ws.outputs.get(a[0] as never),
  'outputs.list': (f, a) => f.ws.outputs.list(a[0] as never),
  'outputs.sample': (f, a) => f.ws.outputs.sample(a[0] as never, a[1] as never),
  'outputs.delete': (f, a) => f.ws.outputs.delete(a[0] as never),
  'setAnnotator': (f, a) => f.ws.setAnnotator(a[0] as never),
  'train': (f, a) => f.ws.train(a[0] as never),
  'train (this dataset)': (f, a) => f.ws.train({ datasetId: f.datasetId, params: a[0], signal: a[1], backbone: a[2] } as never),
  'features': (f, a) => f.ws.features(a[0] as never, a[1] as never),
  'classifier': (f, a) => f.ws.classifier(a[0] as never),
  'queue': (f, a) => f.ws.queue(a[0] as never, a[1] as never, a[2] as never),
  'queue (this run)': (f, a) => f.ws.queue(f.runId, f.datasetId, a[0] as never),
  'predictBatch': async (f, a) => (await f.ws.classifier(f.runId)).predictBatch(a[0] as never),
  'predict': async (f, a) => (await f.ws.classifier(f.runId)).predict(a[0] as never),
  'explain': async (f, a) => (await f.ws.classifier(f.runId)).explain(a[0] as never, a[1] as never),
};

/** What the stores hold, to compare before and after a failed call. */
async function snapshot(ws: Workspace) {
  const datasets = await ws.datasets.list();
  const records = await Promise.all(datasets.map((d) => ws.datasets.records(d.id)));
  const runs = await ws.runs.list({ includeDeleted: true });
  return JSON.stringify({ datasets, records, runs: runs.map((r) => [r.id, r.status, r.lifecycle]), experiments: await ws.experiments.list(), outputs: await ws.outputs.list() });
}

const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms))]);

it('every public method answers arbitrary input with a Sieve error or a result, and a failed call changes nothing', async () => {
  const ws = await freshWorkspace();
  const ds = await ws.datasets.create({ name: 'fuzz', labels: ['sports', 'cooking'] });
  await ws.datasets.addRecords(ds.id, toyRecords(8));
  const run = await ws.train({ datasetId: ds.id, params: { num_train_epochs: 2 } });
  const fixture: Fixture = { ws, datasetId: ds.id, runId: run.id };
  const tally = { calls: 0, ok: 0, typed: 0, raw: [] as string[], byClass: {} as Record<string, number> };
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...Object.keys(CALLS)), fc.array(hostile, { minLength: 3, maxLength: 3 }), async (name, args) => {
      const before = await snapshot(ws);
      tally.calls++;
      try {
        await within(Promise.resolve().then(() => CALLS[name](fixture, args)), 20_000);
        tally.ok++;
      } catch (error) {
        if (error instanceof SieveError) {
          tally.typed++;
          tally.byClass[error.name] = (tally.byClass[error.name] ?? 0) + 1;
        }
        else tally.raw.push(`${name}: ${(error as Error)?.name}: ${(error as Error)?.message}`.slice(0, 200));
        expect(await snapshot(ws), `${name} failed yet changed the stores`).toBe(before);
      }
    }),
    { numRuns: Number(import.meta.env.VITE_FUZZ_RUNS ?? 500), seed: Number(import.meta.env.VITE_FUZZ_SEED ?? 20261130) },
  );
  console.log(`fuzz: ${tally.calls} calls, ${tally.ok} succeeded, ${tally.typed} typed errors ${JSON.stringify(tally.byClass)}, ${tally.raw.length} raw errors`);
  expect([...new Set(tally.raw)]).toEqual([]);
}, 600_000);
