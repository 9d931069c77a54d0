// Runs under csp.html's policy (no inline scripts or styles, no eval): trains, labels, predicts.
import { openWorkspace } from '/dist/sieve.js';

const violations = [];
document.addEventListener('securitypolicyviolation', (event) => violations.push(`${event.violatedDirective}: ${event.blockedURI || event.sourceFile} (${event.target?.nodeName ?? ""})`));

window.runCspFlow = async () => {
  const ws = await openWorkspace({ name: `csp-${Math.random().toString(36).slice(2)}` });
  const ds = await ws.datasets.create({ name: 'n', labels: ['pos', 'neg'] });
  const texts = ['great wonderful film', 'loved it, superb acting', 'awful boring mess', 'terrible, hated the plot'];
  await ws.datasets.addRecords(ds.id, texts.flatMap((text, i) => Array.from({ length: 6 }, (_, k) => ({ text: `${text} ${k}`, label: i < 2 ? 'pos' : 'neg' }))));
  const run = await ws.train({ datasetId: ds.id });
  const labeler = document.querySelector('sieve-labeler');
  labeler.workspace = ws;
  labeler.datasetId = ds.id;
  const predictor = document.querySelector('sieve-predictor');
  predictor.workspace = ws;
  predictor.runId = run.id;
  let prediction;
  for (let i = 0; i < 200 && !prediction; i++) {
    prediction = await predictor.predict('a wonderful, superb film');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await predictor.updateComplete;
  await new Promise((resolve) => setTimeout(resolve, 300));
  const rows = [...labeler.shadowRoot.querySelectorAll('.row')].map((row) => row.getBoundingClientRect().top);
  const fills = [...predictor.shadowRoot.querySelectorAll('.fill')].map((fill) => fill.getBoundingClientRect().width / fill.parentElement.getBoundingClientRect().width);
  return { label: prediction?.label, scores: prediction && Object.values(prediction.scores), rows, fills, violations };
};
