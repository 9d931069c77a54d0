import { ValidationError, type Problem } from '../errors.js';
import type { Dataset, Split, TextRecord } from '../store/schema.js';
import { plainDataProblem } from './plain-data.js';
import { checkContent, type RecordContentInput } from './record-content.js';
import { unify } from './unify.js';

/** A record as given to `datasets.addRecords`: an id, its content (text, image, audio, vector), answers and metadata. */
export interface RecordInput extends RecordContentInput {
  id?: string;
  label?: string;
  labels?: string[];
  split?: Split;
  metadata?: Record<string, unknown>;
  /**
   * Several annotators' answers (instead of `label` / `labels`, which count as one answer by the
   * current annotator); `at` (ms since the epoch) defaults to now.
   */
  responses?: { annotator: string; label?: string; labels?: string[]; at?: number }[];
}

const SPLITS: readonly Split[] = ['train', 'validation', 'test'];

/**
 * Checks every input record against the dataset and returns them ready to store, or throws one
 * ValidationError listing every problem by record index. `existingIds` are ids already stored.
 * `vectorDims` holds the dataset's vector length; the batch's first vector sets it when unset.
 */
export function validateRecords(
  dataset: Dataset,
  inputs: unknown,
  existingIds: ReadonlySet<string>,
  nextSeq: number,
  newId: () => string,
  annotator = 'default',
  vectorDims: { value?: number } = { value: dataset.vectorDims },
): TextRecord[] {
  if (!Array.isArray(inputs)) {
    throw new ValidationError('addRecords', [{ reason: 'expected an array of records', value: inputs }]);
  }
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  const labelSet = new Set(dataset.labels);
  const out: TextRecord[] = [];
  inputs.forEach((input: unknown, index) => {
    const before = problems.length;
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      problems.push({ index, reason: 'a record must be an object with a "text" (or "image", "audio", "vector") field', value: input });
      return;
    }
    const r = input as Partial<RecordInput>;
    const content = checkContent(r, index, problems, vectorDims);
    if (r.id !== undefined) {
      if (typeof r.id !== 'string' || r.id === '') {
        problems.push({ index, field: 'id', value: r.id, reason: 'id must be a non-empty string' });
      } else if (existingIds.has(r.id)) {
        problems.push({ index, field: 'id', value: r.id, reason: 'id is already used by a record of this dataset' });
      } else if (seen.has(r.id)) {
        problems.push({ index, field: 'id', value: r.id, reason: `id is used twice in this call (also by record ${seen.get(r.id)})` });
      } else {
        seen.set(r.id, index);
      }
    }
    checkLabels(dataset, labelSet, r, index, problems);
    if (r.responses !== undefined) {
      if (!Array.isArray(r.responses)) {
        problems.push({ index, field: 'responses', value: r.responses, reason: 'responses must be an array of { annotator, label | labels }' });
      } else {
        if (r.label !== undefined || r.labels !== undefined) {
          problems.push({ index, field: 'responses', reason: 'give either responses or label / labels, not both' });
        }
        const seenAnnotators = new Set<string>();
        r.responses.forEach((response, j) => {
          const name = response?.annotator;
          if (typeof name !== 'string' || name.trim() === '') {
            problems.push({ index, field: `responses[${j}].annotator`, value: name, reason: 'annotator must be a non-empty name' });
          } else if (seenAnnotators.has(name)) {
            problems.push({ index, field: `responses[${j}].annotator`, value: name, reason: 'one response per annotator' });
          } else seenAnnotators.add(name);
          const at = response?.at;
          if (at !== undefined && !(typeof at === 'number' && Number.isFinite(at) && at >= 0)) {
            problems.push({ index, field: `responses[${j}].at`, value: at, reason: 'at must be a time in ms since the epoch' });
          }
          checkLabels(dataset, labelSet, response ?? {}, index, problems);
        });
      }
    }
    if (r.split !== undefined && !SPLITS.includes(r.split)) {
      problems.push({ index, field: 'split', value: r.split, reason: `split must be one of ${SPLITS.join(', ')}` });
    }
    if (r.metadata !== undefined) {
      const proto = typeof r.metadata === 'object' && r.metadata !== null ? Object.getPrototypeOf(r.metadata) : undefined;
      const reason = proto !== Object.prototype && proto !== null ? 'metadata must be a plain object' : plainDataProblem(r.metadata, 'metadata');
      if (reason) problems.push({ index, field: 'metadata', value: describeValue(r.metadata), reason });
    }
    if (problems.length > before) return;
    const record: TextRecord = { datasetId: dataset.id, id: r.id ?? newId(), seq: nextSeq + index, ...content };
    const now = Date.now();
    const given = r.responses ?? (r.label !== undefined || r.labels !== undefined ? [{ annotator, label: r.label, labels: r.labels }] : []);
    if (given.length) {
      record.responses = given.map((x) => ({ annotator: x.annotator, at: (x as { at?: number }).at ?? now, ...(dataset.multiLabel ? { labels: [...new Set(x.labels ?? [])] } : { label: x.label }) }));
      Object.assign(record, unify(record.responses, dataset.multiLabel, 'majority') ?? {});
    }
    if (r.split !== undefined) record.split = r.split;
    if (r.metadata !== undefined) record.metadata = r.metadata;
    out.push(record);
  });
  if (problems.length > 0) {
    throw new ValidationError(`addRecords refused ${new Set(problems.map((p) => p.index)).size} of ${inputs.length} records, nothing was written`, problems);
  }
  return out;
}

/** A value as a problem can hold it (problems are cloned to workers and shown): plain data as is, anything else by kind. */
function describeValue(value: unknown): unknown {
  return plainDataProblem(value, 'value') ? Object.prototype.toString.call(value) : value;
}

/** Checks `label` / `labels` of one record against the dataset's label set and kind. */
export function checkLabels(
  dataset: Dataset,
  labelSet: ReadonlySet<string>,
  r: { label?: unknown; labels?: unknown },
  index: number | undefined,
  problems: Problem[],
): void {
  const allowed = `one of ${dataset.labels.map((l) => JSON.stringify(l)).join(', ')}`;
  if (r.label !== undefined) {
    if (dataset.multiLabel) {
      problems.push({ index, field: 'label', value: r.label, reason: 'this dataset is multi-label: use "labels" (an array)' });
    } else if (typeof r.label !== 'string' || !labelSet.has(r.label)) {
      problems.push({ index, field: 'label', value: r.label, reason: `label is not in the dataset's labels (expected ${allowed})` });
    }
  }
  if (r.labels !== undefined) {
    if (!dataset.multiLabel) {
      problems.push({ index, field: 'labels', value: r.labels, reason: 'this dataset is single-label: use "label" (a string)' });
    } else if (!Array.isArray(r.labels)) {
      problems.push({ index, field: 'labels', value: r.labels, reason: 'labels must be an array of strings' });
    } else {
      for (const label of r.labels) {
        if (typeof label !== 'string' || !labelSet.has(label)) {
          problems.push({ index, field: 'labels', value: label, reason: `label is not in the dataset's labels (expected ${allowed})` });
        }
      }
    }
  }
}
