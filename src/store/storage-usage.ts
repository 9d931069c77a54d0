import { MAKE_ROOM, StorageError } from '../errors.js';
import type { SieveDatabase } from './db.js';
import type { StorageReport } from './schema.js';

/** Byte size of a value as stored, approximately: binary buffers and Blobs as they are, the rest as JSON text. */
function approximateBytes(value: unknown): number {
  let bytes = 0;
  try {
    const text = JSON.stringify(value, (_key, item: unknown) => {
      if (item instanceof Blob) {
        bytes += item.size;
        return null;
      }
      if (item instanceof ArrayBuffer || ArrayBuffer.isView(item)) {
        bytes += item.byteLength;
        return null;
      }
      return typeof item === 'bigint' ? String(item) : item;
    });
    return bytes + (text?.length ?? 0) * 2;
  } catch {
    return bytes; // a cycle: the value is refused by validation anyway
  }
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

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/**
 * Fails early, before work that would end in a failed write: throws a StorageError when the
 * browser's estimate leaves less room than `bytes` (plus a tenth) for `what`, saying how much is
 * needed and free and what to delete. Does nothing where the browser gives no estimate.
 */
export async function ensureRoom(bytes: number, what: string): Promise<void> {
  const estimate = await globalThis.navigator?.storage?.estimate?.().catch(() => undefined);
  if (estimate?.quota === undefined || estimate.usage === undefined) return;
  const free = estimate.quota - estimate.usage;
  if (bytes * 1.1 <= free) return;
  throw new StorageError(
    `${what} needs about ${mb(bytes)}, and the browser allows this site ${mb(Math.max(0, free))} more (${mb(estimate.usage)} of ${mb(estimate.quota)} used); nothing was written. ${MAKE_ROOM}`,
  );
}
