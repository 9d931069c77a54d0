// A page that shows <sieve-predictor> for a stored model, loading only what such a page needs:
// `?core=` the module with openWorkspace, `?element=` the module that defines the element (none:
// the core module defines it). `?train=<backbone>` first trains a model to show (setup only).
const params = new URLSearchParams(location.search);
const { openWorkspace } = await import(params.get('core'));
if (params.get('element')) await import(params.get('element'));

window.sizeBench = {
  /** Trains a small spam/ham model on the demo sample with `backbone`; resolves with its run id. */
  async train(backbone) {
    const ws = await openWorkspace({ name: 'size-bench' });
    const rows = (await (await fetch(params.get('sample'))).text()).split('\n').filter(Boolean).map((line) => JSON.parse(line));
    const ds = await ws.datasets.create({ name: backbone, labels: ['ham', 'spam'] });
    await ws.datasets.addRecords(ds.id, rows.slice(0, 300).map((r) => ({ text: r.text, label: r.label })));
    const run = await ws.train({ datasetId: ds.id, backbone });
    ws.close();
    return run.id;
  },
  /** Shows the predictor for `runId` and resolves when its first prediction is shown: ms since navigation. */
  async firstPrediction(runId, text) {
    const ws = await openWorkspace({ name: 'size-bench' });
    const element = document.createElement('sieve-predictor');
    document.body.append(element);
    element.workspace = ws;
    element.runId = runId;
    for (;;) {
      const prediction = await element.predict(text);
      if (prediction) return { ms: performance.now(), label: prediction.label };
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  },
};
window.sizeBenchReady = true;
