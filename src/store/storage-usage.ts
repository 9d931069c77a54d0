import type { SieveDatabase } from './db.js';
import type { StorageReport } from './schema.js';

/** Byte size of a value as stored, approximately: binary buffers as they are, the rest as JSON text. */
function approximateBytes(value: unknown): number {
  let bytes = 0;
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (item instanceof Blob) {
      bytes += item.size;
      return null;
    }
    if (item instanceof ArrayBuffer || ArrayBuffer.isView(item)) {
      bytes += item.byteLength;
      return null;
    }
    return item;
  });
  return bytes + (text?.length ?? 0) * 2;
}

/** Sums approximate bytes over one store with a cursor (values are not all held at once). */
async function storeBytes(db: SieveDatabase, store: 'records' | 'embeddings' | 'models' | 'outputScores' | 'outputs'): Promise<number> {
  let bytes = 0;
  for (let cursor = await db.transaction(store).store.openCursor(); cursor; cursor = await cursor.continue()) bytes += approximateBytes(cursor.value);
  return bytes;
}

/** The workspace's storage report (see StorageReport). */
export async function storageReport(db: SieveDatabase): Promise<StorageReport> {
  const storage = globalThis.navigator?.storage;
  const [estimate, persisted, records, embeddings, models, scores, outputs] = await Promise.all([
    storage?.estimate?.().catch(() => undefined),
    storage?.persisted?.().catch(() => undefined),
    storeBytes(db, 'records'),
    storeBytes(db, 'embeddings'),
    storeBytes(db, 'models'),
    storeBytes(db, 'outputScores'),
    storeBytes(db, 'outputs'),
  ]);
  return { usage: estimate?.usage, quota: estimate?.quota, persisted, stores: { records, embeddings, models, outputs: scores + outputs } };
}

/**
 * Asks the browser to keep the site's data under storage pressure (it may ask the user, or decide
 * by engagement); resolves with whether it does. False where the browser has no such API.
 */
export async function persistStorage(): Promise<boolean> {
  const storage = globalThis.navigator?.storage;
  if (!storage?.persist) return false;
  return (await storage.persisted?.()) || storage.persist().catch(() => false);
}
