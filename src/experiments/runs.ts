import { NotFoundError, storageError, ValidationError } from '../errors.js';
import type { SieveDatabase } from '../store/db.js';
import type { Run, StoredModel } from '../store/schema.js';
import { deleteRunsData } from './delete-runs.js';
import { kindOf, optionsArgument, requireId } from '../data/arguments.js';
import { fromModelRecord, toModelRecord } from '../store/model-record.js';

/** Filters of `runs.list`. */
export interface RunQuery {
  experiment?: string;
  datasetId?: string;
  /** Most runs returned (newest first): `{ experiment, limit: 3 }` is a job-status view, `{ limit: 10 }` the last runs overall. */
  limit?: number;
  /** Also list soft-deleted runs and runs of soft-deleted experiments. */
  includeDeleted?: boolean;
}

/** Options of `runs.delete` and `experiments.delete`. */
export interface DeleteOptions {
  /** Remove for good (run, model and classifier outputs) instead of hiding. */
  hard?: boolean;
}

/** Typed access to runs and the models they produced. */
export class RunStore {
  /** @internal Made by the workspace, on its database. */
  constructor(private readonly db: SieveDatabase) {}

  /** Stores a new QUEUED run (and its experiment, the first time the name is used), in one transaction. */
  async start(run: Run): Promise<void> {
    const tx = this.db.transaction(['runs', 'experiments'], 'readwrite');
    const experiments = tx.objectStore('experiments');
    if (!(await experiments.getKey(run.experiment))) {
      void experiments.put({ name: run.experiment, description: '', createdAt: run.startTime, lifecycle: 'active' });
    }
    void tx.objectStore('runs').put(run);
    await tx.done;
  }

  /** Stores a finished run together with its model, in one transaction. */
  async finish(run: Run, model: StoredModel): Promise<void> {
    try {
      const tx = this.db.transaction(['runs', 'models'], 'readwrite');
      tx.objectStore('models').put(toModelRecord(model)).catch(() => undefined);
      tx.objectStore('runs').put(run).catch(() => undefined);
      await tx.done.catch((error) => Promise.reject(tx.error ?? error));
    } catch (error) {
      throw storageError(error, `Saving the model of run ${run.id}`);
    }
  }

  /** Name of the Web Lock a run holds for as long as it runs, in whichever tab runs it. */
  lockName(runId: string): string {
    return `${this.db.name}:run:${runId}`;
  }

  /** Runs `work` while holding the run's lock (without one where the browser lacks Web Locks). */
  async whileLocked<T>(runId: string, work: () => Promise<T>): Promise<T> {
    const locks = globalThis.navigator?.locks;
    return locks ? locks.request(this.lockName(runId), () => work()) : work();
  }

  /**
   * Marks FAILED (reason: interrupted) every QUEUED or RUNNING run (of `runs`, when given: runs
   * just read) whose lock no tab holds: its tab closed or crashed mid-run. Writes only when there
   * is such a run. Returns how many were marked.
   */
  async markInterrupted(runs?: readonly Run[]): Promise<number> {
    const locks = globalThis.navigator?.locks;
    if (!locks) return 0;
    const held = new Set(((await locks.query()).held ?? []).map((lock) => lock.name));
    const going = (run: Run | undefined) => !!run && (run.status === 'RUNNING' || run.status === 'QUEUED') && !held.has(this.lockName(run.id));
    const orphans = (runs ?? (await this.db.getAll('runs'))).filter(going);
    if (!orphans.length) return 0;
    const tx = this.db.transaction('runs', 'readwrite');
    let marked = 0;
    for (const { id } of orphans) {
      const run = await tx.store.get(id); // as stored now: it may have ended meanwhile
      if (!going(run)) continue;
      tx.store.put({ ...run!, status: 'FAILED', error: 'interrupted: the page running it closed before it ended', endTime: Date.now() }).catch(() => undefined);
      marked++;
    }
    try {
      await tx.done;
    } catch (error) {
      throw storageError(tx.error ?? error, 'Marking interrupted runs');
    }
    return marked;
  }

  /** Replaces a run's stored state (status changes without a model). */
  async update(run: Run): Promise<void> {
    try {
      await this.db.put('runs', run);
    } catch (error) {
      throw storageError(error, `Storing run ${run.id}`);
    }
  }

  /** One run, deleted or not; throws NotFoundError when there is none with that id. */
  async get(id: string): Promise<Run> {
    const run = await this.db.get('runs', requireId(id, 'runId', 'runs'));
    if (!run) throw new NotFoundError(`No run with id ${JSON.stringify(id)}`);
    return run;
  }

  /**
   * Runs, newest first, optionally of one experiment or dataset; soft-deleted ones only when asked.
   * Runs orphaned by a closed tab are marked interrupted first.
   */
  async list(runQuery?: RunQuery): Promise<Run[]> {
    const query = optionsArgument<RunQuery>(runQuery, 'query', 'runs.list');
    const problems = [];
    if (query.experiment !== undefined && typeof query.experiment !== 'string') problems.push({ field: 'experiment', value: kindOf(query.experiment), reason: 'must be an experiment name' });
    if (query.datasetId !== undefined && typeof query.datasetId !== 'string') problems.push({ field: 'datasetId', value: kindOf(query.datasetId), reason: 'must be a dataset id' });
    if (query.limit !== undefined && !(Number.isInteger(query.limit) && query.limit >= 0)) problems.push({ field: 'limit', value: query.limit, reason: 'must be a whole number, 0 or more' });
    if (problems.length) throw new ValidationError('runs.list', problems);
    let runs: Run[];
    if (query.experiment !== undefined) runs = await this.db.getAllFromIndex('runs', 'byExperiment', query.experiment);
    else if (query.datasetId !== undefined) runs = await this.db.getAllFromIndex('runs', 'byDataset', query.datasetId);
    else runs = await this.db.getAll('runs');
    if (!query.includeDeleted) {
      const hidden = new Set((await this.db.getAll('experiments')).filter((e) => e.lifecycle === 'deleted').map((e) => e.name));
      runs = runs.filter((r) => r.lifecycle !== 'deleted' && !hidden.has(r.experiment));
    }
    runs = runs.filter((r) => query.datasetId === undefined || r.datasetId === query.datasetId);
    // A run that shows as going while no tab holds its lock was orphaned by a closed tab: list it
    // as interrupted (FAILED), here and in every open tab, not only at the next open.
    if (runs.some((r) => r.status === 'RUNNING' || r.status === 'QUEUED') && (await this.markInterrupted(runs).catch(() => 0)) > 0) return this.list(query);
    runs.sort((a, b) => b.startTime - a.startTime || b.id.localeCompare(a.id));
    return query.limit !== undefined ? runs.slice(0, query.limit) : runs;
  }

  /**
   * Soft delete (hidden from lists, restorable) or, with `hard`, removes the run, its model and
   * its classifier outputs in one transaction. A run still going cannot be hard-deleted.
   */
  async delete(id: string, deleteOptions?: DeleteOptions): Promise<void> {
    const options = optionsArgument<DeleteOptions>(deleteOptions, 'options', 'runs.delete');
    const run = await this.get(id);
    if (!options.hard) {
      await this.update({ ...run, lifecycle: 'deleted' });
      return;
    }
    if (run.status === 'RUNNING' || run.status === 'QUEUED') {
      throw new ValidationError(`delete run ${id}`, [{ field: 'status', value: run.status, reason: 'the run is still going: cancel it first' }]);
    }
    await deleteRunsData(this.db, [id]);
  }

  /** Undoes a soft delete. */
  async restore(id: string): Promise<Run> {
    const run = await this.get(id);
    const restored: Run = { ...run, lifecycle: 'active' };
    await this.update(restored);
    return restored;
  }

  /** The model of a finished run; throws NotFoundError when the run has none. */
  async model(runId: string): Promise<StoredModel> {
    const record = await this.db.get('models', requireId(runId, 'runId', 'runs'));
    const model = record && (await fromModelRecord(record));
    if (!model) {
      const run = await this.db.get('runs', runId);
      throw new NotFoundError(
        run ? `Run ${runId} has no model (its status is ${run.status})` : `No run with id ${JSON.stringify(runId)}`,
      );
    }
    return model;
  }
}
