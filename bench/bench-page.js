// Runs inside Chromium, driven by bench/run.mjs. Uses only the built library (/dist/sieve.js).
import { openWorkspace } from '/dist/sieve.js';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Trains on the train split, evaluates on the test split, measures prediction speed. */
async function trainAndEvaluate({ name, backend, backbone, params, train, test, latencySamples = 200 }) {
  const ws = await openWorkspace({ name, backend });
  try {
    const ds = await ws.datasets.create({ name, labels: ['ham', 'spam'] });
    await ws.datasets.addRecords(ds.id, train.map((r) => ({ text: r.text, label: r.label })));
    let featurizeMs = 0;
    let epochs = 0;
    const t0 = performance.now();
    let tFeat = t0;
    const run = await ws.train({
      datasetId: ds.id,
      backbone,
      params,
      onProgress: (p) => {
        if (p.status === 'featurize' && p.done === p.total) {
          tFeat = performance.now();
          featurizeMs = tFeat - t0;
        }
        if (p.status === 'epoch') epochs = p.epoch;
      },
    });
    const trainMs = performance.now() - t0;
    const clf = await ws.classifier(run.id);
    const t1 = performance.now();
    const predictions = await clf.predictBatch(test.map((r) => r.text));
    const batchMs = performance.now() - t1;
    const correct = predictions.filter((p, i) => p.label === test[i].label).length;
    const latencies = [];
    for (let i = 0; i < latencySamples; i++) {
      const t = performance.now();
      await clf.predict(test[i % test.length].text);
      latencies.push(performance.now() - t);
    }
    clf.dispose();
    return {
      backbone: backbone ?? 'sieve-text (default)',
      backend: run.params.backend,
      testAccuracy: correct / test.length,
      validationAccuracy: run.metrics.accuracy,
      epochs,
      bestEpoch: run.params.bestEpoch,
      totalTrainSeconds: trainMs / 1000,
      featurizeSeconds: featurizeMs / 1000,
      predictBatchPerSecond: test.length / (batchMs / 1000),
      predictP50Ms: median(latencies),
    };
  } finally {
    ws.close();
    indexedDB.deleteDatabase(`sieve:${name}`);
  }
}

window.sieveBench = { trainAndEvaluate };
window.sieveBenchReady = true;
