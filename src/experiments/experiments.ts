import { NotFoundError, ValidationError } from '../errors.js';
import type { SieveDatabase } from '../store/db.js';
import type { Experiment, Lifecycle, Run } from '../store/schema.js';
import { deleteRunsData } from './delete-runs.js';
import type { DeleteOptions } from './runs.js';
import { kindOf, optionsArgument, requireId } from '../data/arguments.js';

/** One experiment as `experiments.list` shows it. */
export interface ExperimentSummary {
  name: string;
  description: string;
  createdAt: number;
  lifecycle: Lifecycle;
  /** Runs of the experiment that are not soft-deleted themselves. */
  runCount: number;
  /** Its newest run, if any. */
  lastRun?: Pick<Run, 'id' | 'status' | 'startTime' | 'endTime' | 'metrics'>;
}

/** Experiments: named groups of runs, with soft and hard deletion. */
export class ExperimentStore {
  /** @internal Made by the workspace, on its database. */
  constructor(private readonly db: SieveDatabase) {}

  /** Every experiment (soft-deleted ones included, flagged by `lifecycle`), newest first. */
  async list(): Promise<ExperimentSummary[]> {
    const [experiments, runs] = await Promise.all([this.db.getAll('experiments'), this.db.getAll('runs')]);
    return experiments
      .map((e) => {
        const own = runs.filter((r) => r.experiment === e.name && r.lifecycle !== 'deleted').sort((a, b) => b.startTime - a.startTime);
        const last = own[0];
        return {
          ...e,
          runCount: own.length,
          lastRun: last && { id: last.id, status: last.status, startTime: last.startTime, endTime: last.endTime, metrics: last.metrics },
        };
      })
      .sort((a, b) => b.createdAt - a.createdAt || a.name.localeCompare(b.name));
  }

  /** One experiment; throws NotFoundError naming the known ones. */
  async get(name: string): Promise<Experiment> {
    const experiment = await this.db.get('experiments', requireId(name, 'name', 'experiments'));
    if (!experiment) {
      const known = (await this.db.getAllKeys('experiments')).map((k) => JSON.stringify(k)).join(', ') || 'none';
      throw new NotFoundError(`No experiment named ${JSON.stringify(name)} (experiments: ${known})`);
    }
    return experiment;
  }

  /** Sets an experiment's free-text description (its summary). */
  async describe(name: string, description: string): Promise<Experiment> {
    if (typeof description !== 'string') throw new ValidationError('experiments.describe', [{ field: 'description', value: kindOf(description), reason: 'the description must be a string' }]);
    const updated = { ...(await this.get(name)), description };
    await this.db.put('experiments', updated);
    return updated;
  }

  /**
   * Soft delete: the experiment and its runs are hidden from lists until `restore`. Hard delete:
   * the experiment, its runs, their models and classifier outputs are removed in one transaction.
   */
  async delete(name: string, deleteOptions?: DeleteOptions): Promise<void> {
    const options = optionsArgument<DeleteOptions>(deleteOptions, 'options', 'experiments.delete');
    const experiment = await this.get(name);
    if (!options.hard) {
      await this.db.put('experiments', { ...experiment, lifecycle: 'deleted' });
      return;
    }
    const runIds = await this.db.getAllKeysFromIndex('runs', 'byExperiment', name);
    await deleteRunsData(this.db, runIds, name);
  }

  /** Undoes a soft delete. */
  async restore(name: string): Promise<Experiment> {
    const restored: Experiment = { ...(await this.get(name)), lifecycle: 'active' };
    await this.db.put('experiments', restored);
    return restored;
  }
}
