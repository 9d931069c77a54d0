/** Uncertainty measures of a prediction (active learning's classic three). */
export const UNCERTAINTY_STRATEGIES = ['least-confidence', 'margin', 'entropy'] as const;
export type UncertaintyStrategy = (typeof UNCERTAINTY_STRATEGIES)[number];

/**
 * How unsure a prediction is, from 0 (certain) to 1. Single-label (probabilities summing to 1):
 * least-confidence 1 − max p; margin 1 − (p₁ − p₂) of the two top classes; entropy −Σ p log p over
 * log(classes). Multi-label (independent probabilities): the most unsure class, with each class
 * taken as a two-way choice p vs 1 − p.
 */
export function uncertainty(scores: readonly number[], strategy: UncertaintyStrategy, multiLabel: boolean): number {
  if (multiLabel) return Math.max(...scores.map((p) => uncertainty([p, 1 - p], strategy, false)));
  const sorted = [...scores].sort((a, b) => b - a);
  if (strategy === 'least-confidence') return (1 - sorted[0]) * (scores.length / Math.max(1, scores.length - 1));
  if (strategy === 'margin') return 1 - (sorted[0] - (sorted[1] ?? 0));
  const entropy = scores.reduce((sum, p) => (p > 0 ? sum - p * Math.log(p) : sum), 0);
  return scores.length > 1 ? entropy / Math.log(scores.length) : 0;
}
