import { NotFoundError, ValidationError, type Problem } from '../errors.js';
import { checkLabels, validateRecords, type RecordInput } from '../data/validate-records.js';
import type { SieveDatabase } from './db.js';
import type { Dataset, TextRecord } from './schema.js';

/** What `datasets.create` takes. */
export interface DatasetInput {
  name: string;
  labels: string[];
  multiLabel?: boolean;
  description?: string;
}

/** A label assignment for one record; `label` for single-label datasets, `labels` for multi-label. */
export interface LabelAssignment {
  label?: string | null;
  labels?: string[] | null;
}

/** Typed access to datasets and their records. */
export class DatasetStore {
  constructor(private readonly db: SieveDatabase) {}

  /** Creates an empty dataset with a fixed label set. */
  async create(input: DatasetInput): Promise<Dataset> {
    const problems: Problem[] = [];
    if (typeof input?.name !== 'string' || input.name.trim() === '') {
      problems.push({ field: 'name', value: input?.name, reason: 'name must be a non-empty string' });
    }
    const labels = input?.labels;
    if (!Array.isArray(labels) || labels.length < 2) {
      problems.push({ field: 'labels', value: labels, reason: 'labels must be an array of at least two label names' });
    } else {
      labels.forEach((label, i) => {
        if (typeof label !== 'string' || label.trim() === '') {
          problems.push({ field: `labels[${i}]`, value: label, reason: 'a label must be a non-empty string' });
        } else if (labels.indexOf(label) !== i) {
          problems.push({ field: `labels[${i}]`, value: label, reason: 'labels must be unique' });
        }
      });
    }
    if (problems.length) throw new ValidationError('datasets.create', problems);
    const now = Date.now();
    const dataset: Dataset = {
      id: crypto.randomUUID(),
      name: input.name.trim(),
      labels: [...labels],
      multiLabel: input.multiLabel ?? false,
      description: input.description ?? '',
      createdAt: now,
      updatedAt: now,
    };
    await this.db.put('datasets', dataset);
    return dataset;
  }

  /** All datasets, oldest first. */
  async list(): Promise<Dataset[]> {
    const all = await this.db.getAll('datasets');
    return all.sort((a, b) => a.createdAt - b.createdAt);
  }

  /** One dataset; throws NotFoundError when there is none with that id. */
  async get(id: string): Promise<Dataset> {
    const dataset = await this.db.get('datasets', id);
    if (!dataset) throw new NotFoundError(`No dataset with id ${JSON.stringify(id)}`);
    return dataset;
  }

  /** Records of a dataset in insertion order. */
  async records(datasetId: string): Promise<TextRecord[]> {
    await this.get(datasetId);
    const range = IDBKeyRange.bound([datasetId, -Infinity], [datasetId, Infinity]);
    return this.db.getAllFromIndex('records', 'byDatasetSeq', range);
  }

  /** Adds records in one transaction: either all are written or, on any problem, none. */
  async addRecords(datasetId: string, inputs: RecordInput[]): Promise<{ added: number }> {
    const dataset = await this.get(datasetId);
    const tx = this.db.transaction(['records', 'datasets'], 'readwrite');
    // Look up only the ids the call names, not every key of the dataset.
    const named = Array.isArray(inputs) ? inputs.map((r) => r?.id).filter((id): id is string => typeof id === 'string' && id !== '') : [];
    const found = await Promise.all([...new Set(named)].map((id) => tx.objectStore('records').getKey([datasetId, id])));
    const existing = new Set(found.flatMap((key) => (key ? [key[1]] : [])));
    const last = await tx.objectStore('records').index('byDatasetSeq').openCursor(
      IDBKeyRange.bound([datasetId, -Infinity], [datasetId, Infinity]),
      'prev',
    );
    const nextSeq = last ? last.value.seq + 1 : 0;
    let records: TextRecord[];
    try {
      records = validateRecords(dataset, inputs, existing, nextSeq, () => crypto.randomUUID());
    } catch (error) {
      tx.abort();
      await tx.done.catch(() => undefined);
      throw error;
    }
    const store = tx.objectStore('records');
    for (const record of records) void store.add(record);
    void tx.objectStore('datasets').put({ ...dataset, updatedAt: Date.now() });
    await tx.done;
    return { added: records.length };
  }

  /** Sets (or clears, with null) the label of one record. */
  async annotate(datasetId: string, recordId: string, assignment: LabelAssignment): Promise<TextRecord> {
    const dataset = await this.get(datasetId);
    const problems: Problem[] = [];
    const { label, labels } = assignment ?? {};
    checkLabels(dataset, new Set(dataset.labels), { label: label ?? undefined, labels: labels ?? undefined }, undefined, problems);
    if (label === undefined && labels === undefined) {
      problems.push({ reason: 'give "label" (single-label) or "labels" (multi-label); null clears' });
    }
    if (problems.length) throw new ValidationError(`annotate record ${JSON.stringify(recordId)}`, problems);
    const tx = this.db.transaction('records', 'readwrite');
    const record = await tx.store.get([datasetId, recordId]);
    if (!record) {
      tx.abort();
      await tx.done.catch(() => undefined);
      throw new NotFoundError(`Dataset ${JSON.stringify(datasetId)} has no record with id ${JSON.stringify(recordId)}`);
    }
    const updated: TextRecord = { ...record };
    if (dataset.multiLabel) {
      if (labels === null || labels === undefined) delete updated.labels;
      else updated.labels = [...new Set(labels)];
    } else if (label === null || label === undefined) delete updated.label;
    else updated.label = label;
    void tx.store.put(updated);
    await tx.done;
    return updated;
  }

  /** Deletes a dataset and all its records in one transaction. */
  async delete(datasetId: string): Promise<void> {
    await this.get(datasetId);
    const tx = this.db.transaction(['datasets', 'records'], 'readwrite');
    void tx.objectStore('records').delete(IDBKeyRange.bound([datasetId, ''], [datasetId, []]));
    void tx.objectStore('datasets').delete(datasetId);
    await tx.done;
  }
}
