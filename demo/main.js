// The demo: one workspace, the SpamAssassin sample as a dataset, and the four components wired
// to it. It loads the built library, exactly as a page embedding Sieve would.
import { openWorkspace } from '/dist/sieve.js';

const DATASET_NAME = 'SpamAssassin sample';
const UNLABELED = 40;

const status = document.querySelector('#status');
const labeler = document.querySelector('#labeler');
const trainer = document.querySelector('#trainer');
const predictor = document.querySelector('#predictor');
const runs = document.querySelector('#runs');
const importer = document.querySelector('#importer');
const scores = document.querySelector('#scores');

/** Imports the shipped sample; the last records come without labels, for labeling. */
async function importSample(ws) {
  const response = await fetch(new URL('samples/spamassassin-sample.jsonl', ws.assetsUrl));
  if (!response.ok) throw new Error(`Could not load the sample: HTTP ${response.status}`);
  const rows = (await response.text()).split('\n').filter(Boolean).map((line) => JSON.parse(line));
  const ds = await ws.datasets.create({
    name: DATASET_NAME,
    labels: ['ham', 'spam'],
    description: 'Emails of the SpamAssassin public corpus (subject and body).',
  });
  await ws.datasets.addRecords(
    ds.id,
    rows.map((row, i) => (i < rows.length - UNLABELED ? row : { id: row.id, text: row.text, metadata: row.metadata })),
  );
  return ds;
}

async function main() {
  const ws = await openWorkspace({ name: 'sieve-demo' });
  document.querySelector('#notice').href = new URL('samples/SPAMASSASSIN-NOTICE.md', ws.assetsUrl).href;
  const ds = (await ws.datasets.list()).find((d) => d.name === DATASET_NAME) ?? (await importSample(ws));
  for (const element of [labeler, trainer, predictor, runs, importer, scores]) {
    element.workspace = ws;
    element.datasetId = ds.id;
  }
  importer.addEventListener('sieve-import-done', () => labeler.refresh());
  runs.addEventListener('sieve-run-selected', (event) => (predictor.runId = event.detail.runId));
  const annotator = document.querySelector('#annotator');
  const setAnnotator = () => annotator.value.trim() && ws.setAnnotator(annotator.value);
  setAnnotator();
  annotator.addEventListener('change', setAnnotator);
  document.querySelector('#theme').addEventListener('change', (event) => {
    if (event.target.value) document.documentElement.style.setProperty('--sieve-color-scheme', event.target.value);
    else document.documentElement.style.removeProperty('--sieve-color-scheme');
  });
  document.querySelector('#queue').addEventListener('change', (event) => (labeler.queue = event.target.checked));
  document.querySelector('#retrain').addEventListener('change', (event) => (labeler.retrainEvery = event.target.checked ? 10 : 0));
  let scoring = false;
  document.querySelector('#score-all').addEventListener('click', async () => {
    const runId = predictor.runId ?? (await ws.runs.list({ datasetId: ds.id })).find((r) => r.status === 'FINISHED')?.id;
    if (!runId) {
      status.textContent = 'Train a model first: scoring needs one.';
      return;
    }
    if (scoring) return;
    scoring = true;
    try {
      scores.outputId = (await ws.outputs.create(runId, ds.id)).id;
    } finally {
      scoring = false;
    }
  });
  document.querySelector('#export-dataset').addEventListener('click', async () => {
    const link = document.createElement('a');
    link.href = URL.createObjectURL(await ws.datasets.export(ds.id, { format: 'csv' }));
    link.download = 'spamassassin-sample.csv';
    link.click();
    URL.revokeObjectURL(link.href);
  });
  const records = await ws.datasets.records(ds.id);
  status.textContent = `${records.length} emails loaded; backend: ${await ws.backend()}.`;
  document.querySelector('#reset').addEventListener('click', () => {
    ws.close();
    const request = indexedDB.deleteDatabase('sieve:sieve-demo');
    request.onsuccess = request.onerror = request.onblocked = () => location.reload();
  });
  document.body.dataset.ready = 'true';
}

main().catch((error) => {
  status.textContent = `The demo could not start: ${error.message}`;
  status.setAttribute('role', 'alert');
});
