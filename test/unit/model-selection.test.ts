import { afterAll, describe, expect, it } from 'vitest';
import type { BuiltinBackboneRef, FeatureBatch, FeatureView } from '../../src/backbones/backbone.js';
import { loadBuiltinBackbone } from '../../src/backbones/builtin.js';
import { resolveBackboneRef } from '../../src/backbones/resolve.js';
import { headLogits } from '../../src/inference/head-logits.js';
import { probabilities } from '../../src/inference/scores.js';
import { logLoss } from '../../src/training/metrics.js';
import { minimize } from '../../src/training/convex/lbfgs.js';
import { ensembleShares, selectLinearHead, stratifiedFolds, type LinearWeights, type Setup } from '../../src/training/convex/model-selection.js';
import { ViewFeatures } from '../../src/training/convex/view-kernels.js';
import { seededRandom } from '../../src/util/random.js';
import { deleteWorkspaces, freshWorkspace } from './helpers.js';

afterAll(deleteWorkspaces);

const assets = new URL('/public/', location.href).href;

/** A fixed problem: 60 rows, 6 dense dims, 40 sparse buckets in two views, 3 classes that overlap (not separable). */
function fixedProblem() {
  const random = seededRandom(11);
  const n = 60;
  const dims = 6;
  const classes = 3;
  const labels = Int32Array.from({ length: n }, (_, i) => i % classes);
  const dense = new Float32Array(n * dims).map((_, k) => random() + (labels[Math.floor(k / dims)] === k % dims ? 0.6 : 0));
  const offsets = new Int32Array(n + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    const chosen = new Set<number>();
    while (chosen.size < 5) chosen.add(random() < 0.5 ? labels[i] * 5 + Math.floor(random() * 8) : Math.floor(random() * 40));
    for (const b of [...chosen].sort((a, b) => a - b)) {
      indices.push(b);
      values.push(0.2 + random());
    }
    offsets[i + 1] = indices.length;
  }
  const features: FeatureBatch = { count: n, dims, dense, sparse: { buckets: 40, offsets, indices: Int32Array.from(indices), values: Float32Array.from(values) } };
  const views: FeatureView[] = [
    { name: 'vectors', kind: 'dense', start: 0, end: dims },
    { name: 'words', kind: 'sparse', start: 0, end: 20 },
    { name: 'chars', kind: 'sparse', start: 20, end: 40 },
  ];
  return { n, dims, classes, labels, features, views };
}

/**
 * The head `selectLinearHead` stores for the fixed problem when given a single setup to try, with
 * the problem's prepared features and `storedLogit(row, class)`: the stored head's logit times
 * its temperature (the setup's own scale).
 */
async function headOfOneSetup(setup: Setup) {
  const { classes, labels, features, views } = fixedProblem();
  const rows = Array.from({ length: features.count }, (_, i) => i);
  const result = await selectLinearHead({
    features,
    rows,
    targets: { multiLabel: false, classes: labels },
    loss: { weights: new Float64Array(rows.length).fill(1), normalizer: rows.length },
    classes,
    labels: ['a', 'b', 'c'],
    views,
    seed: 1,
    setups: [setup],
  });
  const temperature = result.selection.temperatures[0];
  const logits = headLogits({ shape: { type: 'linear', hiddenUnits: 0, dims: features.dims, buckets: 40, classes }, denseKernel: result.weights.denseKernel, sparseTable: result.weights.sparseTable, outputBias: result.weights.bias }, features);
  return { classes, labels, views, rows, prepared: new ViewFeatures(features, rows, views), storedLogit: (row: number, c: number) => logits[row * classes + c] * temperature };
}

/**
 * The primal objective in the prepared feature space (standardized dense view, idf-weighted sparse
 * views), written independently of the solver: mean softmax cross-entropy plus ‖W‖² / (2·C·n).
 * Returns its value and gradient at weights `w` = [dense (dims × classes), sparse (buckets × classes), bias].
 */
function primal(prepared: ViewFeatures, labels: Int32Array, classes: number, regularization: number, w: Float64Array) {
  const { rows } = prepared;
  const dims = prepared.features.dims;
  const buckets = prepared.features.sparse!.buckets;
  const biasAt = (dims + buckets) * classes;
  const grad = new Float64Array(w.length);
  let loss = 0;
  for (let i = 0; i < rows; i++) {
    const x = prepared.denseRow(i);
    const { indices, values } = prepared.sparseRow(i);
    const z = Array.from({ length: classes }, (_, c) => w[biasAt + c]);
    for (let d = 0; d < dims; d++) for (let c = 0; c < classes; c++) z[c] += x[d] * w[d * classes + c];
    for (let k = 0; k < indices.length; k++) for (let c = 0; c < classes; c++) z[c] += values[k] * w[(dims + indices[k]) * classes + c];
    const max = Math.max(...z);
    const logSum = max + Math.log(z.reduce((s, v) => s + Math.exp(v - max), 0));
    loss -= (z[labels[i]] - logSum) / rows;
    for (let c = 0; c < classes; c++) {
      const r = (Math.exp(z[c] - logSum) - (c === labels[i] ? 1 : 0)) / rows;
      for (let d = 0; d < dims; d++) grad[d * classes + c] += r * x[d];
      for (let k = 0; k < indices.length; k++) grad[(dims + indices[k]) * classes + c] += r * values[k];
      grad[biasAt + c] += r;
    }
  }
  const lambda = 1 / (regularization * rows);
  let penalty = 0;
  for (let k = 0; k < biasAt; k++) {
    penalty += w[k] * w[k];
    grad[k] += lambda * w[k];
  }
  return { value: loss + (lambda / 2) * penalty, grad };
}

/** The solver's raw-space weights mapped back to the prepared space (undoing the folded standardization and idf). */
function preparedWeights(prepared: ViewFeatures, weights: LinearWeights, classes: number): Float64Array {
  const dims = prepared.features.dims;
  const buckets = prepared.features.sparse!.buckets;
  const w = new Float64Array((dims + buckets + 1) * classes);
  for (let d = 0; d < dims; d++) for (let c = 0; c < classes; c++) w[d * classes + c] = prepared.factor[d] ? weights.denseKernel![d * classes + c] / prepared.factor[d] : 0;
  for (let b = 0; b < buckets; b++) for (let c = 0; c < classes; c++) w[(dims + b) * classes + c] = prepared.idf[b] ? weights.sparseTable![b * classes + c] / prepared.idf[b] : 0;
  // The bias as the prepared space sees it: raw bias plus the dense kernel times the mean.
  for (let c = 0; c < classes; c++) {
    let bias = weights.bias[c];
    for (let d = 0; d < dims; d++) bias += weights.denseKernel![d * classes + c] * prepared.mean[d];
    w[(dims + buckets) * classes + c] = bias;
  }
  return w;
}

describe('convex solver', () => {
  it('minimizes a smooth convex function to its optimum (L-BFGS)', () => {
    // f(x) = Σ (i+1)·(x_i − i)² + log-sum-exp(x): ill-conditioned, not quadratic.
    const f = (x: Float64Array, g: Float64Array) => {
      const max = Math.max(...x);
      const sum = x.reduce((s, v) => s + Math.exp(v - max), 0);
      let value = max + Math.log(sum);
      for (let i = 0; i < x.length; i++) {
        value += (i + 1) * (x[i] - i) ** 2;
        g[i] = 2 * (i + 1) * (x[i] - i) + Math.exp(x[i] - max) / sum;
      }
      return value;
    };
    const x = new Float64Array(20);
    const result = minimize(f, x, { gradientTolerance: 1e-5 });
    expect(result.converged).toBe(true);
    expect(result.gradientNorm).toBeLessThan(1e-5);
    // The optimum of each coordinate is near i (the log-sum-exp pulls it down a little).
    expect(Math.abs(x[19] - 19)).toBeLessThan(0.05);
  });

  it('trains the linear head to the optimum of the regularized loss on all its features (reference: the primal gradient, and gradient descent on the primal)', async () => {
    const { classes, labels, features, views } = fixedProblem();
    const rows = Array.from({ length: features.count }, (_, i) => i);
    const targets = { multiLabel: false as const, classes: labels };
    const regularization = 10;
    const result = await selectLinearHead({
      features,
      rows,
      targets,
      loss: { weights: new Float64Array(rows.length).fill(1), normalizer: rows.length },
      classes,
      labels: ['a', 'b', 'c'],
      views,
      seed: 1,
      setups: [{ model: 'logistic', views: ['vectors', 'words', 'chars'], regularization }],
    });
    const prepared = new ViewFeatures(features, rows, views);
    // The stored head is the fit divided by its temperature (fitted on the out-of-fold logits).
    const temperature = result.selection.temperatures[0];
    const scaled = (a?: Float32Array) => a && Float32Array.from(a, (v) => v * temperature);
    const fitted = { bias: scaled(result.weights.bias)!, denseKernel: scaled(result.weights.denseKernel), sparseTable: scaled(result.weights.sparseTable) };
    const w = preparedWeights(prepared, fitted, classes);
    const atSolver = primal(prepared, labels, classes, regularization, w);
    // First-order optimality of a strictly convex problem: the gradient vanishes only at the optimum.
    expect(Math.max(...atSolver.grad.map(Math.abs))).toBeLessThan(1e-5);
    // An independent reference: plain gradient descent on the primal, from zero, for long enough.
    const reference = new Float64Array(w.length);
    for (let step = 0; step < 20000; step++) {
      const { grad } = primal(prepared, labels, classes, regularization, reference);
      for (let k = 0; k < reference.length; k++) reference[k] -= 0.5 * grad[k];
    }
    const atReference = primal(prepared, labels, classes, regularization, reference);
    expect(atSolver.value).toBeLessThanOrEqual(atReference.value + 1e-9);
    expect(atSolver.value).toBeCloseTo(atReference.value, 6);
    // The stored head (raw features, standardization and idf folded in) predicts as the prepared model does.
    const logits = headLogits({ shape: { type: 'linear', hiddenUnits: 0, dims: features.dims, buckets: 40, classes }, denseKernel: result.weights.denseKernel, sparseTable: result.weights.sparseTable, outputBias: result.weights.bias }, features);
    const accuracyOf = (argmaxOf: (i: number) => number) => rows.filter((i) => argmaxOf(i) === labels[i]).length / rows.length;
    const stored = accuracyOf((i) => [0, 1, 2].reduce((best, c) => (logits[i * 3 + c] > logits[i * 3 + best] ? c : best), 0));
    const referenceLogits = (i: number) => {
      const x = prepared.denseRow(i);
      const { indices, values } = prepared.sparseRow(i);
      return [0, 1, 2].map((c) => {
        let z = reference[(6 + 40) * 3 + c];
        for (let d = 0; d < 6; d++) z += x[d] * reference[d * 3 + c];
        for (let k = 0; k < indices.length; k++) z += values[k] * reference[(6 + indices[k]) * 3 + c];
        return z;
      });
    };
    expect(stored).toBe(
      accuracyOf((i) => {
        const z = referenceLogits(i);
        return z.indexOf(Math.max(...z));
      }),
    );
    expect(stored).toBeGreaterThan(0.6);
  });

  it('stores complement naive Bayes as a linear head whose logits are −Σ x·log θ̃ of the other classes, over its temperature', async () => {
    const alpha = 0.3;
    const { classes, labels, views, rows, prepared, storedLogit } = await headOfOneSetup({ model: 'complement-naive-bayes', views: ['words'], regularization: alpha });
    // By hand: each class's counts are those of the rows of the other classes, over the words view's seen buckets.
    const words = views.find((v) => v.name === 'words')!;
    const others = Array.from({ length: classes }, () => new Map<number, number>());
    const seen = new Set<number>();
    rows.forEach((i) => {
      const { indices, values } = prepared.sparseRow(i);
      indices.forEach((b, k) => {
        if (b < words.start || b >= words.end) return;
        seen.add(b);
        for (let c = 0; c < classes; c++) if (c !== labels[i]) others[c].set(b, (others[c].get(b) ?? 0) + values[k]);
      });
    });
    const totals = others.map((m) => [...m.values()].reduce((a, b) => a + b, 0));
    for (const i of [0, 7, 33]) {
      const { indices, values } = prepared.sparseRow(i);
      for (let c = 0; c < classes; c++) {
        let z = 0;
        indices.forEach((b, k) => {
          if (b >= words.start && b < words.end) z -= values[k] * Math.log(((others[c].get(b) ?? 0) + alpha) / (totals[c] + alpha * seen.size));
        });
        expect(storedLogit(i, c)).toBeCloseTo(z, 3);
      }
    }
  });

  it('stores naive Bayes as a linear head whose logits are log prior + Σ x·log θ, over its temperature', async () => {
    const alpha = 0.5;
    const { classes, labels, rows, prepared, storedLogit } = await headOfOneSetup({ model: 'naive-bayes', views: ['words', 'chars'], regularization: alpha });
    // By hand, on the prepared (idf-weighted) values: counts per class, smoothed over the seen buckets.
    const counts = Array.from({ length: classes }, () => new Map<number, number>());
    const seen = new Set<number>();
    rows.forEach((i) => {
      const { indices, values } = prepared.sparseRow(i);
      indices.forEach((b, k) => {
        counts[labels[i]].set(b, (counts[labels[i]].get(b) ?? 0) + values[k]);
        seen.add(b);
      });
    });
    const totals = counts.map((m) => [...m.values()].reduce((a, b) => a + b, 0));
    for (const i of [0, 7, 33]) {
      const { indices, values } = prepared.sparseRow(i);
      for (let c = 0; c < classes; c++) {
        let z = Math.log(1 / 3);
        indices.forEach((b, k) => (z += values[k] * Math.log(((counts[c].get(b) ?? 0) + alpha) / (totals[c] + alpha * seen.size))));
        expect(storedLogit(i, c)).toBeCloseTo(z, 3);
      }
    }
  });

  it('deals stratified folds, seeded, and never holds out a class’s only example', () => {
    const strata = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2];
    const folds = stratifiedFolds(strata, 5, 3);
    expect(folds.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const fold of folds) expect(fold.map((i) => strata[i]).sort()).toEqual([0, 1]);
    expect(stratifiedFolds(strata, 5, 3)).toEqual(folds);
  });
});

describe('model selection', () => {
  it('picks character n-grams where words never repeat (two languages), and records every candidate', async () => {
    const backbone = await loadBuiltinBackbone(resolveBackboneRef('sieve-text') as BuiltinBackboneRef, assets);
    // Made-up words: no word occurs twice and none is in the word vectors, but each "language" has its own letters' patterns.
    const random = seededRandom(5);
    const word = (letters: string) => Array.from({ length: 4 + Math.floor(random() * 4) }, () => letters[Math.floor(random() * letters.length)]).join('');
    const texts: string[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 40; i++) {
      texts.push(Array.from({ length: 6 }, () => word(i % 2 ? 'aeiouklmn' : 'xyzqwvbrt')).join(' '));
      labels.push(i % 2);
    }
    const features = await backbone.featurize(texts);
    const result = await selectLinearHead({
      features,
      rows: texts.map((_, i) => i),
      targets: { multiLabel: false, classes: Int32Array.from(labels) },
      loss: { weights: new Float64Array(texts.length).fill(1), normalizer: texts.length },
      classes: 2,
      labels: ['one', 'two'],
      views: backbone.views!,
      seed: 1,
    });
    // The head combines at least the five best setups, by shares that add up to 1; the best uses the character n-grams.
    const { averaged, shares, temperatures } = result.selection;
    expect(averaged.length).toBeGreaterThanOrEqual(5);
    expect(averaged).toContain(result.selection.chosen);
    expect(temperatures).toHaveLength(averaged.length);
    expect(shares!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(result.selection.candidates[result.selection.chosen].setup.views).toContain('chars');
    expect(result.selection.candidates[result.selection.chosen].accuracy).toBe(1);
    // Logistic regression on 7 view subsets × 3 C, naive Bayes (multinomial and complement) on 3 n-gram view subsets × 5 α.
    expect(result.selection.candidates.length).toBe(51);
    expect(result.selection.candidates.filter((c) => c.setup.model === 'naive-bayes')).toHaveLength(15);
    expect(result.selection.candidates.filter((c) => c.setup.model === 'complement-naive-bayes')).toHaveLength(15);
    expect(result.selection.folds).toBe(5);
  });

  it('chooses the ensemble greedily on held-out logits: a setup that fixes the others\' mistakes gains a share, one that only adds noise gets none', () => {
    // Four rows of two classes; logits per candidate (temperature-scaled), rows × classes.
    const targets = { multiLabel: false as const, classes: Int32Array.of(0, 1, 0, 1) };
    const confident = Float32Array.of(3, 0, 0, 3, 3, 0, 0, 3); // right on every row
    const wrongOnLast = Float32Array.of(2, 0, 0, 2, 2, 0, 2, 0); // wrong on row 4
    const noise = Float32Array.of(0, 4, 4, 0, 0, 4, 4, 0); // wrong everywhere
    const ranked = [1, 1, 1, 1, 1].map((_, i) => i);
    const scaled = [wrongOnLast, wrongOnLast, wrongOnLast, wrongOnLast, wrongOnLast, confident, noise];
    const shares = ensembleShares(scaled, ranked, targets, 2);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(shares[5]).toBeGreaterThan(0.3);
    expect(shares[6]).toBe(0);
    // Each pick lowered the held-out loss: the ensemble beats the five it started from.
    const average = (weights: number[]) => Float32Array.from(confident, (_, k) => weights.reduce((sum, w, s) => sum + w * scaled[s][k], 0));
    const loss = (weights: number[]) => logLoss(probabilities(average(weights), 2, false), targets, 2);
    expect(loss(shares)).toBeLessThan(loss([0.2, 0.2, 0.2, 0.2, 0.2, 0, 0]));
  });

  it('trains with a class that has a single example, and says so in the run', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'tiny', labels: ['sports', 'cooking', 'weather'] });
    await ws.datasets.addRecords(ds.id, [
      ...['the team won', 'a late goal', 'the striker scored', 'fans cheered the players'].map((text) => ({ text, label: 'sports' })),
      ...['bake the bread', 'simmer the sauce', 'whisk the eggs', 'roast the onions'].map((text) => ({ text, label: 'cooking' })),
      { text: 'rain and wind tomorrow', label: 'weather' },
    ]);
    const run = await ws.train({ datasetId: ds.id });
    expect(run.status).toBe('FINISHED');
    expect(run.selection?.folds).toBe(4);
    expect(run.selection?.notes.join(' ')).toMatch(/"weather" has a single example: never held out/);
    expect(run.selection?.notes.join(' ')).toMatch(/4 folds: the smallest class has 4 examples/);
    const clf = await ws.classifier(run.id);
    expect((await clf.predict('rain and wind tomorrow')).label).toBe('weather');
    clf.dispose();
  });

  it('trains when every class has a single example: nothing held out, no validation, and it says so', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'one-each', labels: ['sports', 'cooking'] });
    await ws.datasets.addRecords(ds.id, [
      { text: 'the team won the match', label: 'sports' },
      { text: 'bake the bread slowly', label: 'cooking' },
    ]);
    const run = await ws.train({ datasetId: ds.id });
    expect(run.status).toBe('FINISHED');
    expect(run.metrics.validation).toBeUndefined();
    expect(run.selection?.notes.join(' ')).toMatch(/"sports", "cooking" have a single example/);
    const clf = await ws.classifier(run.id);
    expect((await clf.predict('the team won')).label).toBe('sports');
    clf.dispose();
  });
});
