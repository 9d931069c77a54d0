// Compiled by the consumer test against the installed package, with skipLibCheck off: every
// public entry's types resolve and type-check without the package's development dependencies.
import { openWorkspace, setBasePath, type Prediction, type Run, type TrainingArguments } from 'sieve-classifier';
import { loadClassifier, type Classifier } from 'sieve-classifier/predict';
import { openWorkspace as openFromCore } from 'sieve-classifier/core';
import { SievePredictor } from 'sieve-classifier/components/sieve-predictor.js';
import 'sieve-classifier/components/sieve-trainer.js';

export async function typed(): Promise<[Prediction, Run, Partial<TrainingArguments>]> {
  setBasePath('/static/sieve/');
  const ws = await openWorkspace();
  const run = await ws.train({ datasetId: 'x', params: { num_train_epochs: 3 } });
  const classifier: Classifier = await loadClassifier(await ws.models.export(run.id));
  const element: SievePredictor = document.createElement('sieve-predictor');
  element.workspace = await openFromCore({ name: 'other' });
  document.querySelector('sieve-trainer')?.addEventListener('sieve-run-finished', (event) => console.log(event.detail.status));
  element.addEventListener('sieve-prediction', (event) => console.log(event.detail.prediction.label));
  return [await classifier.predict('text'), run, { learning_rate: 0.01 }];
}
