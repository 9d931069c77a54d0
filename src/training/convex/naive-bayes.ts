import type { FeatureView } from '../../backbones/backbone.js';
import { SieveError } from '../../errors.js';
import type { Targets } from '../metrics.js';
import type { ViewFeatures } from './view-kernels.js';

/**
 * Multinomial naive Bayes over the prepared sparse features of some views (idf-weighted n-gram
 * values as counts): per class, log θ_cb = log((Σ wᵢ·x_ib + α) / (Σ_b Σ wᵢ·x_ib + α·V)) over the V
 * buckets the rows have, with example weights wᵢ; the class prior is each class's share of the
 * weight. A linear model in the features (logit_c = log prior_c + Σ_b x_b · log θ_cb), so it is
 * stored as a linear head; buckets no training row has get no weight. With a few examples per
 * class it often generalizes better than logistic regression (it needs fewer examples to converge).
 */
export interface NaiveBayesFit {
  /** Bucket ids seen in training, ascending. */
  buckets: Int32Array;
  /** `buckets.length × classes` log θ. */
  logTheta: Float64Array;
  /** `classes` log priors. */
  logPrior: Float64Array;
}

/** Weighted n-gram counts per class over some rows: what every naive Bayes fit on them shares. */
export interface NaiveBayesCounts {
  /** Bucket ids the rows have, ascending. */
  buckets: Int32Array;
  /** `buckets.length × classes` weighted sums of the prepared values. */
  counts: Float64Array;
  /** Per class: the sum of its counts. */
  totals: Float64Array;
  /** Per class: the sum of its rows' weights. */
  prior: Float64Array;
  classes: number;
}

/**
 * Counts the prepared sparse values of `views` per class over `subset` (positions into the
 * prepared rows), with per-example weights: computed once per fold and views, then shared by every
 * smoothing and by both forms of naive Bayes (`naiveBayesFit`). Single-label only.
 */
export function countNaiveBayes(prepared: ViewFeatures, subset: readonly number[], targets: Targets, weights: ArrayLike<number>, views: readonly FeatureView[], classes: number): NaiveBayesCounts {
  if (targets.multiLabel) throw new SieveError('Naive Bayes setups are single-label only: leave them out of a multi-label selection');
  const inViews = (bucket: number) => views.some((v) => bucket >= v.start && bucket < v.end);
  const local = new Map<number, number>();
  for (const i of subset) for (const b of prepared.sparseRow(i).indices) if (!local.has(b) && inViews(b)) local.set(b, -1);
  const buckets = Int32Array.from(local.keys()).sort();
  buckets.forEach((b, k) => local.set(b, k));
  const counts = new Float64Array(buckets.length * classes);
  const totals = new Float64Array(classes);
  const prior = new Float64Array(classes);
  subset.forEach((i, position) => {
    const c = targets.classes[position];
    const w = weights[position];
    prior[c] += w;
    const { indices, values } = prepared.sparseRow(i);
    for (let k = 0; k < indices.length; k++) {
      const at = local.get(indices[k]);
      if (at === undefined) continue;
      counts[at * classes + c] += w * values[k];
      totals[c] += w * values[k];
    }
  });
  return { buckets, counts, totals, prior, classes };
}

/**
 * Naive Bayes from the counts, with additive smoothing. With `complement`, complement naive Bayes
 * (Rennie et al., 2003; scikit-learn's ComplementNB): each class's θ is estimated from the rows of
 * every *other* class (far more data per estimate when classes are many and examples few), and a
 * class's logit is Σ_b x_b · −log θ̃_cb, with no prior.
 */
export function naiveBayesFit({ buckets, counts, totals, prior, classes }: NaiveBayesCounts, smoothing: number, complement = false): NaiveBayesFit {
  const logTheta = new Float64Array(counts.length);
  if (complement) {
    // Each class's counts become those of all the other classes; the sign makes the largest logit win.
    const total = totals.reduce((a, b) => a + b, 0);
    for (let k = 0; k < buckets.length; k++) {
      let row = 0;
      for (let c = 0; c < classes; c++) row += counts[k * classes + c];
      for (let c = 0; c < classes; c++) logTheta[k * classes + c] = -Math.log((row - counts[k * classes + c] + smoothing) / (total - totals[c] + smoothing * buckets.length));
    }
    return { buckets, logTheta, logPrior: new Float64Array(classes) };
  }
  for (let k = 0; k < buckets.length; k++) {
    for (let c = 0; c < classes; c++) logTheta[k * classes + c] = Math.log((counts[k * classes + c] + smoothing) / (totals[c] + smoothing * buckets.length));
  }
  const weightSum = prior.reduce((a, b) => a + b, 0) || 1;
  // A class without examples (possible in a fold) gets a tiny prior rather than log 0.
  const logPrior = Float64Array.from(prior, (p) => Math.log(Math.max(p, 1e-9 * weightSum) / weightSum));
  return { buckets, logTheta, logPrior };
}

/** Logits (`rows.length × classes`) of prepared rows under a fitted model. */
export function naiveBayesLogits(prepared: ViewFeatures, rows: readonly number[], fit: NaiveBayesFit, classes: number): Float64Array {
  const out = new Float64Array(rows.length * classes);
  const { buckets, logTheta, logPrior } = fit;
  rows.forEach((i, r) => {
    for (let c = 0; c < classes; c++) out[r * classes + c] = logPrior[c];
    const { indices, values } = prepared.sparseRow(i);
    for (let k = 0; k < indices.length; k++) {
      const at = findBucket(buckets, indices[k]);
      if (at < 0) continue;
      for (let c = 0; c < classes; c++) out[r * classes + c] += values[k] * logTheta[at * classes + c];
    }
  });
  return out;
}

/** Position of `bucket` in the ascending `buckets`, or -1. */
function findBucket(buckets: Int32Array, bucket: number): number {
  let lo = 0;
  let hi = buckets.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (buckets[mid] === bucket) return mid;
    if (buckets[mid] < bucket) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
