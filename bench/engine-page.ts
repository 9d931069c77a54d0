// Runs inside Chromium, served by Vite from the sources, driven by bench/run.mjs: the training
// engine against tf.LayersModel.fit on the same head, data, epochs, batch size and backend.
import { loadBuiltinBackbone } from '../src/backbones/builtin.js';
import { resolveBackboneRef } from '../src/backbones/resolve.js';
import type { BuiltinBackboneRef, FeatureBatch } from '../src/backbones/backbone.js';
import { useBackend, type BackendPreference } from '../src/training/backend.js';
import { Head } from '../src/training/head.js';
import { argmax } from '../src/training/metrics.js';
import { resolveArguments } from '../src/training/params.js';
import { predictLogits } from '../src/training/predict.js';
import { tf } from '../src/training/tf.js';
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
  // One untimed pass of each first, so that neither pays for kernel and WASM warm-up.
  for (const [type, timed] of [['linear', false], ['mlp', false], ['linear', true], ['mlp', true]] as const) {
    const hidden = 64;
    // Sieve's loop, with no validation split: every example trains, as in the fit baseline.
    const args = resolveArguments({
      num_train_epochs: epochs,
      per_device_train_batch_size: batchSize,
      learning_rate: learningRate,
      lr_scheduler_type: 'constant',
      class_weighting: 'none',
      early_stopping_patience: 0,
      head: { type, hidden_units: hidden, dropout: 0 },
    });
    const head = Head.create({ type, hiddenUnits: hidden, dropout: 0, dims, buckets: 0, classes: 2 }, 1);
    let t = performance.now();
    await trainHead(head, features, { rows: trainRows, targets: { multiLabel: false, classes: y } }, { rows: [], targets: { multiLabel: false, classes: new Int32Array() } }, { args, labels: LABELS });
    const loopSeconds = (performance.now() - t) / 1000;
    const logits = await predictLogits(head, features, testRows);
    const loopAccuracy = accuracy(testRows.map((_, i) => argmax(logits.subarray(i * 2, i * 2 + 2))), test);
    head.dispose();

    // The same head as a LayersModel, trained by fit.
    const model = tf.sequential();
    if (type === 'mlp') {
      model.add(tf.layers.dense({ units: hidden, activation: 'relu', inputShape: [dims] }));
      model.add(tf.layers.dense({ units: 2, activation: 'softmax' }));
    } else {
      model.add(tf.layers.dense({ units: 2, activation: 'softmax', inputShape: [dims], kernelInitializer: 'zeros' }));
    }
    model.compile({ optimizer: tf.train.adam(learningRate), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const xs = tf.tensor2d(features.dense.subarray(0, train.length * dims), [train.length, dims]);
    const ys = tf.oneHot(tf.tensor1d(y, 'int32'), 2);
    t = performance.now();
    await model.fit(xs, ys, { epochs, batchSize, shuffle: true, verbose: 0 });
    const fitSeconds = (performance.now() - t) / 1000;
    const testX = tf.tensor2d(features.dense.subarray(train.length * dims), [test.length, dims]);
    const predicted = tf.tidy(() => (model.predict(testX) as tf.Tensor).argMax(1));
    const fitAccuracy = accuracy(Array.from(await predicted.data()), test);
    tf.dispose([xs, ys, testX, predicted]);
    model.dispose();
    if (timed) results.push({ head: `${type} on GloVe 100-d`, backend, epochs, batchSize, steps: epochs * Math.ceil(train.length / batchSize), loopSeconds, fitSeconds, loopAccuracy, fitAccuracy });
  }
  return results;
}

declare global {
  interface Window {
    sieveEngineBench: { compareWithFit: typeof compareWithFit; profileDefaultStep?: (o: { train: Example[]; backend: BackendPreference }) => Promise<unknown> };
    sieveEngineBenchReady: boolean;
  }
}

window.sieveEngineBench = { compareWithFit };
window.sieveEngineBenchReady = true;

/** Per-kernel time of training steps of the default head on real data (a diagnostic, not a benchmark). */
async function profileDefaultStep(options: { train: Example[]; backend: BackendPreference }): Promise<unknown> {
  await useBackend(options.backend, `${location.origin}/dist/`);
  const { packSparseBatch } = await import('../src/training/batches.js');
  const { HeadTrainer } = await import('../src/training/head-trainer.js');
  const texts = options.train.slice(0, 640).map((e) => e.text);
  const features = await featurize('sieve-text', texts);
  const sparse = features.sparse!;
  const head = Head.create({ type: 'linear', hiddenUnits: 0, dropout: 0, dims: features.dims, buckets: sparse.buckets, classes: 2 }, 1);
  const trainer = new HeadTrainer(head, { multiLabel: false, weightDecay: 0 });
  const scratch = new Int32Array(sparse.buckets).fill(-1);
  const out: unknown[] = [];
  for (let b = 0; b < 10; b++) {
    const rows = Array.from({ length: 64 }, (_, i) => b * 64 + i);
    const t0 = performance.now();
    const packed = packSparseBatch(features, rows, scratch);
    const packMs = performance.now() - t0;
    const dense = tf.concat([tf.tensor2d(features.dense.subarray(b * 64 * features.dims, (b + 1) * 64 * features.dims), [64, features.dims]), tf.ones([64, 1])], 1) as tf.Tensor2D;
    const y = tf.oneHot(tf.tensor1d(rows.map((i) => LABELS.indexOf(options.train[i].label)), 'int32'), 2).cast('float32') as tf.Tensor2D;
    const w = tf.fill([64, 1], 1 / 64) as tf.Tensor2D;
    const t1 = performance.now();
    const info = await tf.profile(() => trainer.trainStep({ dense, targets: y, weights: w, sparse: packed, seed: 1 }, 0.05));
    const stepMs = performance.now() - t1;
    const byKernel: Record<string, number> = {};
    for (const k of info.kernels) byKernel[k.name] = (byKernel[k.name] ?? 0) + (k.kernelTimeMs as number);
    out.push({ k: packed.k, unique: packed.unique.length, packMs, stepMs, kernels: info.kernels.length, top: Object.entries(byKernel).sort((a, c) => c[1] - a[1]).slice(0, 6) });
    tf.dispose([dense, y, w]);
  }
  trainer.dispose();
  head.dispose();
  return out;
}
window.sieveEngineBench.profileDefaultStep = profileDefaultStep;
