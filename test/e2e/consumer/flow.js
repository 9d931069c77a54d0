// The flow every consumer page runs (with a bundler or without): train on the default backbone in
// the training worker, predict with the classifier and with <sieve-predictor>, export the model.
// `sieve` is the package's main module as the page imported it.
export async function runFlow(sieve) {
  const ws = await sieve.openWorkspace({ name: `consumer-${Math.random().toString(36).slice(2)}` });
  const ds = await ws.datasets.create({ name: 'reviews', labels: ['pos', 'neg'] });
  const texts = ['great wonderful film', 'loved it, superb acting', 'awful boring mess', 'terrible, hated the plot'];
  await ws.datasets.addRecords(ds.id, texts.flatMap((text, i) => Array.from({ length: 6 }, () => ({ text, label: i < 2 ? 'pos' : 'neg' }))));
  const run = await ws.train({ datasetId: ds.id });
  const clf = await ws.classifier(run.id);
  const probes = ['a wonderful, superb film', 'boring and terrible', 'the plot of the film'];
  const predictions = await clf.predictBatch(probes);
  const element = document.createElement('sieve-predictor');
  element.workspace = ws;
  element.runId = run.id;
  document.body.append(element);
  await new Promise((resolve) => setTimeout(resolve, 200));
  const shown = await element.predict(probes[0]);
  const file = new Uint8Array(await (await ws.models.export(run.id)).arrayBuffer());
  return {
    backend: run.params.backend,
    labels: predictions.map((p) => p.label),
    scores: predictions.map((p) => p.scores),
    elementLabel: shown?.label,
    defined: ['sieve-labeler', 'sieve-trainer', 'sieve-predictor', 'sieve-runs'].map((tag) => !!customElements.get(tag)),
    probes,
    modelFile: Array.from(file),
  };
}
