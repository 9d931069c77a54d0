import type { SieveDatabase } from '../store/db.js';

/**
 * Removes runs for good, with their models, classifier outputs and output scores, and (when
 * given) an experiment record, all in one transaction: either everything goes or nothing does.
 */
export async function deleteRunsData(db: SieveDatabase, runIds: readonly string[], experiment?: string): Promise<void> {
  const tx = db.transaction(['runs', 'models', 'outputs', 'outputScores', 'experiments'], 'readwrite');
  const outputs = tx.objectStore('outputs');
  const scores = tx.objectStore('outputScores');
  for (const runId of runIds) {
    for (const output of await outputs.index('byRun').getAll(runId)) {
      void scores.delete(IDBKeyRange.bound([output.id, ''], [output.id, '\uffff']));
      void outputs.delete(output.id);
    }
    void tx.objectStore('models').delete(runId);
    void tx.objectStore('runs').delete(runId);
  }
  if (experiment !== undefined) void tx.objectStore('experiments').delete(experiment);
  await tx.done;
}
