import type { Targets } from '../metrics.js';
import { minimize, type LbfgsResult } from './lbfgs.js';
import { linearLogits, logisticObjective, type EmbeddedRows, type LossWeights } from './logistic-objective.js';

/** Relative jitter added to the kernel's diagonal so that its Cholesky factor exists. */
const JITTER = 1e-8;

/**
 * A linear head fitted in the span of its training rows. By the representer theorem the optimum
 * of an L2-regularized linear model has its weights in the span of the training feature vectors,
 * so with K = L·Lᵀ (Cholesky of the rows' kernel) the rows' coordinates in that span are the rows
 * of L: the problem becomes a small dense logistic regression over `rows × rows` inputs, exact
 * for any number of features (hundreds of thousands of hashed n-grams).
 */
export interface KernelFit {
  /** Cholesky factor of the training rows' kernel (`m × m`, lower triangular). */
  factor: Float64Array;
  m: number;
  /** `[kernel (m × classes), bias (classes)]` over the rows' coordinates. */
  theta: Float64Array;
  solver: LbfgsResult;
}

/** The kernel of `subset` (positions into a full `n × n` kernel), with jitter on the diagonal. */
function subKernel(kernel: Float64Array, n: number, subset: readonly number[]): Float64Array {
  const m = subset.length;
  const out = new Float64Array(m * m);
  let trace = 0;
  for (let i = 0; i < m; i++) trace += kernel[subset[i] * n + subset[i]];
  const jitter = (JITTER * trace) / Math.max(1, m) + 1e-12;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) out[i * m + j] = kernel[subset[i] * n + subset[j]];
    out[i * m + i] += jitter;
  }
  return out;
}

/** Lower Cholesky factor of a symmetric positive definite `m × m` matrix, in place of a copy. */
export function cholesky(matrix: Float64Array, m: number): Float64Array {
  const l = new Float64Array(m * m);
  for (let j = 0; j < m; j++) {
    let diagonal = matrix[j * m + j];
    for (let k = 0; k < j; k++) diagonal -= l[j * m + k] * l[j * m + k];
    const pivot = Math.sqrt(Math.max(diagonal, 1e-300));
    l[j * m + j] = pivot;
    for (let i = j + 1; i < m; i++) {
      let sum = matrix[i * m + j];
      for (let k = 0; k < j; k++) sum -= l[i * m + k] * l[j * m + k];
      l[i * m + j] = sum / pivot;
    }
  }
  return l;
}

/** Solves L·z = b for lower-triangular L (`m × m`), writing z into `out`. */
function forwardSolve(l: Float64Array, m: number, b: ArrayLike<number>, out: Float64Array): void {
  for (let i = 0; i < m; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= l[i * m + k] * out[k];
    out[i] = sum / l[i * m + i];
  }
}

/** Fits the head on `subset` of the kernel's rows (targets and weights are the subset's own). */
export function fitKernel(
  kernel: Float64Array,
  n: number,
  subset: readonly number[],
  targets: Targets,
  classes: number,
  loss: LossWeights,
  lambda: number,
  options: { warm?: KernelFit; gradientTolerance?: number; maxIterations?: number } = {},
): KernelFit {
  const m = subset.length;
  const factor = options.warm && options.warm.m === m ? options.warm.factor : cholesky(subKernel(kernel, n, subset), m);
  const rows: EmbeddedRows = { rows: m, width: m, values: factor, lowerTriangular: true };
  const theta = options.warm?.theta.length === (m + 1) * classes ? options.warm.theta.slice() : new Float64Array((m + 1) * classes);
  const solver = minimize(logisticObjective(rows, targets, classes, loss, lambda), theta, {
    gradientTolerance: options.gradientTolerance ?? 1e-6,
    maxIterations: options.maxIterations ?? 1000,
  });
  return { factor, m, theta, solver };
}

/** Logits of `heldOut` rows (positions into the full kernel) under a fit on `subset`. */
export function kernelLogits(kernel: Float64Array, n: number, subset: readonly number[], heldOut: readonly number[], fit: KernelFit, classes: number): Float64Array {
  const m = fit.m;
  const coordinates = new Float64Array(heldOut.length * m);
  const column = new Float64Array(m);
  heldOut.forEach((row, h) => {
    for (let i = 0; i < m; i++) column[i] = kernel[row * n + subset[i]];
    forwardSolve(fit.factor, m, column, coordinates.subarray(h * m, (h + 1) * m));
  });
  return linearLogits({ rows: heldOut.length, width: m, values: coordinates, lowerTriangular: false }, fit.theta, classes, new Float64Array(heldOut.length * classes));
}

/**
 * The fit's weight of each training row per class (`m × classes`): A = L⁻ᵀ·β, so that the head's
 * weights are Σᵢ Aᵢ · xᵢ over the rows' feature vectors, and its bias the fit's bias.
 */
export function rowCoefficients(fit: KernelFit, classes: number): Float64Array {
  const { m, factor } = fit;
  const a = new Float64Array(m * classes);
  for (let c = 0; c < classes; c++) {
    // Back substitution with Lᵀ: Lᵀ·a = β (column c).
    for (let i = m - 1; i >= 0; i--) {
      let sum = fit.theta[i * classes + c];
      for (let k = i + 1; k < m; k++) sum -= factor[k * m + i] * a[k * classes + c];
      a[i * classes + c] = sum / factor[i * m + i];
    }
  }
  return a;
}
