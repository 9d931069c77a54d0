import { responsesOf } from '../../data/unify.js';
import type { TextRecord } from '../../store/schema.js';

/** What the labeler's list shows. */
export interface RecordFilter {
  /** A label, or `unlabeled`. */
  label?: string;
  /** Records this annotator answered. */
  annotator?: string;
  split?: 'train' | 'validation' | 'test' | 'none';
  /** Only records whose annotators disagree. */
  disagreement?: boolean;
  /** Case-insensitive text search. */
  search?: string;
}

/** Positions (into `records`) of the records that pass every set part of the filter, in order. */
export function filterRecords(records: readonly TextRecord[], filter: RecordFilter): number[] {
  const search = filter.search?.trim().toLowerCase();
  const out: number[] = [];
  records.forEach((r, i) => {
    if (filter.label === 'unlabeled' && (r.label !== undefined || r.labels?.length)) return;
    if (filter.label && filter.label !== 'unlabeled' && r.label !== filter.label && !r.labels?.includes(filter.label)) return;
    if (filter.split && (r.split ?? 'none') !== filter.split) return;
    if (filter.annotator && !responsesOf(r).some((x) => x.annotator === filter.annotator)) return;
    if (filter.disagreement) {
      const answers = new Set(responsesOf(r).map((x) => x.label ?? JSON.stringify([...(x.labels ?? [])].sort())));
      if (answers.size < 2) return;
    }
    if (search && !(r.text ?? '').toLowerCase().includes(search)) return;
    out.push(i);
  });
  return out;
}
