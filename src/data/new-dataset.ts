import { ValidationError, type Problem } from '../errors.js';
import type { DatasetInput } from '../store/datasets.js';
import type { Dataset } from '../store/schema.js';

/** Most labels a dataset may have (see the reason in `newDataset`). */
export const MAX_LABELS = 200;

/** A new dataset's record from `input`, checked (a ValidationError names each bad field); not yet stored. */
export function newDataset(input: DatasetInput, call: string): Dataset {
  const problems: Problem[] = [];
  if (typeof input?.name !== 'string' || input.name.trim() === '') {
    problems.push({ field: 'name', value: input?.name, reason: 'name must be a non-empty string' });
  }
  const labels = input?.labels;
  if (!Array.isArray(labels) || labels.length < 2) {
    problems.push({ field: 'labels', value: labels, reason: 'labels must be an array of at least two label names' });
  } else if (labels.length > MAX_LABELS) {
    problems.push({ field: 'labels', value: `${labels.length} labels`, reason: `at most ${MAX_LABELS} labels: a head on the default backbone takes about 0.5 MB of weights per label, and training holds three times that in memory` });
  } else {
    // An index loop, not forEach: holes in the array are missing labels too.
    for (let i = 0; i < labels.length; i++) {
      const label: unknown = labels[i];
      if (typeof label !== 'string' || label.trim() === '') {
        problems.push({ field: `labels[${i}]`, value: label, reason: 'a label must be a non-empty string' });
      } else if (labels.indexOf(label) !== i) {
        problems.push({ field: `labels[${i}]`, value: label, reason: 'labels must be unique' });
      }
    }
  }
  if (input?.multiLabel !== undefined && typeof input.multiLabel !== 'boolean') {
    problems.push({ field: 'multiLabel', value: input.multiLabel, reason: 'multiLabel must be true or false' });
  }
  if (input?.description !== undefined && typeof input.description !== 'string') {
    problems.push({ field: 'description', value: input.description, reason: 'the description must be a string' });
  }
  if (problems.length) throw new ValidationError(call, problems);
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
  return dataset;
}
