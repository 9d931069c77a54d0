import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { stratifiedSplit } from '../../src/data/split.js';
import { useBackend } from '../../src/training/backend.js';
import { hasHardwareWebGPU } from '../../src/util/webgpu.js';
import { evaluate } from '../../src/training/metrics.js';
import { averagePrecision, rocAuc } from '../../src/training/ranking.js';
import { classCurves } from '../../src/training/curves.js';
import { fitTemperature } from '../../src/training/calibration.js';
import { calibrateScores } from '../../src/training/score-calibration.js';
import { tuneThresholds } from '../../src/training/thresholds.js';
import { learningRateAt, planSteps } from '../../src/training/schedule.js';
import { seededRandom } from '../../src/util/random.js';
import { DEFAULT_ARGUMENTS, resolveArguments } from '../../src/training/params.js';
import { SparseBatchPacker } from '../../src/training/batches.js';
import { sparseTensors } from '../../src/training/feature-tensors.js';
import { Head, type HeadConfig } from '../../src/training/head.js';
import { HeadTrainer, STEP_WEIGHT_SCALE } from '../../src/training/head-trainer.js';
import { sparseBag } from '../../src/training/sparse-bag.js';
import type { FeatureBatch } from '../../src/backbones/backbone.js';
import { tf } from '../../src/training/tf.js';
import { TrainingCancelledError, TrainingError, ValidationError } from '../../src/index.js';
import { ASSETS_URL, deleteWorkspaces, freshWorkspace, toyRecords } from './helpers.js';
// The reference steps use autodiff, which the library itself never needs (its gradients are closed-form).
import '@tensorflow/tfjs-core/dist/register_all_gradients';

afterAll(deleteWorkspaces);
const assets = new URL(ASSETS_URL, location.href).href;

// First: once WebGPU has run in this page, SwiftShader's adapter no longer reports itself as a fallback.
describe('backend selection', () => {
  it('auto skips a software WebGPU adapter and picks WASM', async () => {
    const adapter = await navigator.gpu?.requestAdapter();
    const info = (adapter as unknown as { info?: { isFallbackAdapter?: boolean } })?.info;
    expect(info?.isFallbackAdapter).toBe(true); // SwiftShader in these tests
    expect(await hasHardwareWebGPU()).toBe(false);
    expect(await useBackend('auto', assets)).toBe('wasm');
  });
});

describe('hand-written training step', () => {
  // Three Adam steps of HeadTrainer must equal three tf.train.adam steps on autodiff gradients.
  const features: FeatureBatch = {
    count: 4,
    dims: 3,
    dense: Float32Array.from([0.1, 0.5, -0.2, 0.7, -0.1, 0.3, -0.4, 0.2, 0.9, 0.05, 0.6, -0.3]),
    sparse: { buckets: 5, offsets: Int32Array.from([0, 2, 3, 6, 7]), indices: Int32Array.from([1, 3, 0, 1, 1, 4, 2]), values: Float32Array.from([0.5, 0.25, 1, 1, 1, 2, 0.8]) },
  };
  const rows = [0, 1, 2, 3];

  /** Weights after three steps of tf.train.adam on autodiff gradients (CPU: it can differentiate gather). */
  async function reference(config: HeadConfig, multiLabel: boolean, weightDecay: number, targets: number[][], weights: number[][]): Promise<Map<string, Float32Array>> {
    await useBackend('cpu', assets);
    const head = Head.create(config, 5);
    const optimizer = tf.train.adam(0.05);
    const inputs = { dense: tf.tensor2d(features.dense, [4, 3]), ...sparseTensors(features, rows) };
    const y = tf.tensor2d(targets);
    const w = tf.tensor2d(weights);
    for (let step = 1; step <= 3; step++) {
      optimizer.minimize(() => {
        const z = config.dropout > 0 ? droppedOutLogits(head, inputs, step) : head.logits(inputs);
        const data = multiLabel ? tf.sum(tf.softplus(z).sub(y.mul(z)).mul(w)).div(8) : tf.sum(tf.logSoftmax(z).mul(y).sum(1, true).mul(w)).div(-4);
        const decayed = [...head.variables].filter(([name]) => !name.endsWith('/bias'));
        return decayed.reduce((l, [, v]) => l.add(tf.sum(tf.square(v)).mul(weightDecay / 2)), data) as tf.Scalar;
      });
    }
    const out = new Map<string, Float32Array>();
    for (const [name, v] of head.variables) out.set(name, (await v.data()) as Float32Array);
    optimizer.dispose();
    head.dispose();
    tf.dispose([inputs.dense, inputs.indices!, inputs.values!, y, w]);
    return out;
  }

  /**
   * An MLP's logits with the dropout mask HeadTrainer draws for step `seed` (uniforms over the
   * hidden units and its bias unit, seeded by the step; kept where ≥ rate, scaled by 1 / (1 − rate)).
   */
  function droppedOutLogits(head: Head, inputs: { dense: tf.Tensor2D; indices?: tf.Tensor2D; values?: tf.Tensor2D }, seed: number): tf.Tensor2D {
    const { hiddenUnits: units, dropout: rate } = head.config;
    const v = head.variables;
    const rows = inputs.dense.shape[0];
    const keep = tf.randomUniform([rows, units + 1], 0, 1, 'float32', seed).slice([0, 0], [rows, units]).greaterEqual(rate).cast('float32').div(1 - rate);
    const hidden = tf.relu(inputs.dense.matMul(v.get('hidden/kernel') as tf.Tensor2D).add(v.get('hidden/bias')!)).mul(keep) as tf.Tensor2D;
    const sparse = head.config.buckets ? tf.gather(v.get('sparse/table')!, inputs.indices!.reshape([-1])).reshape([rows, inputs.indices!.shape[1], -1]).mul(inputs.values!.expandDims(2)).sum(1) : tf.zeros([rows, 1]);
    return hidden.matMul(v.get('dense/kernel') as tf.Tensor2D).add(v.get('output/bias')!).add(sparse) as tf.Tensor2D;
  }

  async function compare(backend: 'wasm' | 'cpu' | 'webgpu', type: 'linear' | 'mlp', multiLabel: boolean, weightDecay: number, mlp: { dropout: number; table: boolean } = { dropout: 0, table: false }): Promise<void> {
    const config: HeadConfig = { type, hiddenUnits: 4, dropout: mlp.dropout, dims: 3, buckets: type === 'linear' || mlp.table ? 5 : 0, classes: 2 };
    const targets = multiLabel ? [[1, 0], [1, 1], [0, 0], [0, 1]] : [[1, 0], [0, 1], [0, 1], [1, 0]];
    const weights = multiLabel ? targets.map((t) => t.map((y) => (y ? 1 : 0.05))) : [[1], [2], [0.5], [1]];
    const expected = await reference(config, multiLabel, weightDecay, targets, weights);
    await useBackend(backend, assets);
    const start = tf.memory().numTensors;
    const head = Head.create(config, 5);
    const trainer = new HeadTrainer(head, { multiLabel, weightDecay });
    const dense = tf.tensor2d(features.dense, [4, 3]);
    const y = tf.tensor2d(targets);
    // The step takes weights with the loss's normalization (÷ batch, or ÷ batch × classes) and its scale folded in.
    const w = tf.tidy(() => tf.tensor2d(weights).mul(STEP_WEIGHT_SCALE / (multiLabel ? 8 : 4)) as tf.Tensor2D);
    for (let step = 1; step <= 3; step++) {
      tf.tidy(() =>
        trainer.trainStep(
          {
            dense: tf.concat([dense, tf.ones([4, 1])], 1) as tf.Tensor2D,
            targets: y,
            weights: w,
            sparse: config.buckets ? new SparseBatchPacker(5).pack(features, rows) : undefined,
            seed: step,
          },
          0.05,
        ),
      );
    }
    trainer.writeBack();
    for (const [name, values] of expected) {
      // data(), not dataSync(): WebGPU cannot read back synchronously.
      const got = await head.variables.get(name)!.data();
      values.forEach((value, i) => expect(got[i], `${backend} ${type} ${name}[${i}]`).toBeCloseTo(value, 5));
    }
    trainer.dispose();
    head.dispose();
    tf.dispose([dense, y, w]);
    expect(tf.memory().numTensors).toBe(start);
  }

  it('equals Adam on autodiff gradients: linear + n-gram table, single-label, weight decay (WASM and CPU)', async () => {
    await compare('wasm', 'linear', false, 0.01);
    await compare('cpu', 'linear', false, 0.01);
  });

  it('equals Adam on autodiff gradients: MLP and linear, multi-label with weak negatives', async () => {
    await compare('wasm', 'mlp', true, 0.01);
    await compare('wasm', 'linear', true, 0);
    await compare('cpu', 'mlp', false, 0);
  });

  it('equals Adam on autodiff gradients: MLP with dropout and an n-gram table (WASM and CPU)', async () => {
    await compare('wasm', 'mlp', false, 0.01, { dropout: 0.5, table: true });
    await compare('cpu', 'mlp', true, 0, { dropout: 0.3, table: true });
  });

  it('computes the n-gram bag in one kernel as the gather does (WASM and CPU)', async () => {
    for (const backend of ['wasm', 'cpu'] as const) {
      await useBackend(backend, assets);
      const start = tf.memory().numTensors;
      tf.tidy(() => {
        const table = tf.randomNormal([50, 3], 0, 1, 'float32', 7) as tf.Tensor2D;
        // Repeated ids, id 0 and padding (value 0), rows of different lengths.
        const indices = tf.tensor2d([[1, 4, 49, 0], [7, 7, 0, 0]], [2, 4], 'int32');
        const values = tf.tensor2d([[0.5, 1, -2, 0.25], [1, 1, 0, 0]]);
        const fused = sparseBag(table, indices, values, true).arraySync();
        const gathered = sparseBag(table, indices, values, false).arraySync();
        fused.forEach((row, i) => row.forEach((v, c) => expect(v, `${backend} [${i}, ${c}]`).toBeCloseTo(gathered[i][c], 5)));
      });
      expect(tf.memory().numTensors).toBe(start);
    }
  });

  it('equals Adam on autodiff gradients on WebGPU too (element-wise ops instead of the fused kernel)', async () => {
    await compare('webgpu', 'mlp', true, 0.01);
    await compare('webgpu', 'linear', false, 0.01);
    await compare('webgpu', 'mlp', false, 0.01, { dropout: 0.5, table: true });
  });
});

describe('metrics', () => {
  it('equal hand-computed values (single-label)', () => {
    // truth: a a b b c ; predicted: a b b b a
    const probs = Float32Array.from([0.8, 0.1, 0.1, 0.3, 0.6, 0.1, 0.1, 0.8, 0.1, 0.2, 0.7, 0.1, 0.5, 0.3, 0.2]);
    const m = evaluate(probs, { multiLabel: false, classes: Int32Array.from([0, 0, 1, 1, 2]) }, ['a', 'b', 'c']);
    expect(m.accuracy).toBeCloseTo(3 / 5);
    expect(m.microF1).toBeCloseTo(3 / 5);
    expect(m.perClass.a).toMatchObject({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(m.perClass.b.precision).toBeCloseTo(2 / 3);
    expect(m.perClass.b.recall).toBe(1);
    expect(m.perClass.b.f1).toBeCloseTo(0.8);
    expect(m.perClass.c).toMatchObject({ precision: 0, recall: 0, f1: 0, support: 1 });
    expect(m.macroF1).toBeCloseTo((0.5 + 0.8 + 0) / 3);
    expect(m.loss).toBeCloseTo(-(Math.log(0.8) + Math.log(0.3) + Math.log(0.8) + Math.log(0.7) + Math.log(0.2)) / 5, 5);
    expect(m.confusionMatrix).toEqual([[1, 1, 0], [0, 2, 0], [1, 0, 0]]);
    // One-vs-rest AUC of a: positives 0.8, 0.3 against 0.1, 0.2, 0.5 → 5 of 6 pairs ranked right.
    expect(m.perClass.a.rocAuc).toBeCloseTo(5 / 6);
    expect(m.perClass.b.rocAuc).toBe(1);
    expect(m.rocAuc).toBeCloseTo((5 / 6 + 1 + 1) / 3);
    // Top-label confidences 0.8✓ 0.6✗ 0.8✓ 0.7✓ 0.5✗ in 15 bins: (|2−1.6| + 0.6 + 0.3 + 0.5) / 5.
    expect(m.ece).toBeCloseTo(0.36, 6);
    // The reliability diagram behind it: bins [0.8, 0.867) twice right, [0.6, 0.667) wrong, ...
    expect(m.reliability!.map((b) => [b.count, b.accuracy])).toEqual([[1, 0], [1, 0], [1, 1], [2, 1]]);
    expect(m.reliability!.at(-1)!.confidence).toBeCloseTo(0.8, 6);
    // Class a's ROC on the grid: scores 0.8+ 0.5− 0.3+ 0.2− 0.1− → operating points (0,½), (⅓,½), (⅓,1), ...
    expect(m.perClass.a.curves!.tpr[0]).toBe(0.5);
    expect(m.perClass.a.curves!.tpr[16]).toBe(0.5); // fpr 0.32 < ⅓
    expect(m.perClass.a.curves!.tpr[17]).toBe(1); // fpr 0.34 ≥ ⅓
    expect(m.perClass.a.curves!.tpr[50]).toBe(1);
    // Interpolated precision: 1 up to recall ½, then ⅔ (2 right of 3 at the threshold that reaches recall 1).
    expect(m.perClass.a.curves!.precision[25]).toBe(1);
    expect(m.perClass.a.curves!.precision[26]).toBeCloseTo(2 / 3, 6);
    // Class c has one positive: its curves exist too.
    expect(m.perClass.c.curves!.tpr).toHaveLength(51);
  });

  it('keep ROC curves that agree with the AUC and PR curves that never rise (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.float({ min: 0, max: 1, noNaN: true }), fc.boolean()), { minLength: 2, maxLength: 60 }), (items) => {
        const scores = items.map(([s]) => s);
        const positive = items.map(([, p]) => p);
        const curves = classCurves(scores, positive);
        if (!positive.includes(true) || !positive.includes(false)) return curves === undefined;
        const { tpr, precision } = curves!;
        for (let k = 1; k < tpr.length; k++) if (tpr[k] < tpr[k - 1] || precision[k] > precision[k - 1] + 1e-12) return false;
        // The area under the curve sampled on the grid stays within two grid steps of the exact AUC (ties count half in both).
        let area = 0;
        for (let k = 1; k < tpr.length; k++) area += (tpr[k] + tpr[k - 1]) / 2 / (tpr.length - 1);
        const auc = rocAuc(Float32Array.from(scores), positive);
        return tpr.at(-1) === 1 && Math.abs(area - auc) <= 2 / (tpr.length - 1);
      }),
    );
  });

  it('equal hand-computed values (multi-label, default and tuned thresholds)', () => {
    const probs = Float32Array.from([0.9, 0.6, 0.2, 0.1]);
    const targets = { multiLabel: true as const, classes: [[0, 1], [1]] };
    const m = evaluate(probs, targets, ['x', 'y']);
    expect(m.accuracy).toBe(0.5);
    expect(m.perClass.x).toMatchObject({ precision: 1, recall: 1, f1: 1, support: 1, rocAuc: 1, averagePrecision: 1 });
    expect(m.perClass.y).toMatchObject({ precision: 1, recall: 0.5, f1: 2 / 3, support: 2, averagePrecision: 1 });
    expect(m.perClass.y.rocAuc).toBeUndefined(); // no negatives
    expect(m.hammingLoss).toBe(0.25);
    expect(m.mAP).toBe(1);
    expect(m.microF1).toBeCloseTo(0.8); // tp 2, fp 0, fn 1
    expect(evaluate(probs, targets, ['x', 'y'], [0.5, 0.05]).accuracy).toBe(1);
  });

  it('rank ties half in ROC-AUC and score average precision like scikit-learn', () => {
    expect(rocAuc([0.5, 0.5, 0.5, 0.5], [true, false, true, false])).toBe(0.5);
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [false, false, true, true])).toBe(0.75);
    expect(averagePrecision([0.1, 0.4, 0.35, 0.8], [false, false, true, true])).toBeCloseTo(0.8333333, 6);
    expect(Number.isNaN(rocAuc([0.3, 0.2], [true, true]))).toBe(true);
  });
});

describe('calibration', () => {
  it('recovers the temperature that generated the labels and lowers the calibration error', () => {
    // Labels drawn from softmax(z / 2.5) for overconfident logits z: the fitted T is near 2.5.
    const random = seededRandom(11);
    const n = 4000;
    const logits = new Float32Array(n * 2);
    const truth = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const z = (random() - 0.5) * 16;
      logits[i * 2 + 1] = z;
      truth[i] = random() < 1 / (1 + Math.exp(-z / 2.5)) ? 1 : 0;
    }
    const targets = { multiLabel: false as const, classes: truth };
    const t = fitTemperature(logits, 2, false, (i, c) => truth[i] === c);
    expect(t).toBeGreaterThan(2.2);
    expect(t).toBeLessThan(2.8);
    const result = calibrateScores(logits, targets, 2, 'temperature');
    expect(result.temperature).toBe(t);
    expect(result.eceAfter).toBeLessThan(result.eceBefore / 3);
    expect(calibrateScores(logits, targets, 2, 'none').temperature).toBe(1);
  });

  it('tunes multi-label thresholds to the F1-best cut', () => {
    // Class 0: positives score 0.3 and 0.25, negatives 0.2 and 0.1 → cut between 0.25 and 0.2.
    const probs = Float32Array.from([0.3, 0.9, 0.25, 0.8, 0.2, 0.1, 0.1, 0.7]);
    const has = (i: number, c: number) => (c === 0 ? i < 2 : i !== 2);
    const [t0, t1] = tuneThresholds(probs, 2, has);
    expect(t0).toBeCloseTo(0.225);
    expect(t1).toBeCloseTo(0.4);
    expect(tuneThresholds(probs, 2, () => false)).toEqual([0.5, 0.5]);
  });
});

describe('learning-rate schedule', () => {
  const plan = { totalSteps: 100, warmupSteps: 10, stepsPerEpoch: 10, epochs: 10 };
  it('warms up linearly, then decays linearly or by cosine to zero, or stays constant', () => {
    const at = (step: number, type: 'linear' | 'cosine' | 'constant' | 'constant_with_warmup') => learningRateAt(step, plan, { learning_rate: 1, lr_scheduler_type: type });
    expect(at(1, 'linear')).toBeCloseTo(1 / 11);
    expect(at(10, 'linear')).toBeCloseTo(10 / 11);
    expect(at(11, 'linear')).toBe(1);
    expect(at(56, 'linear')).toBeCloseTo(0.5);
    expect(at(56, 'cosine')).toBeCloseTo(0.5);
    expect(at(33.5, 'cosine')).toBeCloseTo(0.5 * (1 + Math.cos(Math.PI * 0.25)));
    expect(at(1, 'constant')).toBe(1);
    expect(at(1, 'constant_with_warmup')).toBeCloseTo(1 / 11);
    expect(at(90, 'constant_with_warmup')).toBe(1);
    expect(planSteps({ ...DEFAULT_ARGUMENTS, num_train_epochs: 3, per_device_train_batch_size: 10 }, 95)).toEqual({ totalSteps: 30, warmupSteps: 0, stepsPerEpoch: 10, epochs: 3 });
    expect(planSteps({ ...DEFAULT_ARGUMENTS, max_steps: 25, warmup_ratio: 0.2, per_device_train_batch_size: 10 }, 95)).toEqual({ totalSteps: 25, warmupSteps: 5, stepsPerEpoch: 10, epochs: 3 });
  });
});

describe('sparse batch packing', () => {
  // Each row's entries as (bucket, value) pairs, read back through `unique` and `local`.
  const unpack = (packed: ReturnType<SparseBatchPacker['pack']>, count: number) =>
    Array.from({ length: count }, (_, i) =>
      Array.from({ length: packed.k }, (_, j) => [packed.unique[packed.local[i * packed.k + j]], packed.values[i * packed.k + j]] as const).filter(([, v]) => v !== 0),
    );
  it('gives every batch its own entries, padded with zeros, when its buffers are reused (property)', () => {
    const row = fc.array(fc.record({ bucket: fc.integer({ min: 0, max: 15 }), value: fc.float({ min: Math.fround(0.1), max: 4, noNaN: true }) }), { maxLength: 12 });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 8 }), fc.array(fc.array(fc.nat(), { maxLength: 6 }), { minLength: 1, maxLength: 5 }), (rows, batches) => {
        const offsets = new Int32Array(rows.length + 1);
        rows.forEach((r, i) => (offsets[i + 1] = offsets[i] + r.length));
        const features: FeatureBatch = {
          count: rows.length,
          dims: 0,
          dense: new Float32Array(0),
          sparse: { buckets: 16, offsets, indices: Int32Array.from(rows.flat(), (e) => e.bucket), values: Float32Array.from(rows.flat(), (e) => e.value) },
        };
        const reused = new SparseBatchPacker(16);
        for (const batch of batches.map((b) => b.map((i) => i % rows.length))) {
          const packed = reused.pack(features, batch);
          const fresh = new SparseBatchPacker(16).pack(features, batch);
          expect(unpack(packed, batch.length)).toEqual(batch.map((i) => rows[i].map((e) => [e.bucket, Math.fround(e.value)])));
          expect([...packed.local]).toEqual([...fresh.local]);
          expect([...packed.values]).toEqual([...fresh.values]);
          expect([...packed.unique]).toEqual([...fresh.unique]);
          expect(new Set(packed.unique).size).toBe(packed.unique.length);
        }
      }),
      { numRuns: 200, seed: 17 },
    );
  });
});

describe('split', () => {
  it('is stratified, seeded and keeps every class on both sides', () => {
    const strata = [...Array(90).fill(0), ...Array(10).fill(1), 2, 2];
    const a = stratifiedSplit(strata, 0.8, 7);
    expect(a).toEqual(stratifiedSplit(strata, 0.8, 7));
    expect(a).not.toEqual(stratifiedSplit(strata, 0.8, 8));
    const count = (rows: number[], c: number) => rows.filter((i) => strata[i] === c).length;
    expect([count(a.validation, 0), count(a.validation, 1), count(a.validation, 2)]).toEqual([18, 2, 0]);
    expect(a.train.length + a.validation.length).toBe(strata.length);
  });
});

describe('training arguments', () => {
  it('fill defaults and refuse unknown or out-of-range values, naming the argument and range', () => {
    expect(resolveArguments({ learning_rate: 0.1 }).learning_rate).toBe(0.1);
    expect(resolveArguments(undefined).per_device_train_batch_size).toBe(64);
    const error = (() => {
      try {
        resolveArguments({ learning_rate: -1, per_device_train_batch_size: 0, num_train_epochs: NaN, epochz: 3, head: { type: 'cnn' } });
      } catch (e) {
        return e as ValidationError;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect(error!.problems.map((p) => p.field)).toEqual(['learning_rate', 'per_device_train_batch_size', 'num_train_epochs', 'epochz', 'head.type']);
    expect(error!.message).toMatch(/field "learning_rate": must be a number above 0 and at most 10 \(got -1\)/);
    expect(error!.message).toMatch(/field "epochz": unknown training argument \(accepted: num_train_epochs/);
  });
});

describe('training runs', () => {
  it('are deterministic for a seed on WASM, and free every tensor', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'toy', labels: ['sports', 'cooking'] });
    await ws.datasets.addRecords(ds.id, toyRecords(15));
    await ws.backend();
    const start = tf.memory().numTensors;
    const a = await ws.train({ datasetId: ds.id, params: { seed: 3, num_train_epochs: 5 } });
    expect(tf.memory().numTensors).toBe(start);
    const b = await ws.train({ datasetId: ds.id, params: { seed: 3, num_train_epochs: 5 } });
    expect(b.history).toEqual(a.history);
    expect(b.metrics).toEqual(a.metrics);
    expect(a.params).toMatchObject({ seed: 3, backend: 'wasm', backbone: { type: 'builtin', id: 'sieve-text', version: '4' } });
    expect((await ws.runs.list({ datasetId: ds.id })).map((r) => r.id)).toEqual([b.id, a.id]);
    expect(b.datasetHash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.datasetHash).toBe(a.datasetHash);
    const first = (await ws.datasets.records(ds.id))[0];
    await ws.datasets.annotate(ds.id, first.id, { label: first.label === 'sports' ? 'cooking' : 'sports' });
    const c = await ws.train({ datasetId: ds.id, params: { seed: 3, num_train_epochs: 1 } });
    expect(c.datasetHash).not.toBe(a.datasetHash);
  });

  it('stop early and keep the best epoch', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'toy', labels: ['sports', 'cooking'] });
    await ws.datasets.addRecords(ds.id, toyRecords(30));
    const run = await ws.train({ datasetId: ds.id, params: { num_train_epochs: 200, early_stopping_patience: 2, load_best_model_at_end: true, learning_rate: 0.5, lr_scheduler_type: 'constant', calibration: 'none' } });
    expect(run.history.length).toBeLessThan(200);
    const best = run.params.bestEpoch as number;
    expect(run.history.length).toBe(best + 2);
    expect(run.metrics.validation?.loss).toBeCloseTo(run.history[best - 1].validationLoss, 6);
  });

  it('evaluate labeled test-split records separately and never train on them', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'toy', labels: ['sports', 'cooking'] });
    await ws.datasets.addRecords(ds.id, [...toyRecords(12), { text: 'the goal keeper saved it', label: 'sports', split: 'test' }]);
    const run = await ws.train({ datasetId: ds.id });
    expect(run.params.testCount).toBe(1);
    expect((run.params.trainCount as number) + (run.params.validationCount as number)).toBe(24);
    expect(run.metrics.test?.count).toBe(1);
  });

  it('treat labels named like Object.prototype members as any other label', async () => {
    const ws = await freshWorkspace();
    const labels = ['__proto__', 'constructor', 'toString'];
    const ds = await ws.datasets.create({ name: 'proto', labels });
    const texts = ['the team won the match', 'simmer the sauce slowly', 'the band played a song'];
    await ws.datasets.addRecords(ds.id, Array.from({ length: 30 }, (_, i) => ({ text: `${texts[i % 3]} ${i}`, label: labels[i % 3] })));
    const run = await ws.train({ datasetId: ds.id, params: { num_train_epochs: 10 } });
    const validation = run.metrics.validation!;
    expect(Object.keys(validation.perClass)).toEqual(labels);
    expect(Object.getPrototypeOf(validation.perClass)).toBe(Object.prototype);
    expect(validation.confusionMatrix).toHaveLength(3);
    expect(validation.accuracy).toBeGreaterThan(0.6);
    const clf = await ws.classifier(run.id);
    const p = await clf.predict('the band played a song');
    expect(Object.keys(p.scores)).toEqual(labels);
    expect(p.label).toBe('toString');
    const imported = await (await freshWorkspace()).models.import(await ws.models.export(run.id));
    expect(Object.keys(imported.metrics.validation!.perClass)).toEqual(labels);
  });

  it('train multi-label heads with sigmoid outputs', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'ml', labels: ['sports', 'cooking', 'news'], multiLabel: true });
    await ws.datasets.addRecords(
      ds.id,
      toyRecords(12).map((r, i) => ({ text: i % 3 ? r.text : `breaking news today ${r.text}`, labels: i % 3 ? [r.label] : [r.label, 'news'] })),
    );
    const run = await ws.train({ datasetId: ds.id });
    expect(run.status).toBe('FINISHED');
    const clf = await ws.classifier(run.id);
    const p = await clf.predict('breaking news today the team won the match');
    expect(p.labels).toEqual(expect.arrayContaining(['sports', 'news']));
    expect(p.scores.sports + p.scores.cooking + p.scores.news).toBeGreaterThan(1);
    clf.dispose();
  });

  it('are cancelled by their AbortSignal and stored as CANCELLED', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'toy', labels: ['sports', 'cooking'] });
    await ws.datasets.addRecords(ds.id, toyRecords(30));
    const abort = new AbortController();
    const error = await ws
      .train({ datasetId: ds.id, signal: abort.signal, params: { num_train_epochs: 500, early_stopping_patience: 0 }, onProgress: (p) => p.status === 'evaluation' && p.record.epoch === 2 && abort.abort() })
      .catch((e) => e);
    expect(error).toBeInstanceOf(TrainingCancelledError);
    expect(error.name).toBe('AbortError');
    const run = await ws.runs.get(error.runId);
    expect(run.status).toBe('CANCELLED');
    expect(run.endTime).toBeGreaterThan(0);
    await expect(ws.classifier(run.id)).rejects.toThrow(/has no model \(its status is CANCELLED\)/);
  });

  it('that fail are stored as FAILED with the reason', async () => {
    const ws = await freshWorkspace({ backend: 'cpu', assetsUrl: '/missing/' });
    const ds = await ws.datasets.create({ name: 'toy', labels: ['sports', 'cooking'] });
    await ws.datasets.addRecords(ds.id, toyRecords(5));
    const error = await ws.train({ datasetId: ds.id }).catch((e) => e);
    expect(error).toBeInstanceOf(TrainingError);
    const run = await ws.runs.get(error.runId);
    expect(run.status).toBe('FAILED');
    expect(run.error).toMatch(/Could not load the built-in word vectors/);
  });

  it('refuse bad arguments and unknown backbones before any run is stored', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'toy', labels: ['sports', 'cooking'] });
    await ws.datasets.addRecords(ds.id, toyRecords(5));
    await expect(ws.train({ datasetId: ds.id, params: { learning_rate: 0 } })).rejects.toThrow(/learning_rate/);
    await expect(ws.train({ datasetId: ds.id, params: { throwaway_classes: ['weather'] } })).rejects.toThrow(
      /field "throwaway_classes": not a label of the dataset \(labels: sports, cooking\) \(got "weather"\)/,
    );
    await expect(ws.train({ datasetId: ds.id, params: { throwaway_classes: ['sports'] } })).rejects.toThrow(/must leave at least two labels/);
    await expect(ws.train({ datasetId: ds.id, params: { max_steps: 0, eval_strategy: 'sometimes' } })).rejects.toThrow(/max_steps.*-1 \(off\)[\s\S]*eval_strategy.*one of "epoch", "steps"/);
    await expect(ws.train({ datasetId: ds.id, backbone: 'nope' })).rejects.toThrow(/unknown backbone id/);
    await expect(ws.train({ datasetId: 'missing' })).rejects.toThrow(/No dataset/);
    expect(await ws.runs.list()).toEqual([]);
  });
});

describe('training engine', () => {
  it('picks few-label defaults by the data, and standard ones with enough examples per class', async () => {
    const ws = await freshWorkspace();
    const small = await ws.datasets.create({ name: 'small', labels: ['sports', 'cooking'] });
    await ws.datasets.addRecords(small.id, toyRecords(8));
    const few = await ws.train({ datasetId: small.id });
    expect(few.params).toMatchObject({ defaults: 'few-labels', per_device_train_batch_size: 8, early_stopping_patience: 0, load_best_model_at_end: false });
    expect(few.metrics.calibration?.temperature).toBe(1); // 2 validation items: too few to fit a temperature
    const overridden = await ws.train({ datasetId: small.id, params: { per_device_train_batch_size: 4, num_train_epochs: 2 } });
    expect(overridden.params).toMatchObject({ defaults: 'few-labels', per_device_train_batch_size: 4, num_train_epochs: 2 });
    const large = await ws.datasets.create({ name: 'large', labels: ['sports', 'cooking'] });
    await ws.datasets.addRecords(large.id, toyRecords(100));
    const standard = await ws.train({ datasetId: large.id, params: { num_train_epochs: 2 } });
    expect(standard.params).toMatchObject({ defaults: 'standard', per_device_train_batch_size: 64 });
  });

  it('honours max_steps, evaluates every eval_steps, and schedules the learning rate', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'toy', labels: ['sports', 'cooking'] });
    await ws.datasets.addRecords(ds.id, toyRecords(30));
    const run = await ws.train({
      datasetId: ds.id,
      params: { max_steps: 23, eval_strategy: 'steps', eval_steps: 5, warmup_steps: 4, lr_scheduler_type: 'linear', learning_rate: 0.1 },
    });
    expect(run.params.steps).toBe(23);
    expect(run.history.map((h) => h.step)).toEqual([5, 10, 15, 20, 23]);
    // 54 training records, batch 8: 7 steps per epoch.
    expect(run.history.map((h) => h.epoch)).toEqual([0.71, 1.43, 2.14, 2.86, 3.29]);
    expect(run.history[0].learningRate).toBeCloseTo(0.1); // step 5: the peak, right after 4 warm-up steps
    expect(run.history.at(-1)!.learningRate).toBeCloseTo(0.1 / 19);
    for (const h of run.history) {
      expect(h.validation?.confusionMatrix?.flat().reduce((a, b) => a + b)).toBe(6);
      expect(h.trainLoss).toBeGreaterThan(0);
    }
  });

  it('are deterministic on the CPU backend too', async () => {
    const ws = await freshWorkspace({ backend: 'cpu' });
    const ds = await ws.datasets.create({ name: 'toy', labels: ['sports', 'cooking'] });
    await ws.datasets.addRecords(ds.id, toyRecords(15));
    const params = { seed: 9, num_train_epochs: 3, head: { type: 'mlp', hidden_units: 8, dropout: 0.2 } };
    const a = await ws.train({ datasetId: ds.id, params });
    const b = await ws.train({ datasetId: ds.id, params });
    expect(a.params.backend).toBe('cpu');
    expect(b.history).toEqual(a.history);
    expect(b.metrics).toEqual(a.metrics);
  });

  it('calibrate scores with the fitted temperature, reporting ECE before and after', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'toy', labels: ['sports', 'cooking'] });
    await ws.datasets.addRecords(ds.id, toyRecords(150));
    const run = await ws.train({ datasetId: ds.id, params: { num_train_epochs: 3, learning_rate: 0.5 } });
    const calibration = run.metrics.calibration!;
    expect(run.params.validationCount).toBeGreaterThanOrEqual(30);
    expect(calibration.temperature).not.toBe(1);
    expect(calibration.validationEceAfter).toBeLessThanOrEqual(calibration.validationEceBefore);
    const clf = await ws.classifier(run.id);
    expect(clf.temperature).toBe(calibration.temperature);
    const p = await clf.predict('the striker scored twice');
    const z = [p.logits.sports, p.logits.cooking].map((l) => l / calibration.temperature);
    expect(p.scores.sports).toBeCloseTo(Math.exp(z[0]) / (Math.exp(z[0]) + Math.exp(z[1])), 5);
    clf.dispose();
  });

  it('train multi-label heads with weak negatives, tuned thresholds and throwaway classes', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'ml', labels: ['sports', 'cooking', 'news', 'junk'], multiLabel: true });
    await ws.datasets.addRecords(
      ds.id,
      toyRecords(40).map((r, i) => ({ text: i % 3 ? r.text : `breaking news today ${r.text}`, labels: i % 5 === 0 ? [r.label, 'junk'] : i % 3 ? [r.label] : [r.label, 'news'] })),
    );
    const run = await ws.train({ datasetId: ds.id, params: { throwaway_classes: ['junk'], weak_neg_rate: 0.2 } });
    expect(run.params.label2id).toEqual({ sports: 0, cooking: 1, news: 2 });
    expect(run.params).toMatchObject({ weak_neg_rate: 0.2, throwaway_classes: ['junk'] });
    const validation = run.metrics.validation!;
    expect(validation.hammingLoss).toBeGreaterThanOrEqual(0);
    expect(validation.mAP).toBeGreaterThan(0.8);
    expect(Object.keys(validation.perClass)).toEqual(['sports', 'cooking', 'news']);
    const clf = await ws.classifier(run.id);
    expect(clf.labelNames).toEqual(['sports', 'cooking', 'news']);
    expect(clf.thresholds).toHaveLength(3);
    const p = await clf.predict('breaking news today the team won the match');
    expect(Object.keys(p.scores)).toEqual(['sports', 'cooking', 'news']);
    expect(p.labels).toEqual(clf.labelNames.filter((l, c) => p.scores[l] >= clf.thresholds[c]));
    expect(p.labels).toEqual(expect.arrayContaining(['sports', 'news']));
    clf.dispose();
  });
});
