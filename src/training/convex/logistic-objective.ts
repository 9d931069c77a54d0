import type { Targets } from '../metrics.js';
import type { Objective } from './lbfgs.js';

/**
 * Training rows as the convex solver sees them: `rows × width` features, row-major, where row i
 * has non-zeros only in its first `min(width, i + 1)` columns when `lowerTriangular` (a Cholesky
 * factor), which halves the work.
 */
export interface EmbeddedRows {
  rows: number;
  width: number;
  values: Float64Array;
  lowerTriangular: boolean;
}

/** What the loss weighs: per example (single-label) or per example and class (multi-label), summing to the normalizer. */
export interface LossWeights {
  /** `rows` (single-label) or `rows × classes` (multi-label) weights. */
  weights: Float64Array;
  /** The loss is the weighted sum divided by this. */
  normalizer: number;
}

/**
 * The regularized logistic loss of a linear head on embedded rows, over parameters laid out as
 * `[kernel (width × classes), bias (classes)]`: softmax cross-entropy (single-label) or sigmoid
 * binary cross-entropy per class (multi-label), weighted, plus `lambda / 2 · ‖kernel‖²` (the bias
 * is not penalized). Convex in the parameters.
 */
export function logisticObjective(x: EmbeddedRows, targets: Targets, classes: number, loss: LossWeights, lambda: number): Objective {
  const { rows, width, values } = x;
  const logits = new Float64Array(rows * classes);
  const residual = new Float64Array(rows * classes);
  const has = new Uint8Array(rows * classes);
  targets.classes.forEach((t: number | number[], i: number) => {
    for (const c of Array.isArray(t) ? t : [t]) has[i * classes + c] = 1;
  });
  const biasAt = width * classes;
  return (theta, grad) => {
    linearLogits(x, theta, classes, logits);
    let total = 0;
    for (let i = 0; i < rows; i++) {
      const at = i * classes;
      if (!targets.multiLabel) {
        let max = -Infinity;
        for (let c = 0; c < classes; c++) max = Math.max(max, logits[at + c]);
        let sum = 0;
        for (let c = 0; c < classes; c++) sum += Math.exp(logits[at + c] - max);
        const logSum = max + Math.log(sum);
        const w = loss.weights[i] / loss.normalizer;
        for (let c = 0; c < classes; c++) {
          const p = Math.exp(logits[at + c] - logSum);
          residual[at + c] = w * (p - has[at + c]);
          if (has[at + c]) total -= loss.weights[i] * (logits[at + c] - logSum);
        }
      } else {
        for (let c = 0; c < classes; c++) {
          const z = logits[at + c];
          const w = loss.weights[at + c];
          // BCE with logits, stably: log(1 + e^z) − y·z.
          total += w * (Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - has[at + c] * z);
          residual[at + c] = (w / loss.normalizer) * (1 / (1 + Math.exp(-z)) - has[at + c]);
        }
      }
    }
    let penalty = 0;
    for (let k = 0; k < biasAt; k++) {
      penalty += theta[k] * theta[k];
      grad[k] = lambda * theta[k];
    }
    grad.fill(0, biasAt);
    for (let i = 0; i < rows; i++) {
      const length = x.lowerTriangular ? Math.min(width, i + 1) : width;
      const at = i * classes;
      for (let d = 0; d < length; d++) {
        const v = values[i * width + d];
        if (v === 0) continue;
        for (let c = 0, g = d * classes; c < classes; c++, g++) grad[g] += v * residual[at + c];
      }
      for (let c = 0; c < classes; c++) grad[biasAt + c] += residual[at + c];
    }
    return total / loss.normalizer + (lambda / 2) * penalty;
  };
}

/** Logits `rows × classes` of embedded rows under parameters `[kernel, bias]`, written into `out`. */
export function linearLogits(x: EmbeddedRows, theta: Float64Array, classes: number, out: Float64Array): Float64Array {
  const { rows, width, values } = x;
  const biasAt = width * classes;
  for (let i = 0; i < rows; i++) {
    const at = i * classes;
    for (let c = 0; c < classes; c++) out[at + c] = theta[biasAt + c];
    const length = x.lowerTriangular ? Math.min(width, i + 1) : width;
    for (let d = 0; d < length; d++) {
      const v = values[i * width + d];
      if (v === 0) continue;
      for (let c = 0, k = d * classes; c < classes; c++, k++) out[at + c] += v * theta[k];
    }
  }
  return out;
}
