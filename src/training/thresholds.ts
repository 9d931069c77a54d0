/**
 * Per-class decision thresholds for a multi-label head, tuned on validation probabilities: for each
 * class, the threshold that maximizes that class's F1 (midway between the two scores it separates;
 * ties go to the higher threshold). A class without validation positives keeps 0.5.
 */
export function tuneThresholds(probs: Float32Array, classes: number, has: (item: number, c: number) => boolean): number[] {
  const count = probs.length / classes;
  const thresholds: number[] = [];
  for (let c = 0; c < classes; c++) {
    const items = Array.from({ length: count }, (_, i) => ({ p: probs[i * classes + c], positive: has(i, c) })).sort((a, b) => b.p - a.p);
    const positives = items.filter((x) => x.positive).length;
    if (positives === 0) {
      thresholds.push(0.5);
      continue;
    }
    let tp = 0;
    let predicted = 0;
    let bestF1 = -1;
    let best = 0.5;
    for (let i = 0; i < items.length; i++) {
      predicted++;
      if (items[i].positive) tp++;
      // Only cut between distinct scores: everything scored items[i].p or higher is predicted.
      if (i + 1 < items.length && items[i + 1].p === items[i].p) continue;
      const f1 = (2 * tp) / (predicted + positives);
      if (f1 > bestF1) {
        bestF1 = f1;
        best = i + 1 < items.length ? (items[i].p + items[i + 1].p) / 2 : items[i].p / 2;
      }
    }
    thresholds.push(best);
  }
  return thresholds;
}
