// The flow every consumer page runs (with a bundler or without): train on the default backbone in
// the training worker, predict with the classifier and with <sieve-predictor>, export the model;
// then media: a folder of drawn images imported and exported as a ZIP, and a head trained on
// precomputed vectors.
// `sieve` is the package's main module as the page imported it.
export async function runFlow(sieve) {
  const ws = await sieve.openWorkspace({ name: `consumer-${Math.random().toString(36).slice(2)}` });
  const ds = await ws.datasets.create({ name: 'reviews', labels: ['pos', 'neg'] });
  const texts = ['great wonderful film', 'loved it, superb acting', 'awful boring mess', 'terrible, hated the plot'];
  await ws.datasets.addRecords(ds.id, texts.flatMap((text, i) => Array.from({ length: 6 }, () => ({ text, label: i < 2 ? 'pos' : 'neg' }))));
  const run = await ws.train({ datasetId: ds.id });
  const clf = await ws.classifier(run.id);
  // English, then other scripts: Greek with Σ (its lower case depends on its place), Turkish
  // capitals with İ (lower case: two units), Chinese, Cyrillic, and characters above the BMP.
  const probes = ['a wonderful, superb film', 'boring and terrible', 'the plot of the film', 'ΟΔΥΣΣΕΥΣ: a wonderful film', 'İSTANBUL was boring', '这部电影 superb 很好', 'Москва: ТЕРРИБЛ film', 'emoji 😀 and 𐐀 deseret'];
  const predictions = await clf.predictBatch(probes);
  const element = document.createElement('sieve-predictor');
  element.workspace = ws;
  element.runId = run.id;
  document.body.append(element);
  // Asked at once: the element waits for the model it was given.
  const shown = await element.predict(probes[0]);
  const file = new Uint8Array(await (await ws.models.export(run.id)).arrayBuffer());
  const folder = await Promise.all(
    ['red', 'orange', 'blue', 'navy'].map(async (colour, i) => {
      const canvas = new OffscreenCanvas(16, 16);
      const g = canvas.getContext('2d');
      g.fillStyle = colour;
      g.fillRect(0, 0, 16, 16);
      return { path: `colours/${i < 2 ? 'warm' : 'cool'}/${colour}.png`, file: await canvas.convertToBlob() };
    }),
  );
  const imported = await ws.datasets.importFolder({ name: 'colours' }, folder);
  const zip = await ws.datasets.exportZip(imported.datasetId);
  const vectors = await ws.datasets.create({ name: 'vectors', labels: ['a', 'b'] });
  await ws.datasets.addRecords(vectors.id, Array.from({ length: 20 }, (_, i) => ({ vector: i % 2 ? [0, 1, i / 40] : [1, 0, i / 40], label: i % 2 ? 'b' : 'a' })));
  const vectorRun = await ws.train({ datasetId: vectors.id, backbone: 'precomputed' });
  const vectorClassifier = await ws.classifier(vectorRun.id);
  const vectorProbes = [[0.1, 0.9, 0], [0.9, 0.1, 0.2]];
  return {
    media: {
      imported: imported.added,
      zipBytes: zip.size,
      zipStart: String.fromCharCode(...new Uint8Array(await zip.slice(0, 2).arrayBuffer())),
      vectorLabel: (await vectorClassifier.predict(vectorProbes[0])).label,
      vectorProbes,
      vectorScores: (await vectorClassifier.predictBatch(vectorProbes)).map((p) => p.scores),
      vectorModelFile: Array.from(new Uint8Array(await (await ws.models.export(vectorRun.id)).arrayBuffer())),
    },
    backend: run.params.backend,
    labels: predictions.map((p) => p.label),
    scores: predictions.map((p) => p.scores),
    elementLabel: shown?.label,
    defined: ['sieve-labeler', 'sieve-trainer', 'sieve-predictor', 'sieve-runs'].map((tag) => !!customElements.get(tag)),
    probes,
    modelFile: Array.from(file),
  };
}
