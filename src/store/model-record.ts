import type { StoredModel } from './schema.js';

/**
 * Weights above this size are stored as a Blob: IndexedDB keeps Blobs apart from the record, so a
 * model is not bound by the browser's limit on one serialized value (about 133 MB in Chromium).
 */
export const BLOB_WEIGHTS_FROM = 32 * 2 ** 20;

/** A model as the `models` store holds it: its weights as bytes, or as a Blob when large. */
export type StoredModelRecord = Omit<StoredModel, 'weights'> & { weights: ArrayBuffer | Blob };

/** The record to store for `model`. */
export function toModelRecord(model: StoredModel): StoredModelRecord {
  return model.weights.byteLength > BLOB_WEIGHTS_FROM ? { ...model, weights: new Blob([model.weights]) } : model;
}

/** The model a stored record holds, with its weights as bytes again. */
export async function fromModelRecord(record: StoredModelRecord): Promise<StoredModel> {
  return record.weights instanceof Blob ? { ...record, weights: await record.weights.arrayBuffer() } : (record as StoredModel);
}
