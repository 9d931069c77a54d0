import { NotFoundError, ValidationError, type Problem } from '../errors.js';
import { responsesOf, unify } from '../data/unify.js';
import { checkLabels } from '../data/validate-records.js';
import type { SieveDatabase } from './db.js';
import type { Dataset, TextRecord } from './schema.js';
import type { LabelAssignment } from './datasets.js';

/** `record` with `annotator`'s answer replaced (null: removed) and its unified label updated. */
function withAnswer(dataset: Dataset, record: TextRecord, annotator: string, label: string | null | undefined, labels: string[] | null | undefined): TextRecord {
  const others = responsesOf(record).filter((r) => r.annotator !== annotator);
  const cleared = dataset.multiLabel ? labels === null : label === null;
  const answer = dataset.multiLabel ? { labels: [...new Set(labels ?? [])] } : { label: label as string };
  const responses = cleared ? others : [...others, { annotator, at: Date.now(), ...answer }];
  const { label: _label, labels: _labels, ...rest } = record;
  return { ...rest, responses, ...(unify(responses, dataset.multiLabel, 'majority') ?? {}) };
}

/** Adds to `problems` what is wrong with one answer by `annotator` (`index`: its place in a list of answers). */
function checkAnswer(dataset: Dataset, labelSet: Set<string>, answer: LabelAssignment, annotator: unknown, index: number | undefined, problems: Problem[]): void {
  const at = index === undefined ? {} : { index };
  if (typeof annotator !== 'string' || annotator.trim() === '') problems.push({ ...at, field: 'annotator', value: annotator, reason: 'the annotator must be a non-empty name' });
  checkLabels(dataset, labelSet, { label: answer.label ?? undefined, labels: answer.labels ?? undefined }, index, problems);
  if (answer.label === undefined && answer.labels === undefined) problems.push({ ...at, reason: 'give "label" (single-label) or "labels" (multi-label); null clears' });
}

/**
 * Checks and writes one annotator's answer for a record of `dataset` (replacing that annotator's
 * earlier answer) with the record's unified (majority) label; `defaultAnnotator` answers when
 * the assignment names nobody.
 */
export async function writeAnswer(db: SieveDatabase, dataset: Dataset, recordId: string, assignment: LabelAssignment, defaultAnnotator: string): Promise<TextRecord> {
  const problems: Problem[] = [];
  const { label, labels } = assignment;
  const annotator = assignment.annotator ?? defaultAnnotator;
  checkAnswer(dataset, new Set(dataset.labels), assignment, annotator, undefined, problems);
  if (problems.length) throw new ValidationError(`annotate record ${JSON.stringify(recordId)}`, problems);
  const tx = db.transaction('records', 'readwrite');
  const record = await tx.store.get([dataset.id, recordId]);
  if (!record) {
    tx.abort();
    await tx.done.catch(() => undefined);
    throw new NotFoundError(`Dataset ${JSON.stringify(dataset.id)} has no record with id ${JSON.stringify(recordId)} (deleted?)`);
  }
  const updated = withAnswer(dataset, record, annotator, label, labels);
  void tx.store.put(updated);
  await tx.done;
  return updated;
}

/**
 * Checks every answer first (problems name the entry's index), then writes them in one
 * transaction (all or none); a record named twice gets its answers in order. Returns the
 * updated record of each answer.
 */
export async function writeAnswers(db: SieveDatabase, dataset: Dataset, answers: readonly (LabelAssignment & { recordId: string })[], defaultAnnotator: string, context: string): Promise<TextRecord[]> {
  const labelSet = new Set(dataset.labels);
  const problems: Problem[] = [];
  const checked = Array.from(answers, (answer, index) => {
    if (typeof answer !== 'object' || answer === null) {
      problems.push({ index, reason: 'each answer must be an object { recordId, label | labels }' });
      return undefined;
    }
    const annotator = answer.annotator ?? defaultAnnotator;
    if (typeof answer.recordId !== 'string' || answer.recordId === '') problems.push({ index, field: 'recordId', value: answer.recordId, reason: 'recordId must be a non-empty string' });
    checkAnswer(dataset, labelSet, answer, annotator, index, problems);
    return { ...answer, annotator };
  });
  if (problems.length) throw new ValidationError(context, problems);
  const tx = db.transaction('records', 'readwrite');
  const records = await Promise.all(checked.map((answer) => tx.store.get([dataset.id, answer!.recordId])));
  const missing = checked.filter((_, i) => !records[i]).map((answer) => answer!.recordId);
  if (missing.length) {
    tx.abort();
    await tx.done.catch(() => undefined);
    throw new NotFoundError(`Dataset ${JSON.stringify(dataset.id)} has no records with ids ${missing.slice(0, 5).map((id) => JSON.stringify(id)).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}; nothing was labeled`);
  }
  const latest = new Map<string, TextRecord>();
  checked.forEach((answer, i) => {
    const { recordId, annotator, label, labels } = answer!;
    latest.set(recordId, withAnswer(dataset, latest.get(recordId) ?? (records[i] as TextRecord), annotator, label, labels));
  });
  for (const record of latest.values()) tx.store.put(record).catch(() => undefined);
  await tx.done;
  return checked.map((answer) => latest.get(answer!.recordId)!);
}
