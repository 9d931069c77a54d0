import type { ClassMetrics, EvalMetrics } from '../store/schema.js';

/**
 * Targets of an evaluation: for single-label, one class id per item; for multi-label, the set of
 * class ids of each item.
 */
export type Targets = { multiLabel: false; classes: Int32Array } | { multiLabel: true; classes: number[][] };

const EPS = 1e-7;

/**
 * Classification metrics from predicted probabilities (`count × labels.length`, row-major).
 * Single-label: prediction = argmax; loss = mean cross-entropy. Multi-label: a class is predicted
 * when its probability is ≥ 0.5; accuracy is the exact-match ratio; loss = mean binary
 * cross-entropy per class.
 */
export function evaluate(probabilities: Float32Array, targets: Targets, labels: readonly string[]): EvalMetrics {
  const classes = labels.length;
  const count = targets.classes.length;
  const tp = new Float64Array(classes);
  const fp = new Float64Array(classes);
  const fn = new Float64Array(classes);
  const support = new Float64Array(classes);
  let correct = 0;
  let loss = 0;
  for (let i = 0; i < count; i++) {
    const row = probabilities.subarray(i * classes, (i + 1) * classes);
    if (targets.multiLabel) {
      const truth = new Set(targets.classes[i]);
      let exact = true;
      for (let c = 0; c < classes; c++) {
        const predicted = row[c] >= 0.5;
        const actual = truth.has(c);
        if (actual) support[c]++;
        if (predicted && actual) tp[c]++;
        else if (predicted) fp[c]++;
        else if (actual) fn[c]++;
        if (predicted !== actual) exact = false;
        const p = Math.min(1 - EPS, Math.max(EPS, row[c]));
        loss -= (actual ? Math.log(p) : Math.log(1 - p)) / classes;
      }
      if (exact) correct++;
    } else {
      const actual = targets.classes[i];
      const predicted = argmax(row);
      support[actual]++;
      if (predicted === actual) {
        correct++;
        tp[actual]++;
      } else {
        fp[predicted]++;
        fn[actual]++;
      }
      loss -= Math.log(Math.max(EPS, row[actual]));
    }
  }
  const perClass: Record<string, ClassMetrics> = {};
  let f1Sum = 0;
  let present = 0;
  labels.forEach((label, c) => {
    const precision = tp[c] + fp[c] > 0 ? tp[c] / (tp[c] + fp[c]) : 0;
    const recall = tp[c] + fn[c] > 0 ? tp[c] / (tp[c] + fn[c]) : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    perClass[label] = { precision, recall, f1, support: support[c] };
    // Macro-F1 averages over the classes present in the truth or the predictions.
    if (support[c] + fp[c] > 0) {
      f1Sum += f1;
      present++;
    }
  });
  return {
    accuracy: count ? correct / count : 0,
    macroF1: present ? f1Sum / present : 0,
    loss: count ? loss / count : 0,
    count,
    perClass,
  };
}

/** Index of the largest value. */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
