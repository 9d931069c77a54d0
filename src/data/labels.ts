import type { TextRecord } from '../store/schema.js';

/** True when a record has a label (single-label) or at least one label (multi-label). */
export function isLabeled(record: Pick<TextRecord, 'label' | 'labels'>): boolean {
  return record.label !== undefined || (record.labels?.length ?? 0) > 0;
}
