import type { Targets } from './metrics.js';
import type { TrainingArguments } from './params.js';

/** Single-label loss weight per example: with `balanced`, n / (classes present · count of the example's class). */
export function exampleWeights(targets: Targets, classes: number, weighting: 'balanced' | 'none'): Float32Array {
  const n = targets.classes.length;
  if (weighting === 'none' || targets.multiLabel) return new Float32Array(n).fill(1);
  const counts = new Float64Array(classes);
  targets.classes.forEach((c) => counts[c]++);
  const present = counts.filter((c) => c > 0).length;
  return Float32Array.from(targets.classes, (c) => n / (present * counts[c]));
}

/** Multi-label loss weight per element: 1 for a labeled class, `weakNegRate` for a class the record does not have. */
export function elementWeights(targets: Targets, classes: number, weakNegRate: number): Float32Array {
  const out = new Float32Array(targets.classes.length * classes).fill(weakNegRate);
  targets.classes.forEach((t: number | number[], i: number) => {
    for (const c of Array.isArray(t) ? t : [t]) out[i * classes + c] = 1;
  });
  return out;
}

/**
 * The loss weights the training arguments ask for (per example, or per example and class when
 * multi-label), with the loss's normalizer: the number of examples.
 */
export function lossWeights(targets: Targets, classes: number, args: Pick<TrainingArguments, 'class_weighting' | 'weak_neg_rate'>): { weights: Float64Array; normalizer: number } {
  const weights = targets.multiLabel ? elementWeights(targets, classes, args.weak_neg_rate) : exampleWeights(targets, classes, args.class_weighting);
  return { weights: Float64Array.from(weights), normalizer: targets.classes.length };
}
