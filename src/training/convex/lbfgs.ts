/** Value and gradient of an objective at a point; writes the gradient into `grad`. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

/** Options of `minimize`. */
export interface LbfgsOptions {
  /** Most iterations (default 500). */
  maxIterations?: number;
  /** Stop when the largest gradient entry is below this (default 1e-6). */
  gradientTolerance?: number;
  /** Corrections kept (default 10). */
  memory?: number;
}

/** Where `minimize` ended. */
export interface LbfgsResult {
  value: number;
  iterations: number;
  /** Largest gradient entry at the end. */
  gradientNorm: number;
  converged: boolean;
}

const ARMIJO = 1e-4;

/**
 * Minimizes a smooth objective in place from `x` with L-BFGS (two-loop recursion, backtracking
 * line search with the Armijo condition; the first step is scaled to the gradient). For the
 * convex, strongly convex when regularized, objectives of linear heads this reaches the optimum
 * to the gradient tolerance.
 */
export function minimize(objective: Objective, x: Float64Array, options: LbfgsOptions = {}): LbfgsResult {
  const n = x.length;
  const maxIterations = options.maxIterations ?? 500;
  const tolerance = options.gradientTolerance ?? 1e-6;
  const memory = options.memory ?? 10;
  const s: Float64Array[] = [];
  const y: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(memory);
  let grad = new Float64Array(n);
  let nextGrad = new Float64Array(n);
  const direction = new Float64Array(n);
  const trial = new Float64Array(n);
  let spare: { s: Float64Array; y: Float64Array } = { s: new Float64Array(n), y: new Float64Array(n) };
  let value = objective(x, grad);
  let iterations = 0;
  let gradientNorm = maxAbs(grad);
  while (iterations < maxIterations && gradientNorm > tolerance) {
    iterations++;
    // Two-loop recursion: direction = −H·grad.
    direction.set(grad);
    for (let k = s.length - 1; k >= 0; k--) {
      alpha[k] = rho[k] * dot(s[k], direction);
      axpy(-alpha[k], y[k], direction);
    }
    const gamma = s.length ? dot(s[s.length - 1], y[y.length - 1]) / dot(y[y.length - 1], y[y.length - 1]) : 1 / Math.max(1, Math.sqrt(dot(grad, grad)));
    scale(direction, gamma);
    for (let k = 0; k < s.length; k++) axpy(alpha[k] - rho[k] * dot(y[k], direction), s[k], direction);
    scale(direction, -1);
    let slope = dot(grad, direction);
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      s.length = y.length = rho.length = 0;
      for (let i = 0; i < n; i++) direction[i] = -grad[i] / Math.max(1, Math.sqrt(dot(grad, grad)));
      slope = dot(grad, direction);
    }
    let step = 1;
    let nextValue = Infinity;
    for (let tries = 0; tries < 40; tries++) {
      for (let i = 0; i < n; i++) trial[i] = x[i] + step * direction[i];
      nextValue = objective(trial, nextGrad);
      if (nextValue <= value + ARMIJO * step * slope) break;
      step *= 0.5;
    }
    if (!(nextValue < value)) break; // no progress possible at this precision
    // The correction is computed into spare arrays; when it is kept and the memory is full, the
    // dropped oldest correction's arrays become the next spares.
    const sk = spare.s;
    const yk = spare.y;
    for (let i = 0; i < n; i++) {
      sk[i] = trial[i] - x[i];
      yk[i] = nextGrad[i] - grad[i];
    }
    const sy = dot(sk, yk);
    if (sy > 1e-12) {
      if (s.length === memory) {
        spare = { s: s.shift() as Float64Array, y: y.shift() as Float64Array };
        rho.shift();
      } else {
        spare = { s: new Float64Array(n), y: new Float64Array(n) };
      }
      s.push(sk);
      y.push(yk);
      rho.push(1 / sy);
    }
    x.set(trial);
    [grad, nextGrad] = [nextGrad, grad];
    const change = value - nextValue;
    value = nextValue;
    gradientNorm = maxAbs(grad);
    if (change <= 1e-14 * Math.max(1, Math.abs(value))) break;
  }
  return { value, iterations, gradientNorm, converged: gradientNorm <= tolerance };
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i] += a * x[i];
}

function scale(x: Float64Array, a: number): void {
  for (let i = 0; i < x.length; i++) x[i] *= a;
}

function maxAbs(x: Float64Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]));
  return m;
}
