import type { ReliabilityBin } from '../store/schema.js';

const ECE_BINS = 15;

/**
 * The reliability diagram of scores: 15 equal-width bins (the empty ones left out), each with its
 * mean score and observed frequency. Single-label: the top class's score against whether it was
 * right; multi-label: every class probability against whether the class is present.
 */
export function reliabilityBins(confidences: ArrayLike<number>, correct: ArrayLike<boolean>): ReliabilityBin[] {
  const count = new Float64Array(ECE_BINS);
  const confidenceSum = new Float64Array(ECE_BINS);
  const correctSum = new Float64Array(ECE_BINS);
  for (let i = 0; i < confidences.length; i++) {
    const bin = Math.min(ECE_BINS - 1, Math.floor(confidences[i] * ECE_BINS));
    count[bin]++;
    confidenceSum[bin] += confidences[i];
    if (correct[i]) correctSum[bin]++;
  }
  const bins: ReliabilityBin[] = [];
  for (let b = 0; b < ECE_BINS; b++) {
    if (count[b]) bins.push({ from: b / ECE_BINS, to: (b + 1) / ECE_BINS, count: count[b], confidence: confidenceSum[b] / count[b], accuracy: correctSum[b] / count[b] });
  }
  return bins;
}

/**
 * The expected calibration error of a reliability diagram: the mean, weighted by bin size, of
 * |observed frequency − mean confidence|.
 */
export function eceOf(bins: readonly ReliabilityBin[]): number {
  let n = 0;
  let gap = 0;
  for (const b of bins) {
    n += b.count;
    gap += b.count * Math.abs(b.accuracy - b.confidence);
  }
  return n ? gap / n : 0;
}

/**
 * Negative log-likelihood of `targets` under `logits / temperature` (softmax, or per-class
 * sigmoid for multi-label), averaged over items.
 */
export function temperedNll(logits: Float32Array, classes: number, multiLabel: boolean, isTarget: (item: number, c: number) => boolean, temperature: number): number {
  const count = logits.length / classes;
  let nll = 0;
  for (let i = 0; i < count; i++) {
    if (multiLabel) {
      for (let c = 0; c < classes; c++) {
        const z = logits[i * classes + c] / temperature;
        // -log σ(z) = softplus(-z); -log(1 - σ(z)) = softplus(z)
        nll += softplus(isTarget(i, c) ? -z : z) / classes;
      }
      continue;
    }
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, logits[i * classes + c] / temperature);
    let sum = 0;
    let target = 0;
    for (let c = 0; c < classes; c++) {
      const z = logits[i * classes + c] / temperature - max;
      sum += Math.exp(z);
      if (isTarget(i, c)) target = z;
    }
    nll += Math.log(sum) - target;
  }
  return count ? nll / count : 0;
}

function softplus(x: number): number {
  return x > 30 ? x : Math.log1p(Math.exp(x));
}

const MIN_LOG_T = Math.log(0.05);
const MAX_LOG_T = Math.log(20);

/**
 * Temperature scaling (Guo et al., 2017): the temperature in [0.05, 20] that minimizes the
 * validation negative log-likelihood, found by golden-section search on log T (the NLL is convex
 * in 1/T). Returns 1 when there is nothing to fit on.
 */
export function fitTemperature(logits: Float32Array, classes: number, multiLabel: boolean, isTarget: (item: number, c: number) => boolean): number {
  if (logits.length === 0) return 1;
  const f = (logT: number) => temperedNll(logits, classes, multiLabel, isTarget, Math.exp(logT));
  const ratio = (Math.sqrt(5) - 1) / 2;
  let lo = MIN_LOG_T;
  let hi = MAX_LOG_T;
  let a = hi - ratio * (hi - lo);
  let b = lo + ratio * (hi - lo);
  let fa = f(a);
  let fb = f(b);
  for (let i = 0; i < 60 && hi - lo > 1e-5; i++) {
    if (fa <= fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - ratio * (hi - lo);
      fa = f(a);
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + ratio * (hi - lo);
      fb = f(b);
    }
  }
  const best = Math.exp((lo + hi) / 2);
  // Keep T = 1 unless scaling really lowers the loss (a flat NLL would otherwise pick noise).
  return f(Math.log(best)) < f(0) - 1e-9 ? best : 1;
}

