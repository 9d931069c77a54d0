// Runs inside Chromium, served by Vite from the sources, driven by bench/run.mjs: the training
// engine against tf.LayersModel.fit on the same head, data, epochs, batch size and backend.
import { loadBuiltinBackbone } from '../src/backbones/builtin.js';
import { resolveBackboneRef } from '../src/backbones/resolve.js';
import type { BuiltinBackboneRef, FeatureBatch } from '../src/backbones/backbone.js';
import { useBackend } from '../src/training/backend.js';
import type { BackendPreference } from '../src/training/backend-preference.js';
import { Head } from '../src/training/head.js';
import { argmax } from '../src/inference/scores.js';
import { resolveArguments } from '../src/training/params.js';
import { predictLogits } from '../src/training/predict.js';
import { tf } from '../src/training/tf.js';
// The full TensorFlow.js bundle, for its layers API (LayersModel.fit); the library uses only its core.
import * as tfl from '@tensorflow/tfjs';
import { trainHead } from '../src/training/train-loop.js';

interface Example {
  text: string;
  label: string;
}

interface FitComparison {
  head: string;
  backend: string;
  epochs: number;
  batchSize: number;
  steps: number;
  /** Runs per side (seeds); seconds are summed over them, accuracies averaged. */
  runs: number;
  loopSeconds: number;
  fitSeconds: number;
  loopAccuracy: number;
  fitAccuracy: number;
}

const LABELS = ['ham', 'spam'];

async function featurize(backboneId: string, texts: string[]): Promise<FeatureBatch> {
  const backbone = await loadBuiltinBackbone(resolveBackboneRef(backboneId) as BuiltinBackboneRef, `${location.origin}/public/`);
  return backbone.featurize(texts);
}

function accuracy(predicted: number[], examples: Example[]): number {
  return predicted.filter((p, i) => LABELS[p] === examples[i].label).length / examples.length;
}

/** Our loop and `model.fit` train the same dense head (linear or MLP) on GloVe features; both are timed and tested. */
async function compareWithFit(options: { train: Example[]; test: Example[]; backend: BackendPreference; epochs: number; batchSize: number; learningRate: number }): Promise<FitComparison[]> {
  const { train, test, epochs, batchSize, learningRate } = options;
  const backend = await useBackend(options.backend, `${location.origin}/dist/`);
  const features = await featurize('glove-100d', [...train, ...test].map((e) => e.text));
  const dims = features.dims;
  const trainRows = train.map((_, i) => i);
  const testRows = test.map((_, i) => train.length + i);
  const y = Int32Array.from(train, (e) => LABELS.indexOf(e.label));
  const results: FitComparison[] = [];
  const hidden = 64;

  /** Our loop on the head: seconds and test accuracy. */
  async function ours(type: 'linear' | 'mlp', seed: number): Promise<[number, number]> {
    // No validation split: every example trains, as in the fit baseline.
    const args = resolveArguments({
      num_train_epochs: epochs,
      per_device_train_batch_size: batchSize,
      learning_rate: learningRate,
      lr_scheduler_type: 'constant',
      class_weighting: 'none',
      early_stopping_patience: 0,
      seed,
      head: { type, hidden_units: hidden, dropout: 0 },
    });
    const head = Head.create({ type, hiddenUnits: hidden, dropout: 0, dims, buckets: 0, classes: 2 }, seed);
    const t = performance.now();
    await trainHead(head, features, { rows: trainRows, targets: { multiLabel: false, classes: y } }, { rows: [], targets: { multiLabel: false, classes: new Int32Array() } }, { args, labels: LABELS });
    const seconds = (performance.now() - t) / 1000;
    const logits = await predictLogits(head, features, testRows);
    head.dispose();
    return [seconds, accuracy(testRows.map((_, i) => argmax(logits.subarray(i * 2, i * 2 + 2))), test)];
  }

  /** The same head as a LayersModel, trained by fit: seconds and test accuracy. */
  async function fit(type: 'linear' | 'mlp'): Promise<[number, number]> {
    const model = tfl.sequential();
    if (type === 'mlp') {
      model.add(tfl.layers.dense({ units: hidden, activation: 'relu', inputShape: [dims] }));
      model.add(tfl.layers.dense({ units: 2, activation: 'softmax' }));
    } else {
      model.add(tfl.layers.dense({ units: 2, activation: 'softmax', inputShape: [dims], kernelInitializer: 'zeros' }));
    }
    model.compile({ optimizer: tf.train.adam(learningRate), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const xs = tf.tensor2d(features.dense.subarray(0, train.length * dims), [train.length, dims]);
    const ys = tf.oneHot(tf.tensor1d(y, 'int32'), 2);
    const t = performance.now();
    await model.fit(xs, ys, { epochs, batchSize, shuffle: true, verbose: 0 });
    const seconds = (performance.now() - t) / 1000;
    const testX = tf.tensor2d(features.dense.subarray(train.length * dims), [test.length, dims]);
    const predicted = tf.tidy(() => (model.predict(testX) as tf.Tensor).argMax(1));
    const acc = accuracy(Array.from(await predicted.data()), test);
    tf.dispose([xs, ys, testX, predicted]);
    model.dispose();
    return [seconds, acc];
  }

  for (const type of ['linear', 'mlp'] as const) {
    // One untimed pass of each first, so that neither pays for kernel and WASM warm-up; then
    // alternating runs with five seeds (initial weights and order differ): times summed,
    // accuracies averaged.
    await ours(type, 0);
    await fit(type);
    let [loopSeconds, fitSeconds, loopAccuracy, fitAccuracy] = [0, 0, 0, 0];
    for (const seed of SEEDS) {
      const [ls, la] = await ours(type, seed);
      const [fs, fa] = await fit(type);
      loopSeconds += ls;
      fitSeconds += fs;
      loopAccuracy += la / SEEDS.length;
      fitAccuracy += fa / SEEDS.length;
    }
    results.push({ head: `${type} on GloVe 100-d`, backend, epochs, batchSize, steps: epochs * Math.ceil(train.length / batchSize), runs: SEEDS.length, loopSeconds, fitSeconds, loopAccuracy, fitAccuracy });
  }
  return results;
}

const SEEDS = [1, 2, 3, 4, 5];

declare global {
  interface Window {
    sieveEngineBench: { compareWithFit: typeof compareWithFit };
    sieveEngineBenchReady: boolean;
  }
}

window.sieveEngineBench = { compareWithFit };
window.sieveEngineBenchReady = true;
