import type { Dataset, Response, TextRecord } from '../store/schema.js';
import { responsesOf } from './unify.js';

/** Inter-annotator agreement of a dataset. */
export interface Agreement {
  /** Cohen's kappa when exactly two annotators answered, Krippendorff's alpha (nominal) otherwise. */
  method: 'cohen-kappa' | 'krippendorff-alpha';
  /** The statistic over all labels (multi-label: the mean of the per-label values); NaN when undefined. */
  overall: number;
  /** The same statistic per label, each label taken as present/absent. */
  perLabel: Record<string, number>;
  /** Ids of records whose annotators did not all give the same answer. */
  disagreements: string[];
  annotators: string[];
  /** Records answered by at least two annotators (the ones agreement is computed on). */
  items: number;
}

/** Value of each annotator's response on one record: a label (or label set, as a string key). */
type Unit = Map<string, string>;

/** Cohen's kappa of two annotators over the units both answered. */
export function cohensKappa(units: readonly Unit[], a: string, b: string): number {
  const pairs = units.filter((u) => u.has(a) && u.has(b)).map((u) => [u.get(a) as string, u.get(b) as string]);
  if (pairs.length === 0) return NaN;
  const observed = pairs.filter(([x, y]) => x === y).length / pairs.length;
  const marginal = (side: 0 | 1) => {
    const counts = new Map<string, number>();
    for (const p of pairs) counts.set(p[side], (counts.get(p[side]) ?? 0) + 1);
    return counts;
  };
  const [ma, mb] = [marginal(0), marginal(1)];
  let expected = 0;
  for (const [value, n] of ma) expected += (n / pairs.length) * ((mb.get(value) ?? 0) / pairs.length);
  return expected === 1 ? (observed === 1 ? 1 : NaN) : (observed - expected) / (1 - expected);
}

/** Krippendorff's alpha for nominal data; units with fewer than two values are left out. */
export function krippendorffAlpha(units: readonly Unit[]): number {
  const coincidence = new Map<string, Map<string, number>>();
  const add = (c: string, k: string, w: number) => {
    const row = coincidence.get(c) ?? new Map<string, number>();
    row.set(k, (row.get(k) ?? 0) + w);
    coincidence.set(c, row);
  };
  for (const unit of units) {
    const values = [...unit.values()];
    const m = values.length;
    if (m < 2) continue;
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) if (i !== j) add(values[i], values[j], 1 / (m - 1));
  }
  const totals = new Map<string, number>();
  let n = 0;
  for (const [c, row] of coincidence) {
    const sum = [...row.values()].reduce((a, b) => a + b, 0);
    totals.set(c, sum);
    n += sum;
  }
  if (n <= 1) return NaN;
  let disagreeObserved = 0;
  for (const [c, row] of coincidence) for (const [k, o] of row) if (c !== k) disagreeObserved += o;
  let disagreeExpected = 0;
  for (const [c, nc] of totals) for (const [k, nk] of totals) if (c !== k) disagreeExpected += nc * nk;
  if (disagreeExpected === 0) return disagreeObserved === 0 ? 1 : NaN;
  return 1 - ((n - 1) * disagreeObserved) / disagreeExpected;
}

/** Agreement of the annotators of `records` (see Agreement). */
export function agreement(dataset: Dataset, records: readonly TextRecord[]): Agreement {
  const answered = records.map((r) => ({ id: r.id, responses: latestPerAnnotator(responsesOf(r)) })).filter((r) => r.responses.length >= 2);
  const annotators = [...new Set(answered.flatMap((r) => r.responses.map((x) => x.annotator)))].sort();
  const method = annotators.length === 2 ? 'cohen-kappa' : 'krippendorff-alpha';
  const statistic = (units: Unit[]) => (method === 'cohen-kappa' ? cohensKappa(units, annotators[0], annotators[1]) : krippendorffAlpha(units));
  const valueOf = (r: Response) => (dataset.multiLabel ? JSON.stringify([...new Set(r.labels ?? [])].sort()) : (r.label ?? ''));
  const unitsBy = (value: (r: Response) => string) => answered.map((r) => new Map(r.responses.map((x) => [x.annotator, value(x)])));
  const has = (r: Response, label: string) => (dataset.multiLabel ? (r.labels ?? []).includes(label) : r.label === label);
  const perLabel = Object.fromEntries(dataset.labels.map((label) => [label, statistic(unitsBy((r) => (has(r, label) ? 'yes' : 'no')))]));
  const perLabelValues = Object.values(perLabel).filter((v) => !Number.isNaN(v));
  const overall = dataset.multiLabel ? (perLabelValues.length ? perLabelValues.reduce((a, b) => a + b, 0) / perLabelValues.length : NaN) : statistic(unitsBy(valueOf));
  const disagreements = answered.filter((r) => new Set(r.responses.map(valueOf)).size > 1).map((r) => r.id);
  return { method, overall, perLabel, disagreements, annotators, items: answered.length };
}

/** Each annotator's latest response only. */
function latestPerAnnotator(responses: readonly Response[]): Response[] {
  const latest = new Map<string, Response>();
  for (const r of responses) if (!latest.has(r.annotator) || (latest.get(r.annotator) as Response).at <= r.at) latest.set(r.annotator, r);
  return [...latest.values()];
}
