import { openDB, type IDBPDatabase } from 'idb';
import type { SieveDB } from './schema.js';

/** Current schema version; bump it and add a case to `migrate` for every change. */
export const SCHEMA_VERSION = 1;

/** The IndexedDB database of one workspace. */
export type SieveDatabase = IDBPDatabase<SieveDB>;

/** IndexedDB name used for a workspace name. */
export function databaseName(workspaceName: string): string {
  return `sieve:${workspaceName}`;
}

/** Opens (creating or migrating as needed) the database of a workspace. */
export async function openSieveDatabase(workspaceName: string): Promise<SieveDatabase> {
  const db: SieveDatabase = await openDB<SieveDB>(databaseName(workspaceName), SCHEMA_VERSION, {
    upgrade(upgrading, oldVersion) {
      migrate(upgrading, oldVersion);
    },
    // Another tab opens a newer schema: step aside rather than block it.
    blocking() {
      db.close();
    },
  });
  return db;
}

function migrate(db: SieveDatabase, oldVersion: number): void {
  // Each case moves the schema one version forward; cases fall through on purpose.
  switch (oldVersion) {
    case 0: {
      db.createObjectStore('datasets', { keyPath: 'id' });
      const records = db.createObjectStore('records', { keyPath: ['datasetId', 'id'] });
      records.createIndex('byDatasetSeq', ['datasetId', 'seq'], { unique: true });
      const runs = db.createObjectStore('runs', { keyPath: 'id' });
      runs.createIndex('byDataset', 'datasetId');
      runs.createIndex('byExperiment', 'experiment');
      runs.createIndex('byStartTime', 'startTime');
      db.createObjectStore('models', { keyPath: 'runId' });
      db.createObjectStore('experiments', { keyPath: 'name' });
    }
  }
}
