import { responsesOf, unify, type TieBreak, type Unification } from '../data/unify.js';
import type { Dataset, TextRecord } from '../store/schema.js';
import type { Targets } from '../training/metrics.js';

/** The records and targets a run trains and tests on. */
export interface TrainingData {
  /** Output labels of the model: the dataset's labels without the throwaway classes, in order. */
  labels: string[];
  /** Labeled records outside the test split that the run trains (and validates) on. */
  fit: TextRecord[];
  fitTargets: Targets;
  /** Labeled records of the test split. */
  test: TextRecord[];
  testTargets: Targets;
  /** Examples per output label among `fit` (multi-label: records that have the label). */
  counts: number[];
}

/**
 * Picks a run's records and targets: each record's responses are unified with `unification`
 * (records without an answer under it are left out). Throwaway classes leave the label set: a
 * single-label record labeled with one is left out; a multi-label record loses that label but
 * stays (its other classes are still known to be absent, so it remains a weak negative for them).
 */
export function trainingData(
  dataset: Dataset,
  all: readonly TextRecord[],
  throwaway: readonly string[],
  unification: Unification = 'majority',
  tieBreak: TieBreak = 'unlabeled',
): TrainingData {
  const labels = dataset.labels.filter((l) => !throwaway.includes(l));
  const id = new Map(labels.map((l, i) => [l, i]));
  const records = all.flatMap((r) => {
    const answer = unify(responsesOf(r), dataset.multiLabel, unification, tieBreak);
    if (!answer) return [];
    const { label: _label, labels: _labels, ...rest } = r;
    return [{ ...rest, ...answer } as TextRecord];
  });
  const usable = (r: TextRecord) => dataset.multiLabel || id.has(r.label as string);
  const fit = records.filter((r) => r.split !== 'test' && usable(r));
  const test = records.filter((r) => r.split === 'test' && usable(r));
  const targetsOf = (rs: TextRecord[]): Targets =>
    dataset.multiLabel
      ? { multiLabel: true, classes: rs.map((r) => (r.labels ?? []).filter((l) => id.has(l)).map((l) => id.get(l) as number)) }
      : { multiLabel: false, classes: Int32Array.from(rs, (r) => id.get(r.label as string) as number) };
  const fitTargets = targetsOf(fit);
  const counts = new Array<number>(labels.length).fill(0);
  for (const t of fitTargets.classes) for (const c of Array.isArray(t) ? t : [t]) counts[c]++;
  return { labels, fit, fitTargets, test, testTargets: targetsOf(test), counts };
}
