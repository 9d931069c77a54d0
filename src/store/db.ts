import { openDB, type DBSchema, type IDBPDatabase, type IDBPObjectStore, type IDBPTransaction, type StoreNames } from 'idb';
import { StorageError, storageError } from '../errors.js';
import type { StoredModelRecord } from './model-record.js';
import type { CachedEmbedding, ClassifierOutput, Dataset, Experiment, OutputScores, Run, TextRecord } from './schema.js';
import { databaseName } from './database-name.js';

export { databaseName };

/** The one IndexedDB schema of a workspace. */
export interface SieveDB extends DBSchema {
  datasets: { key: string; value: Dataset };
  records: { key: [string, string]; value: TextRecord; indexes: { byDatasetSeq: [string, number] } };
  runs: { key: string; value: Run; indexes: { byDataset: string; byExperiment: string; byStartTime: number } };
  models: { key: string; value: StoredModelRecord };
  experiments: { key: string; value: Experiment };
  outputs: { key: string; value: ClassifierOutput; indexes: { byRun: string } };
  outputScores: { key: [string, string]; value: OutputScores };
  embeddings: { key: [string, string]; value: CachedEmbedding };
}

/** Current schema version; bump it and add a case to `migrate` for every change. */
export const SCHEMA_VERSION = 3;

/** The IndexedDB database of one workspace. */
export type SieveDatabase = IDBPDatabase<SieveDB>;


/**
 * Opens (creating or migrating as needed) the database of a workspace. A database written by a
 * newer build, or one the browser cannot open, is refused with a StorageError that says what to do.
 */
export async function openSieveDatabase(workspaceName: string): Promise<SieveDatabase> {
  try {
    const db: SieveDatabase = await openDB<SieveDB>(databaseName(workspaceName), SCHEMA_VERSION, {
      upgrade(upgrading, oldVersion, _newVersion, transaction) {
        migrate(upgrading, oldVersion, transaction);
      },
      // Another tab opens a newer schema or deletes the database: step aside rather than block it.
      blocking() {
        db.close();
      },
    });
    return db;
  } catch (error) {
    if ((error as DOMException)?.name === 'VersionError') {
      throw new StorageError(
        `The workspace "${workspaceName}" was stored by a newer version of sieve-classifier (its schema is newer than version ${SCHEMA_VERSION}); update sieve-classifier to open it`,
        { cause: error },
      );
    }
    throw storageError(error, `Opening the workspace "${workspaceName}"`);
  }
}

function migrate(db: SieveDatabase, oldVersion: number, transaction: IDBPTransaction<SieveDB, StoreNames<SieveDB>[], 'versionchange'>): void {
  // Each step moves the schema one version forward.
  if (oldVersion < 1) {
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
  if (oldVersion < 2) {
    // Soft deletion, run descriptions and tags; classifier outputs.
    const outputs = db.createObjectStore('outputs', { keyPath: 'id' });
    outputs.createIndex('byRun', 'runId');
    db.createObjectStore('outputScores', { keyPath: ['outputId', 'recordId'] });
    if (oldVersion === 1) {
      void updateAll(transaction.objectStore('runs'), (run) => Object.assign({ description: '', tags: {} }, run, { lifecycle: 'active' as const }));
      void updateAll(transaction.objectStore('experiments'), (experiment) => ({ ...experiment, lifecycle: 'active' as const }));
    }
  }
  if (oldVersion < 3) {
    // The embedding cache.
    db.createObjectStore('embeddings', { keyPath: ['backbone', 'text'] });
  }
}

/** Rewrites every value of a store during an upgrade. */
async function updateAll<S extends 'runs' | 'experiments'>(
  store: IDBPObjectStore<SieveDB, StoreNames<SieveDB>[], S, 'versionchange'>,
  change: (value: SieveDB[S]['value']) => SieveDB[S]['value'],
): Promise<void> {
  for (let cursor = await store.openCursor(); cursor; cursor = await cursor.continue()) await cursor.update(change(cursor.value));
}
