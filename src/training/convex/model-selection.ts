import type { FeatureBatch, FeatureView } from '../../backbones/backbone.js';
import { probabilities } from '../../inference/scores.js';
import { seededRandom, shuffled } from '../../util/random.js';
import { fitTemperature } from '../calibration.js';
import { evaluate, logLoss, pickTargets, targetTest, type Targets } from '../metrics.js';
import { countNaiveBayes, naiveBayesFit, naiveBayesLogits, type NaiveBayesCounts } from './naive-bayes.js';
import { addScaled, assembleWeights, emptyWeights, naiveBayesWeights, type LinearWeights } from './linear-weights.js';
import { fitKernel, kernelLogits, rowCoefficients, type KernelFit } from './kernel-fit.js';
import type { LossWeights } from './logistic-objective.js';
import { ViewFeatures } from './view-kernels.js';
import type { RunSelection as Selection, SelectionSetup } from '../../store/schema.js';
import { yieldToBrowser } from '../../util/yield.js';
import { throttled } from '../../util/throttled.js';

/** One setup the selection tries. */
export type Setup = SelectionSetup;
export type { LinearWeights };

const REGULARIZATION = [1, 10, 100];
/** Naive Bayes' additive smoothing values. */
const SMOOTHING = [0.01, 0.03, 0.1, 0.3, 1];
/**
 * How the head combines the ranked setups: greedy ensemble selection (Caruana et al., 2004) on
 * the out-of-fold logits: the `ENSEMBLE_START` best setups, then up to `ENSEMBLE_STEPS` more
 * picks (with replacement) of whichever setup most lowers the ensemble's out-of-fold log loss,
 * each setup weighted by how often it was picked. On the benchmark's sets (8 and 32 per class, 5
 * seeds; `npm run bench -- --sections sets --ks 8,32`) the margin over the best baseline was
 * +1.8 / +1.8 points, against +1.9 / +1.6 for the plain average of the better half of the 36
 * setups (starting from that half instead: the same), and each run fits fewer members (k = 8:
 * 2.8 s against 4.0 s per run, k = 32: 5.2 s against 7.5 s).
 */
const ENSEMBLE_START = 5;
const ENSEMBLE_STEPS = 25;
const MAX_FOLDS = 5;
const SELECTION_TOLERANCE = 1e-4;

/**
 * The setups tried for a backbone's views: logistic regression on each sensible subset of views
 * (all, each alone, each left out) at each regularization; for single-label data also naive Bayes,
 * multinomial and complement, on the n-gram views (together and each alone) at each smoothing.
 */
export function candidateSetups(views: readonly FeatureView[], multiLabel = false): Setup[] {
  const out: Setup[] = [];
  for (const subset of subsetsOf(views.map((v) => v.name))) for (const regularization of REGULARIZATION) out.push({ model: 'logistic', views: subset, regularization });
  const sparse = views.filter((v) => v.kind === 'sparse').map((v) => v.name);
  if (!multiLabel && sparse.length) {
    for (const model of ['naive-bayes', 'complement-naive-bayes'] as const) {
      for (const subset of [sparse, ...(sparse.length > 1 ? sparse.map((name) => [name]) : [])]) for (const regularization of SMOOTHING) out.push({ model, views: subset, regularization });
    }
  }
  return out;
}

/** All the names, each alone, and (with three or more) all but one. */
function subsetsOf(names: string[]): string[][] {
  const subsets: string[][] = [names];
  if (names.length > 1) for (const name of names) subsets.push([name]);
  if (names.length > 2) for (const name of names) subsets.push(names.filter((n) => n !== name));
  return subsets;
}

/**
 * Stratified folds: each class's rows dealt round-robin (in a seeded order) over `folds` folds.
 * Rows of a class with a single example are never held out (a fold without it could not learn it).
 */
export function stratifiedFolds(strata: readonly number[], folds: number, seed: number): number[][] {
  const random = seededRandom(seed);
  const byClass = new Map<number, number[]>();
  strata.forEach((c, i) => byClass.set(c, [...(byClass.get(c) ?? []), i]));
  const out: number[][] = Array.from({ length: folds }, () => []);
  let next = 0;
  for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
    const rows = byClass.get(c) as number[];
    if (rows.length < 2) continue;
    for (const row of shuffled(rows, random)) out[next++ % folds].push(row);
  }
  return out.map((f) => f.sort((a, b) => a - b));
}

/** Options of `selectLinearHead`. */
export interface SelectionOptions {
  features: FeatureBatch;
  /** Rows of `features` to train on, with their targets and loss weights. */
  rows: number[];
  targets: Targets;
  loss: LossWeights;
  classes: number;
  labels: readonly string[];
  views: readonly FeatureView[];
  seed: number;
  /** Setups to try (default: `candidateSetups(views)`). */
  setups?: Setup[];
  signal?: AbortSignal;
  /** Fits done of the total (one per setup and fold, and one per averaged setup). */
  onProgress?: (progress: { done: number; total: number }) => void;
}

/** The best setups trained on every row and averaged, their out-of-fold logits, and the selection's record. */
export interface SelectionResult {
  weights: LinearWeights;
  /** The setups averaged, in candidate order. */
  setups: Setup[];
  selection: Selection;
  /** Positions (into `rows`) that cross-validation held out, ascending: every row but single examples of a class. */
  heldOut: number[];
  /** Out-of-fold logits of the averaged head for the `heldOut` rows (`heldOut.length × classes`). */
  outOfFold: Float32Array;
}

/**
 * Ranks setups (model, feature views, regularization) by k-fold cross-validation on the training
 * rows only, chooses an ensemble of them on their out-of-fold logits (see `ensembleShares`), then
 * trains its members on all rows and averages their temperature-scaled logits by their shares,
 * which for linear models is one linear head. Every fit is solved to its optimum
 * (convex; see `fitKernel`); views combine as sums of their kernels, so each fold's kernels are
 * computed once for all setups.
 */
export async function selectLinearHead(options: SelectionOptions): Promise<SelectionResult> {
  const started = performance.now();
  const { features, rows, targets, classes, views } = options;
  const n = rows.length;
  const setups = options.setups ?? candidateSetups(views, targets.multiLabel);
  const prepared = new ViewFeatures(features, rows, views);
  const grams = new Map(views.map((v) => [v.name, prepared.gram(v)]));
  const strata = targets.multiLabel ? targets.classes.map((t) => t[0] ?? -1) : Array.from(targets.classes);
  const counts = new Map<number, number>();
  strata.forEach((c) => counts.set(c, (counts.get(c) ?? 0) + 1));
  const notes: string[] = [];
  const singles = [...counts].filter(([, count]) => count < 2).map(([c]) => c);
  if (singles.length) {
    notes.push(`${singles.map((c) => JSON.stringify(options.labels[c] ?? String(c))).join(', ')} ${singles.length === 1 ? 'has' : 'have'} a single example: never held out, so cross-validation does not test ${singles.length === 1 ? 'it' : 'them'}`);
  }
  const smallest = Math.min(...[...counts.values()].filter((c) => c >= 2));
  const folds = Math.max(2, Math.min(MAX_FOLDS, Number.isFinite(smallest) ? smallest : 2));
  if (folds < MAX_FOLDS) notes.push(`${folds} folds: the smallest class has ${smallest} examples`);
  const foldRows = stratifiedFolds(strata, folds, options.seed);
  const outOfFold = setups.map(() => new Float64Array(n * classes));
  const kernelCache = new Map<string, Float64Array>();
  const kernelOf = (names: readonly string[]) => {
    const key = names.join('+');
    let kernel = kernelCache.get(key);
    if (!kernel) {
      kernel = new Float64Array(n * n);
      for (const name of names) {
        const gram = grams.get(name) as Float64Array;
        for (let i = 0; i < kernel.length; i++) kernel[i] += gram[i];
      }
      kernelCache.set(key, kernel);
    }
    return kernel;
  };
  // Member fits are counted as the most there can be until the ensemble is chosen.
  let total = setups.length * foldRows.length + Math.min(setups.length, ENSEMBLE_START + ENSEMBLE_STEPS);
  let done = 0;
  // At most one progress report per 100 ms (and the last): each one is a message to the page when training runs in a worker.
  const report = throttled(options.onProgress);
  const progress = () => {
    done++;
    report({ done, total }, done === total);
  };
  for (const heldOut of foldRows) {
    if (heldOut.length === 0) continue;
    const held = new Set(heldOut);
    const subset = Array.from({ length: n }, (_, i) => i).filter((i) => !held.has(i));
    const subTargets = pickTargets(targets, subset);
    const subLoss = subsetLoss(options.loss, subset, classes, targets.multiLabel);
    // Setups that share views share the fold's Cholesky factor; regularization ascends, each fit warm-started from the last.
    let previous: { key: string; fit: KernelFit } | undefined;
    const foldCounts = countsByViews(prepared, subset, subTargets, subLoss.weights, views, classes);
    for (const [s, setup] of setups.entries()) {
      let logits: Float64Array;
      if (setup.model !== 'logistic') {
        logits = naiveBayesLogits(prepared, heldOut, naiveBayesFit(foldCounts(setup.views), setup.regularization, setup.model === 'complement-naive-bayes'), classes);
      } else {
        const key = setup.views.join('+');
        const kernel = kernelOf(setup.views);
        const warm = previous?.key === key ? previous.fit : undefined;
        const fit = fitKernel(kernel, n, subset, subTargets, classes, subLoss, 1 / (setup.regularization * subset.length), { warm, gradientTolerance: SELECTION_TOLERANCE });
        previous = { key, fit };
        logits = kernelLogits(kernel, n, subset, heldOut, fit, classes);
      }
      heldOut.forEach((row, h) => outOfFold[s].set(logits.subarray(h * classes, (h + 1) * classes), row * classes));
      progress();
      await yieldToBrowser(options.signal);
    }
  }
  const tested = foldRows.flat().sort((a, b) => a - b);
  const testedTargets = pickTargets(targets, tested);
  const metric = targets.multiLabel ? 'macroF1' : 'accuracy';
  const candidates = setups.map((setup, s) => {
    const { accuracy, macroF1, loss } = evaluate(probabilities(pick(outOfFold[s], tested, classes), classes, targets.multiLabel), testedTargets, options.labels);
    return { setup, accuracy, macroF1, loss };
  });
  // Best first: the metric, then the lower loss, then the earlier candidate.
  const ranked = candidates
    .map((_, i) => i)
    .sort((x, y) => {
      const [a, b] = [candidates[x], candidates[y]];
      if (Math.abs(a[metric] - b[metric]) > 1e-9) return b[metric] - a[metric];
      if (Math.abs(a.loss - b.loss) > 1e-9) return a.loss - b.loss;
      return x - y;
    });
  // Each candidate's logits are divided by its own temperature (fitted on its out-of-fold logits),
  // so that members of different scales (naive Bayes' log-probabilities, logistic regression's
  // logits) count alike; dividing logits is dividing weights, so any average is one linear head.
  const has = targetTest(testedTargets);
  const allTemperatures = setups.map((_, s) => (tested.length ? fitTemperature(pick(outOfFold[s], tested, classes), classes, targets.multiLabel, has) : 1));
  const shares = ensembleShares(
    setups.map((_, s) => pick(outOfFold[s], tested, classes).map((v) => v / allTemperatures[s])),
    ranked,
    testedTargets,
    classes,
  );
  const averaged = shares.map((share, s) => (share > 0 ? s : -1)).filter((s) => s >= 0);
  total = done + averaged.length;
  const all = Array.from({ length: n }, (_, i) => i);
  const weights = emptyWeights(prepared, classes);
  const temperatures = averaged.map((s) => allTemperatures[s]);
  const allCounts = countsByViews(prepared, all, targets, options.loss.weights, views, classes);
  for (const [m, s] of averaged.entries()) {
    const setup = setups[s];
    let member: LinearWeights;
    if (setup.model !== 'logistic') {
      member = naiveBayesWeights(prepared, naiveBayesFit(allCounts(setup.views), setup.regularization, setup.model === 'complement-naive-bayes'), classes);
    } else {
      const fit = fitKernel(kernelOf(setup.views), n, all, targets, classes, options.loss, 1 / (setup.regularization * n));
      member = assembleWeights(prepared, setup, rowCoefficients(fit, classes), fit.theta.subarray(n * classes), classes);
    }
    addScaled(weights, member, shares[s] / temperatures[m]);
    progress();
    await yieldToBrowser(options.signal);
  }
  // The averaged head's out-of-fold logits are the same average of its members' (logits are linear in the weights).
  const heldOutLogits = new Float32Array(tested.length * classes);
  for (const [m, s] of averaged.entries()) {
    const member = pick(outOfFold[s], tested, classes);
    for (let k = 0; k < member.length; k++) heldOutLogits[k] += (member[k] * shares[s]) / temperatures[m];
  }
  return {
    weights,
    setups: averaged.map((s) => setups[s]),
    heldOut: tested,
    outOfFold: heldOutLogits,
    selection: { method: 'cross-validation', folds, metric, candidates, chosen: ranked[0], averaged, shares: averaged.map((s) => shares[s]), temperatures, notes, seconds: (performance.now() - started) / 1000 },
  };
}

/**
 * The naive Bayes counts of `rows` on a set of views, each set counted once: every naive Bayes
 * setup on the same views (each smoothing, both forms) fits from the same counts.
 */
function countsByViews(prepared: ViewFeatures, rows: readonly number[], targets: Targets, weights: ArrayLike<number>, views: readonly FeatureView[], classes: number): (names: readonly string[]) => NaiveBayesCounts {
  const counted = new Map<string, NaiveBayesCounts>();
  return (names) => {
    const key = names.join('+');
    let counts = counted.get(key);
    if (!counts) counted.set(key, (counts = countNaiveBayes(prepared, rows, targets, weights, viewsNamed(views, names), classes)));
    return counts;
  };
}

/** The views of `names`, in the backbone's order. */
function viewsNamed(views: readonly FeatureView[], names: readonly string[]): FeatureView[] {
  return views.filter((v) => names.includes(v.name));
}

/** The loss weights of `subset`, renormalized to its own size. */
function subsetLoss(loss: LossWeights, subset: readonly number[], classes: number, multiLabel: boolean): LossWeights {
  const width = multiLabel ? classes : 1;
  const weights = new Float64Array(subset.length * width);
  subset.forEach((row, i) => weights.set(loss.weights.subarray(row * width, (row + 1) * width), i * width));
  const total = loss.weights.reduce((a, b) => a + b, 0);
  const part = weights.reduce((a, b) => a + b, 0);
  return { weights, normalizer: (loss.normalizer * part) / (total || 1) };
}

function pick(logits: Float64Array, rows: readonly number[], classes: number): Float32Array {
  const out = new Float32Array(rows.length * classes);
  rows.forEach((row, i) => out.set(logits.subarray(row * classes, (row + 1) * classes), i * classes));
  return out;
}

/**
 * Each candidate's share of the head (shares add up to 1), by greedy ensemble selection on the
 * out-of-fold logits `scaled` (each candidate's, temperature-scaled, for the rows of `targets`):
 * the first `ENSEMBLE_START` of `ranked`, then repeated picks of the candidate whose addition most
 * lowers the average's log loss, while one does.
 */
export function ensembleShares(scaled: Float32Array[], ranked: number[], targets: Targets, classes: number): number[] {
  const counts = new Array<number>(scaled.length).fill(0);
  const sum = new Float64Array(scaled[0]?.length ?? 0);
  const lossOf = (extra: Float32Array | undefined, members: number) => {
    const mean = new Float32Array(sum.length);
    for (let k = 0; k < sum.length; k++) mean[k] = (sum[k] + (extra ? extra[k] : 0)) / members;
    return logLoss(probabilities(mean, classes, targets.multiLabel), targets, classes);
  };
  let members = 0;
  for (const s of ranked.slice(0, ENSEMBLE_START)) {
    counts[s]++;
    members++;
    for (let k = 0; k < sum.length; k++) sum[k] += scaled[s][k];
  }
  let current = lossOf(undefined, members);
  for (let step = 0; step < ENSEMBLE_STEPS && sum.length; step++) {
    let best = -1;
    let bestLoss = current;
    for (let s = 0; s < scaled.length; s++) {
      const loss = lossOf(scaled[s], members + 1);
      if (loss < bestLoss - 1e-9) [best, bestLoss] = [s, loss];
    }
    if (best < 0) break;
    counts[best]++;
    members++;
    for (let k = 0; k < sum.length; k++) sum[k] += scaled[best][k];
    current = bestLoss;
  }
  return counts.map((c) => c / members);
}
