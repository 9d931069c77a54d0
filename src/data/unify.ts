import type { Response, TextRecord } from '../store/schema.js';

/** Unification strategies (Argilla's names). */
export const UNIFICATIONS = ['majority', 'disagreement'] as const;
export type Unification = (typeof UNIFICATIONS)[number];

/** What a single-label majority tie becomes: unlabeled (default), or the latest tied answer. */
export const TIE_BREAKS = ['unlabeled', 'latest'] as const;
export type TieBreak = (typeof TIE_BREAKS)[number];

/** The responses of a record; a record stored with only `label`/`labels` counts as one response. */
export function responsesOf(record: Pick<TextRecord, 'responses' | 'label' | 'labels'>): Response[] {
  if (record.responses?.length) return record.responses;
  if (record.label !== undefined) return [{ annotator: 'unknown', label: record.label, at: 0 }];
  if (record.labels?.length) return [{ annotator: 'unknown', labels: record.labels, at: 0 }];
  return [];
}

/**
 * One label (single-label) or label set (multi-label) from several responses, or undefined when
 * the record counts as unlabeled. `majority`: the label most responses chose (a tie → unlabeled, or
 * with `tieBreak: 'latest'` the tied label answered last);
 * multi-label, every label more than half the responses chose. `disagreement`: the responses'
 * common answer when they all agree, else unlabeled.
 */
export function unify(responses: readonly Response[], multiLabel: boolean, strategy: Unification, tieBreak: TieBreak = 'unlabeled'): { label?: string; labels?: string[] } | undefined {
  if (responses.length === 0) return undefined;
  if (multiLabel) {
    const sets = responses.map((r) => [...new Set(r.labels ?? [])].sort());
    if (strategy === 'disagreement') {
      const first = JSON.stringify(sets[0]);
      return sets.every((s) => JSON.stringify(s) === first) && sets[0].length ? { labels: sets[0] } : undefined;
    }
    const counts = new Map<string, number>();
    for (const set of sets) for (const label of set) counts.set(label, (counts.get(label) ?? 0) + 1);
    const labels = [...counts].filter(([, n]) => n * 2 > responses.length).map(([l]) => l).sort();
    return labels.length ? { labels } : undefined;
  }
  const votes = responses.map((r) => r.label).filter((l): l is string => l !== undefined);
  if (votes.length === 0) return undefined;
  if (strategy === 'disagreement') return votes.every((v) => v === votes[0]) && votes.length === responses.length ? { label: votes[0] } : undefined;
  const counts = new Map<string, number>();
  for (const v of votes) counts.set(v, (counts.get(v) ?? 0) + 1);
  const best = Math.max(...counts.values());
  const winners = new Set([...counts].filter(([, n]) => n === best).map(([l]) => l));
  if (winners.size === 1) return { label: [...winners][0] };
  if (tieBreak === 'unlabeled') return undefined;
  const latest = [...responses].filter((r) => r.label !== undefined && winners.has(r.label)).sort((a, b) => b.at - a.at)[0];
  return { label: latest.label as string };
}
