import type { ClassCurves } from '../store/schema.js';

/** Points of the stored curves: x from 0 to 1 in steps of 1/(CURVE_POINTS − 1). */
export const CURVE_POINTS = 51;


/**
 * One class's ROC and precision-recall curves, sampled on a fixed grid so that every class (and
 * every run) shares the x values: small to store, and drawn on one axis. Undefined when the class
 * has no positives or no negatives (neither curve is defined).
 */
export function classCurves(scores: ArrayLike<number>, positive: ArrayLike<boolean>): ClassCurves | undefined {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  let positives = 0;
  for (let i = 0; i < positive.length; i++) if (positive[i]) positives++;
  const negatives = scores.length - positives;
  if (positives === 0 || negatives === 0) return undefined;
  // Operating points, one per distinct score threshold (ties move together), from the strictest.
  const fprs = [0];
  const tprs = [0];
  const recalls: number[] = [];
  const precisions: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1]] === scores[order[i]]) j++;
    for (let t = i; t <= j; t++) {
      if (positive[order[t]]) tp++;
      else fp++;
    }
    fprs.push(fp / negatives);
    tprs.push(tp / positives);
    recalls.push(tp / positives);
    precisions.push(tp / (tp + fp));
    i = j + 1;
  }
  const grid = Array.from({ length: CURVE_POINTS }, (_, k) => k / (CURVE_POINTS - 1));
  // Linear between operating points: tied scores move a threshold across positives and negatives at once (a diagonal).
  const tpr = grid.map((x) => {
    let p = 0;
    while (p + 1 < fprs.length && fprs[p + 1] <= x + 1e-12) p++;
    if (p + 1 === fprs.length) return tprs[p];
    return tprs[p] + ((tprs[p + 1] - tprs[p]) * (x - fprs[p])) / (fprs[p + 1] - fprs[p]);
  });
  const precision = grid.map((r) => {
    let best = 0;
    for (let p = 0; p < recalls.length; p++) if (recalls[p] >= r - 1e-12) best = Math.max(best, precisions[p]);
    return best;
  });
  return { tpr, precision };
}
