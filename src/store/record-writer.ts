import { storageError, ValidationError, type Problem } from '../errors.js';
import { validateRecords, type RecordInput } from '../data/validate-records.js';
import type { SieveDatabase } from './db.js';
import type { Dataset, TextRecord } from './schema.js';
import { ensureRoom } from './storage-usage.js';

/** Bytes a record will take, roughly (for the storage check before writing). */
function contentBytes(r: RecordInput | undefined): number {
  const text = typeof r?.text === 'string' ? 2 * r.text.length : 0;
  const media = (r?.image instanceof Blob ? r.image.size : 0) + (r?.audio instanceof Blob ? r.audio.size : 0);
  const vector = r?.vector && typeof r.vector.length === 'number' ? 4 * r.vector.length : 0;
  return text + media + vector + 256;
}

/**
 * Validates and writes records in one transaction. `abort`: any problem (including `file.earlier`
 * ones, found while parsing) writes nothing and throws; `skip`: the valid records are written and
 * all problems returned. For files, `rowOf` turns an input index into a row number and `refuse`
 * builds the error thrown on abort. The records' labels are `annotator`'s answers; the dataset is
 * written with them (a new one is created so; `vectorDims` is set by the first vectors).
 */
export async function writeRecords(
  db: SieveDatabase,
  annotator: string,
  dataset: Dataset,
  inputs: RecordInput[],
  onInvalid: 'abort' | 'skip',
  file?: {
    rowOf: (index: number) => number;
    earlier: Problem[];
    refuse: (problems: Problem[]) => Error;
    /** Validate only: abort the transaction instead of committing it. */
    dryRun: boolean;
    onWritten: (done: number, total: number) => void;
    signal?: AbortSignal;
  },
): Promise<{ added: number; problems: Problem[] }> {
  const datasetId = dataset.id;
  if (Array.isArray(inputs)) await ensureRoom(inputs.reduce((n, r) => n + contentBytes(r), 0), `Adding ${inputs.length} records`);
  const tx = db.transaction(['records', 'datasets'], 'readwrite');
  // Look up only the ids the call names, not every key of the dataset.
  const named = Array.isArray(inputs) ? inputs.map((r) => r?.id).filter((id): id is string => typeof id === 'string' && id !== '') : [];
  const found = await Promise.all([...new Set(named)].map((id) => tx.objectStore('records').getKey([datasetId, id])));
  const existing = new Set(found.flatMap((key) => (key ? [key[1]] : [])));
  const last = await tx.objectStore('records').index('byDatasetSeq').openCursor(
    IDBKeyRange.bound([datasetId, -Infinity], [datasetId, Infinity]),
    'prev',
  );
  const nextSeq = last ? last.value.seq + 1 : 0;
  const vectorDims = { value: dataset.vectorDims };
  const validate = (batch: RecordInput[]) => validateRecords(dataset, batch, existing, nextSeq, () => crypto.randomUUID(), annotator, vectorDims);
  const problems: Problem[] = [...(file?.earlier ?? [])];
  let records: TextRecord[] = [];
  let refused: unknown;
  try {
    records = validate(inputs);
  } catch (error) {
    refused = error;
    if (error instanceof ValidationError) {
      problems.push(...(file ? error.problems.map(({ index, ...p }) => ({ ...p, row: file.rowOf(index as number) })) : error.problems));
      const bad = new Set(error.problems.map((p) => p.index));
      if (onInvalid === 'skip') records = validate(inputs.filter((_, i) => !bad.has(i)));
    }
  }
  const fatal = refused !== undefined && !(refused instanceof ValidationError);
  if (fatal || (problems.length > 0 && onInvalid === 'abort')) {
    tx.abort();
    await tx.done.catch(() => undefined);
    throw file && !fatal ? file.refuse(problems) : refused;
  }
  if (file?.dryRun) {
    tx.abort();
    await tx.done.catch(() => undefined);
    return { added: records.length, problems };
  }
  if (file?.signal?.aborted) {
    tx.abort();
    await tx.done.catch(() => undefined);
    throw new DOMException('The import was cancelled: nothing was written', 'AbortError');
  }
  // Cancelling aborts the transaction: none of its records are kept.
  const cancel = () => tx.abort();
  file?.signal?.addEventListener('abort', cancel, { once: true });
  try {
    const store = tx.objectStore('records');
    let written = 0;
    const onAdded = () => file?.onWritten(++written, records.length);
    for (const record of records) store.add(record).then(onAdded, () => undefined);
    const dims = records.find((r) => r.vector)?.vector?.length;
    tx.objectStore('datasets').put({ ...dataset, ...(dataset.vectorDims === undefined && dims ? { vectorDims: dims } : {}), updatedAt: Date.now() }).catch(() => undefined);
  } catch (error) {
    // A value the store cannot take: undo what this call queued, so nothing of it is written.
    tx.abort();
    await tx.done.catch(() => undefined);
    throw storageError(error, 'addRecords');
  }
  try {
    await tx.done;
  } catch (error) {
    if (file?.signal?.aborted) throw new DOMException('The import was cancelled: nothing was written', 'AbortError');
    throw storageError(tx.error ?? error, 'addRecords');
  } finally {
    file?.signal?.removeEventListener('abort', cancel);
  }
  return { added: records.length, problems };
}
