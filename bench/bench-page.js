// Runs inside Chromium, driven by bench/run.mjs. Uses the built library (/dist/sieve.js) and the
// scripts' seeded shuffle.
import { openWorkspace } from '/dist/sieve.js';
import { lettersAs } from './letters-as.js';
import { timeLabelerKeys } from './labeler-latency.js';
import { seededRandom, shuffleByKeys } from '/scripts/seeded-shuffle.mjs';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
let counter = 0;

async function withWorkspace(backend, body, trainIn) {
  const { ws, remove } = await benchWorkspace(backend, trainIn);
  try {
    return await body(ws);
  } finally {
    remove();
  }
}

/** A new workspace of its own, and how to close and delete it. */
async function benchWorkspace(backend, trainIn) {
  const name = `bench-${Date.now()}-${counter++}`;
  const ws = await openWorkspace({ name, backend, trainIn });
  return {
    ws,
    remove: () => {
      ws.close();
      indexedDB.deleteDatabase(`sieve:${name}`);
    },
  };
}

/** Adds `train` as labeled records and `test` as the test split, then trains with `params`. */
async function train(ws, { backbone, params, train: trainSet, test, onProgress }) {
  const ds = await ws.datasets.create({ name: 'spamassassin', labels: ['ham', 'spam'] });
  await ws.datasets.addRecords(ds.id, [
    ...trainSet.map((r) => ({ text: r.text, label: r.label })),
    ...test.map((r) => ({ text: r.text, label: r.label, split: 'test' })),
  ]);
  return ws.train({ datasetId: ds.id, backbone, params, onProgress });
}

/** Trains on the train split, evaluates on the test split, measures prediction speed. */
async function trainAndEvaluate({ backend, backbone, params, train: trainSet, test, latencySamples = 200 }) {
  return withWorkspace(backend, async (ws) => {
    let featurizeMs = 0;
    let epochs = 0;
    const t0 = performance.now();
    const run = await train(ws, {
      backbone,
      params,
      train: trainSet,
      test,
      onProgress: (p) => {
        if (p.status === 'featurize' && p.done === p.total) featurizeMs = performance.now() - t0;
        if (p.status === 'evaluation') epochs = p.record.epoch;
      },
    });
    const trainMs = performance.now() - t0;
    const result = {
      backbone: backbone ?? 'sieve-text (default)',
      backend: run.params.backend,
      defaults: run.params.defaults,
      test: run.metrics.test,
      validationAccuracy: run.metrics.accuracy,
      calibration: run.metrics.calibration,
      epochs,
      bestEpoch: run.params.bestEpoch,
      timing: run.timing,
      totalTrainSeconds: trainMs / 1000,
      featurizeSeconds: featurizeMs / 1000,
    };
    if (latencySamples > 0) {
      const clf = await ws.classifier(run.id);
      // Warm first: the page's featurizer code is cold when training ran in the worker, and the first backbone measured paid for it.
      await clf.predictBatch(test.slice(0, 100).map((r) => r.text));
      const t1 = performance.now();
      await clf.predictBatch(test.map((r) => r.text));
      result.predictBatchPerSecond = test.length / ((performance.now() - t1) / 1000);
      const latencies = [];
      for (let i = 0; i < latencySamples; i++) {
        const t = performance.now();
        await clf.predict(test[i % test.length].text);
        latencies.push(performance.now() - t);
      }
      result.predictP50Ms = median(latencies);
      clf.dispose();
    }
    return result;
  });
}

/**
 * Peak tensor bytes and JS heap while the full split trains (sampled every 5 ms and at each
 * progress event), then `cycles` train → predict → dispose cycles on `cycleTrain`, with tensor
 * counts and heap (after a forced GC when the page allows it) before and after.
 */
async function memory({ backend, train: trainSet, test, cycles, cycleTrain }) {
  const heap = () => performance.memory?.usedJSHeapSize ?? NaN;
  const gc = async () => {
    globalThis.gc?.();
    await new Promise((r) => setTimeout(r, 50));
  };
  return withWorkspace(backend, async (ws) => {
    await ws.backend();
    const tf = () => ws.tensorMemory();
    let peakTensorBytes = 0;
    let peakHeapBytes = 0;
    const sample = () => {
      peakTensorBytes = Math.max(peakTensorBytes, tf().numBytes);
      peakHeapBytes = Math.max(peakHeapBytes, heap());
    };
    const timer = setInterval(sample, 5);
    await train(ws, { train: trainSet, test, onProgress: sample });
    clearInterval(timer);
    const before = tf();
    let heapAfterFirst = NaN;
    for (let cycle = 1; cycle <= cycles; cycle++) {
      const run = await train(ws, { train: cycleTrain, test: test.slice(0, 50) });
      const clf = await ws.classifier(run.id);
      await clf.predictBatch(test.slice(0, 100).map((r) => r.text));
      clf.dispose();
      if (cycle === 1) {
        await gc();
        heapAfterFirst = heap();
      }
    }
    await gc();
    const after = tf();
    return {
      peakTensorBytes,
      peakHeapBytes,
      cycles,
      tensorsBefore: before.numTensors,
      tensorsAfter: after.numTensors,
      bytesBefore: before.numBytes,
      bytesAfter: after.numBytes,
      heapAfterFirst,
      heapAfterLast: heap(),
    };
    // Trained in the page, where tf.memory() and the heap can be read.
  }, 'page');
}

/**
 * Model files and dataset files: export and import time and size of a model trained on `train`,
 * and CSV import speed of a `csvRows`-row file built from the corpus texts.
 */
async function files({ backend, train: trainSet, test, csvRows }) {
  return withWorkspace(backend, async (ws) => {
    const run = await train(ws, { train: trainSet, test: test.slice(0, 100) });
    let t = performance.now();
    const file = await ws.models.export(run.id);
    const exportMs = performance.now() - t;
    const imported = await withWorkspace(backend, async (fresh) => {
      t = performance.now();
      await fresh.models.import(file);
      const importMs = performance.now() - t;
      const texts = test.slice(0, 200).map((r) => r.text);
      const [a, b] = [await ws.classifier(run.id), await fresh.classifier(run.id)];
      const [pa, pb] = [await a.predictBatch(texts), await b.predictBatch(texts)];
      a.dispose();
      b.dispose();
      return { importMs, identical: JSON.stringify(pa) === JSON.stringify(pb) };
    });
    const rows = Array.from({ length: csvRows }, (_, i) => {
      const r = trainSet[i % trainSet.length];
      return { id: `r${i}`, text: r.text.slice(0, 400), label: r.label };
    });
    const csvSource = await withWorkspace(backend, async (tmp) => {
      const ds = await tmp.datasets.create({ name: 'csv source', labels: ['ham', 'spam'] });
      await tmp.datasets.addRecords(ds.id, rows);
      return tmp.datasets.export(ds.id, { format: 'csv' });
    });
    const csv = new File([csvSource], 'emails.csv');
    const target = await ws.datasets.create({ name: 'csv import', labels: ['ham', 'spam'] });
    t = performance.now();
    const { added } = await ws.datasets.importFile(target.id, csv);
    const csvMs = performance.now() - t;
    return {
      modelBytes: file.size,
      exportMs,
      importMs: imported.importMs,
      identicalPredictions: imported.identical,
      csvRows: added,
      csvBytes: csv.size,
      csvImportRowsPerSecond: added / (csvMs / 1000),
    };
  });
}

/** The featurization time a run records. */
async function featurizeSeconds(ws, datasetId) {
  const run = await ws.train({ datasetId, params: { num_train_epochs: 1 } });
  return run.timing.featurizeSeconds;
}

/**
 * Featurization time of `train` three ways: first run (computed), second run (same page: the
 * in-memory cache), and in a reopened workspace (as after a reload: the IndexedDB cache).
 */
async function featurizeCache({ backend, train: trainSet }) {
  const name = `bench-cache-${Date.now()}`;
  const ws = await openWorkspace({ name, backend });
  try {
    const ds = await ws.datasets.create({ name: 'short', labels: ['ham', 'spam'] });
    await ws.datasets.addRecords(ds.id, trainSet.map((r) => ({ text: r.text, label: r.label })));
    const firstSeconds = await featurizeSeconds(ws, ds.id);
    const secondSeconds = await featurizeSeconds(ws, ds.id);
    ws.close();
    const reopened = await openWorkspace({ name, backend });
    const reloadSeconds = await featurizeSeconds(reopened, ds.id);
    reopened.close();
    return { texts: trainSet.length, firstSeconds, secondSeconds, reloadSeconds };
  } finally {
    ws.close();
    indexedDB.deleteDatabase(`sieve:${name}`);
  }
}

/**
 * Active learning against random order: start from `initialPerClass` labels per class drawn from
 * `pool`, then add `step` labels at a time (the most uncertain under the last model, or random),
 * training after each round, up to `budget` labels. Returns test accuracy per round for each seed.
 */
async function activeLearning({ backend, pool, test, seeds, initialPerClass, step, budget, strategy }) {
  const curves = { uncertainty: [], random: [] };
  for (const mode of ['uncertainty', 'random']) {
    for (const seed of seeds) {
      curves[mode].push(
        await withWorkspace(backend, async (ws) => {
          const random = seededRandom(seed);
          const ds = await ws.datasets.create({ name: 'active', labels: ['ham', 'spam'] });
          await ws.datasets.addRecords(ds.id, [
            ...pool.map((r, i) => ({ id: `p${i}`, text: r.text })),
            ...test.map((r) => ({ text: r.text, label: r.label, split: 'test' })),
          ]);
          const truth = new Map(pool.map((r, i) => [`p${i}`, r.label]));
          const label = async (ids) => {
            for (const name of ['ham', 'spam']) {
              const chosen = ids.filter((id) => truth.get(id) === name);
              if (chosen.length) await ws.datasets.annotateMany(ds.id, chosen, { label: name });
            }
            ids.forEach((id) => truth.delete(id));
          };
          const draw = (ids, n) => shuffleByKeys([...ids], random).slice(0, n);
          await label(['ham', 'spam'].flatMap((name) => draw([...truth].filter(([, l]) => l === name).map(([id]) => id), initialPerClass)));
          const curve = [];
          for (let labeled = 2 * initialPerClass; ; labeled += step) {
            const run = await ws.train({ datasetId: ds.id, params: { seed } });
            curve.push({ labeled, accuracy: run.metrics.test.accuracy });
            if (labeled + step > budget) break;
            const next = mode === 'random' ? draw([...truth.keys()], step) : (await ws.queue(run.id, ds.id, { strategy, limit: step })).map((q) => q.record.id);
            await label(next);
          }
          return curve;
        }),
      );
    }
  }
  return curves;
}

/**
 * Time from a key press in <sieve-labeler> to the next record rendered (its DOM updated; the browser
 * paints it in the next frame), over `presses` presses, in a dataset of `size` records: labeling keys (the
 * answer is written to IndexedDB first) and arrow keys.
 */
async function labelerLatency({ backend, size, presses }) {
  return withWorkspace(backend, async (ws) => {
    const ds = await ws.datasets.create({ name: 'big', labels: ['ham', 'spam'] });
    const t0 = performance.now();
    await ws.datasets.addRecords(ds.id, Array.from({ length: size }, (_, i) => ({ text: `email number ${i}: meeting notes, invoices, offers and newsletters` })));
    const addSeconds = (performance.now() - t0) / 1000;
    const { openSeconds, label, arrow } = await timeLabelerKeys(ws, ds.id, presses);
    return { size, addSeconds, openSeconds, label, arrow };
  });
}

/**
 * The first run in this page (a new workspace, so a new training worker): `train()` wall time,
 * right away or after `ws.prepare()` (which starts the worker, loads the backbone and warms up).
 */
async function firstRun({ backend, train: trainSet, test, prepared }) {
  return withWorkspace(
    backend,
    async (ws) => {
      const ds = await ws.datasets.create({ name: 'first', labels: ['ham', 'spam'] });
      await ws.datasets.addRecords(ds.id, [...trainSet.map((r) => ({ text: r.text, label: r.label })), ...test.map((r) => ({ text: r.text, label: r.label, split: 'test' }))]);
      if (prepared) await ws.prepare();
      const t = performance.now();
      await ws.train({ datasetId: ds.id });
      return (performance.now() - t) / 1000;
    },
    'worker',
  );
}

/**
 * One benchmark text set: `train` rows labeled, `test` rows as the test split, default backbone
 * and arguments; test accuracy and macro-F1, the time of featurize + train, and what selection chose.
 */
async function trainOnSet({ backend, labels, train: trainSet, test }) {
  return withWorkspace(backend, async (ws) => {
    const ds = await ws.datasets.create({ name: 'set', labels });
    await ws.datasets.addRecords(ds.id, [
      ...trainSet.map((r) => ({ text: r.text, label: r.label })),
      ...test.map((r) => ({ text: r.text, label: r.label, split: 'test' })),
    ]);
    const t0 = performance.now();
    const run = await ws.train({ datasetId: ds.id });
    const seconds = (performance.now() - t0) / 1000;
    const chosen = run.selection?.candidates[run.selection.chosen].setup;
    return {
      accuracy: run.metrics.test?.accuracy,
      macroF1: run.metrics.test?.macroF1,
      seconds,
      timing: run.timing,
      solver: run.params.solver,
      epochs: run.history.length,
      bestEpoch: run.params.bestEpoch,
      setup: chosen ? `${{ logistic: 'LR', 'naive-bayes': 'NB', 'complement-naive-bayes': 'CNB' }[chosen.model]} ${chosen.views.join('+')} ${chosen.model === 'logistic' ? 'C' : 'α'}=${chosen.regularization}` : 'adam (all views)',
    };
  });
}

/**
 * Trains the default model on `train` and exports its model file (base64); keeps its classifier,
 * warmed up by one round over `texts`, for `scoringRound` (timed beside the command's runs, in
 * batches of `batch` as the command scores them) until `scoringDone`.
 */
async function scoringModel({ backend, train: trainSet, texts, batch }) {
  const { ws, remove } = await benchWorkspace(backend);
  const run = await train(ws, { train: trainSet, test: [] });
  const bytes = new Uint8Array(await (await ws.models.export(run.id)).arrayBuffer());
  const clf = await ws.classifier(run.id);
  scoring = { remove, clf, texts, emails: texts, batch };
  await scoringRound(); // warm-up: the engine compiles the featurizer
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { model: btoa(binary), runId: run.id };
}

let scoring;

/** Seconds the kept classifier's predictBatch takes over the texts, in batches. */
async function scoringRound() {
  const { clf, texts, batch } = scoring;
  const t0 = performance.now();
  for (let start = 0; start < texts.length; start += batch) await clf.predictBatch(texts.slice(start, start + batch));
  return (performance.now() - t0) / 1000;
}

/** Makes `scoringRound` run over `texts` from now on, after one round over them (warm-up). */
async function scoringTexts(texts) {
  scoring.texts = texts;
  await scoringRound();
}

/** Makes `scoringRound` run over the emails with their Latin letters made `alphabet`'s (see `lettersAs`), after one round over them. */
async function scoringLettersAs(alphabet) {
  await scoringTexts(scoring.emails.map((text) => lettersAs(text, alphabet)));
}

function scoringDone() {
  scoring.remove();
  scoring = undefined;
}

/**
 * Explanation cost per text for each kind of head: a linear head (split exactly) and an MLP head
 * (occlusion), each trained on `train` with the default backbone, then for each of `texts`
 * `explain` timed beside `predict` (mean milliseconds per text), with the median entries per explanation.
 */
async function explanationCost({ backend, train: trainSet, texts }) {
  return withWorkspace(backend, async (ws) => {
    const out = [];
    for (const head of [{ type: 'linear' }, { type: 'mlp', hidden_units: 64 }]) {
      const run = await train(ws, { train: trainSet, test: [], params: { head, model_selection: 'none' } });
      const clf = await ws.classifier(run.id);
      // Warmed up on a few texts (the engine compiles the code first), then each timed over all the
      // texts (the page's clock counts tenths of a millisecond).
      for (const text of texts.slice(0, 10)) await clf.explain(text);
      let t0 = performance.now();
      for (const text of texts) await clf.predict(text);
      const predictMs = (performance.now() - t0) / texts.length;
      t0 = performance.now();
      const explanations = [];
      for (const text of texts) explanations.push(await clf.explain(text));
      const explainMs = (performance.now() - t0) / texts.length;
      const entries = median(explanations.map((e) => e.contributions.length));
      const method = explanations[0].method;
      out.push({ head: head.type, method, texts: texts.length, predictMs, explainMs, entries });
    }
    return out;
  });
}

window.sieveBench = { explanationCost, scoringModel, scoringRound, scoringTexts, scoringLettersAs, scoringDone, trainOnSet, trainAndEvaluate, memory, files, featurizeCache, activeLearning, labelerLatency, firstRun };
window.sieveBenchReady = true;
