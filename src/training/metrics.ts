import type { ClassMetrics, EvalMetrics } from '../store/schema.js';
import { eceOf, reliabilityBins } from './calibration.js';
import { classCurves } from './curves.js';
import { argmax } from '../inference/scores.js';
import { averagePrecision, rocAuc } from './ranking.js';

/** Above this many labels no per-class curves are kept (too many to read, and a run record grows by about 0.8 kB per class). */
const MAX_CURVE_CLASSES = 20;

/**
 * Targets of an evaluation: for single-label, one class id per item; for multi-label, the set of
 * class ids of each item.
 */
export type Targets = { multiLabel: false; classes: Int32Array } | { multiLabel: true; classes: number[][] };

const EPS = 1e-7;


/** The targets of `rows` only. */
export function pickTargets(targets: Targets, rows: readonly number[]): Targets {
  return targets.multiLabel
    ? { multiLabel: true, classes: rows.map((i) => targets.classes[i]) }
    : { multiLabel: false, classes: Int32Array.from(rows, (i) => targets.classes[i]) };
}

/** Whether item `i` has class `c` among its targets. */
export function targetTest(targets: Targets): (i: number, c: number) => boolean {
  if (!targets.multiLabel) return (i, c) => targets.classes[i] === c;
  const sets = targets.classes.map((t) => new Set(t));
  return (i, c) => sets[i].has(c);
}

/**
 * Classification metrics from predicted probabilities (`count × labels.length`, row-major).
 * Single-label: prediction = argmax; loss = mean cross-entropy; a confusion matrix (rows: true
 * label, columns: predicted) and one-vs-rest ROC-AUC per class (`rocAuc`: of the second label for
 * two labels, else the macro mean). Multi-label: a class is predicted when its probability reaches
 * its threshold (default 0.5); accuracy is the exact-match ratio; loss = mean binary cross-entropy
 * per class; per-class ROC-AUC and average precision, mAP and Hamming loss. Both: macro- and
 * micro-F1, per-class precision/recall/F1/support and the expected calibration error.
 */
export function evaluate(probs: Float32Array, targets: Targets, labels: readonly string[], thresholds?: readonly number[]): EvalMetrics {
  const classes = labels.length;
  const count = targets.classes.length;
  const has = targetTest(targets);
  const tp = new Float64Array(classes);
  const fp = new Float64Array(classes);
  const fn = new Float64Array(classes);
  const support = new Float64Array(classes);
  const confusion = targets.multiLabel ? undefined : labels.map(() => new Array<number>(classes).fill(0));
  const confidences: number[] = [];
  const hits: boolean[] = [];
  let correct = 0;
  let wrongDecisions = 0;
  for (let i = 0; i < count; i++) {
    const row = probs.subarray(i * classes, (i + 1) * classes);
    if (targets.multiLabel) {
      let exact = true;
      for (let c = 0; c < classes; c++) {
        const predicted = row[c] >= (thresholds?.[c] ?? 0.5);
        const actual = has(i, c);
        if (actual) support[c]++;
        if (predicted && actual) tp[c]++;
        else if (predicted) fp[c]++;
        else if (actual) fn[c]++;
        if (predicted !== actual) {
          exact = false;
          wrongDecisions++;
        }
        confidences.push(row[c]);
        hits.push(actual);
      }
      if (exact) correct++;
    } else {
      const actual = targets.classes[i];
      const predicted = argmax(row);
      support[actual]++;
      (confusion as number[][])[actual][predicted]++;
      if (predicted === actual) {
        correct++;
        tp[actual]++;
      } else {
        fp[predicted]++;
        fn[actual]++;
      }
      confidences.push(row[predicted]);
      hits.push(predicted === actual);
    }
  }
  // Own properties only (defineProperty), so that a label such as "__proto__" is a class like any other.
  const perClass: Record<string, ClassMetrics> = {};
  let f1Sum = 0;
  let present = 0;
  const aucs: number[] = [];
  const aps: number[] = [];
  labels.forEach((label, c) => {
    const precision = tp[c] + fp[c] > 0 ? tp[c] / (tp[c] + fp[c]) : 0;
    const recall = tp[c] + fn[c] > 0 ? tp[c] / (tp[c] + fn[c]) : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    const scores = Float32Array.from({ length: count }, (_, i) => probs[i * classes + c]);
    const positive = Array.from({ length: count }, (_, i) => has(i, c));
    const metrics: ClassMetrics = { precision, recall, f1, support: support[c] };
    const auc = rocAuc(scores, positive);
    if (!Number.isNaN(auc)) {
      metrics.rocAuc = auc;
      aucs.push(auc);
    }
    const curves = classes <= MAX_CURVE_CLASSES ? classCurves(scores, positive) : undefined;
    if (curves) metrics.curves = curves;
    if (targets.multiLabel) {
      const ap = averagePrecision(scores, positive);
      if (!Number.isNaN(ap)) {
        metrics.averagePrecision = ap;
        aps.push(ap);
      }
    }
    Object.defineProperty(perClass, label, { value: metrics, enumerable: true, writable: true, configurable: true });
    // Macro-F1 averages over the classes present in the truth or the predictions.
    if (support[c] + fp[c] > 0) {
      f1Sum += f1;
      present++;
    }
  });
  const sum = (xs: ArrayLike<number>) => {
    let total = 0;
    for (let i = 0; i < xs.length; i++) total += xs[i];
    return total;
  };
  const microPrecision = sum(tp) + sum(fp) > 0 ? sum(tp) / (sum(tp) + sum(fp)) : 0;
  const microRecall = sum(tp) + sum(fn) > 0 ? sum(tp) / (sum(tp) + sum(fn)) : 0;
  const reliability = reliabilityBins(confidences, hits);
  const out: EvalMetrics = {
    accuracy: count ? correct / count : 0,
    macroF1: present ? f1Sum / present : 0,
    microF1: microPrecision + microRecall > 0 ? (2 * microPrecision * microRecall) / (microPrecision + microRecall) : 0,
    loss: logLoss(probs, targets, classes),
    count,
    perClass,
    ece: eceOf(reliability),
    reliability,
  };
  const binaryAuc = classes === 2 && !targets.multiLabel ? perClass[labels[1]].rocAuc : undefined;
  const macroAuc = binaryAuc ?? (aucs.length ? sum(aucs) / aucs.length : undefined);
  if (macroAuc !== undefined) out.rocAuc = macroAuc;
  if (confusion) out.confusionMatrix = confusion;
  if (targets.multiLabel) {
    out.hammingLoss = count ? wrongDecisions / (count * classes) : 0;
    if (aps.length) out.mAP = sum(aps) / aps.length;
  }
  return out;
}

/**
 * Mean log loss: cross-entropy of the true class (single-label), or binary cross-entropy averaged
 * over classes (multi-label); probabilities are clipped to [1e-7, 1 − 1e-7]. 0 for no items.
 */
export function logLoss(probs: Float32Array, targets: Targets, classes: number): number {
  const count = targets.classes.length;
  const has = targetTest(targets);
  let loss = 0;
  for (let i = 0; i < count; i++) {
    if (!targets.multiLabel) {
      loss -= Math.log(Math.max(EPS, probs[i * classes + (targets.classes[i] as number)]));
      continue;
    }
    for (let c = 0; c < classes; c++) {
      const p = Math.min(1 - EPS, Math.max(EPS, probs[i * classes + c]));
      loss -= (has(i, c) ? Math.log(p) : Math.log(1 - p)) / classes;
    }
  }
  return count ? loss / count : 0;
}
