import { availableBuiltins, isBuiltinAvailable } from '../backbones/builtin.js';
import { resolveBackboneRef } from '../backbones/resolve.js';
import { ValidationError } from '../errors.js';
import type { SieveDatabase } from '../store/db.js';
import type { Run, StoredModel } from '../store/schema.js';
import { decodeModelFile, encodeModelFile } from '../inference/model-file.js';
import { readModel } from '../inference/read-model.js';
import type { RunStore } from './runs.js';
import { toModelRecord } from '../store/model-record.js';

function isTransformersRef(backbone: unknown): boolean {
  try {
    return resolveBackboneRef(backbone).type === 'transformers';
  } catch {
    return false;
  }
}

/** Moving trained models between workspaces (and out of Sieve) as single files. */
export class ModelStore {
  /** @internal Made by the workspace, on its database. */
  constructor(
    private readonly db: SieveDatabase,
    private readonly runs: RunStore,
  ) {}

  /**
   * One file with the weights, label maps, backbone reference, params, metrics and history of a
   * finished run, with a format version and a SHA-256 checksum (see `encodeModelFile`).
   */
  async export(runId: string): Promise<Blob> {
    const [run, model] = await Promise.all([this.runs.get(runId), this.runs.model(runId)]);
    return encodeModelFile(run, model);
  }

  /**
   * Imports an exported model as a FINISHED run (same id) with its model. Everything is checked
   * first (file, checksum, backbone available in this build, id not yet used here); then the run,
   * the model and, when new, the experiment are written in one transaction.
   */
  async import(file: Blob): Promise<Run> {
    const { header, weights } = await decodeModelFile(file);
    const backbone = header.model.backbone as { type?: unknown; id?: unknown; version?: unknown };
    // Transformers.js backbones load from their model id (checked when the classifier is built).
    const usable = backbone.type === 'transformers' ? isTransformersRef(backbone) : backbone.type === 'builtin' && isBuiltinAvailable(backbone.id, backbone.version);
    if (!usable) {
      throw new ValidationError('models.import', [
        {
          field: 'backbone',
          value: backbone,
          reason: `this build cannot rebuild that backbone (available: ${availableBuiltins().map((b) => `builtin ${b}`).join(', ')}, or a Transformers.js model)`,
        },
      ]);
    }
    if (typeof header.run.id !== 'string' || header.run.id.trim() === '') {
      throw new ValidationError('models.import', [{ field: 'run.id', value: header.run.id, reason: 'the run id must be a non-empty string' }]);
    }
    const run: Run = { ...header.run, lifecycle: 'active' };
    const model: StoredModel = { ...header.model, runId: run.id, weights };
    readModel(model, 'models.import'); // every weight's shape against the head, and the label maps
    const duplicate = () => new ValidationError('models.import', [{ field: 'run.id', value: run.id, reason: 'a run with this id is already in this workspace' }]);
    if (await this.db.getKey('runs', run.id)) throw duplicate();
    const tx = this.db.transaction(['runs', 'models', 'experiments'], 'readwrite');
    const experiments = tx.objectStore('experiments');
    if (!(await experiments.getKey(run.experiment))) void experiments.put({ name: run.experiment, description: '', createdAt: Date.now(), lifecycle: 'active' });
    // add, not put: a run imported meanwhile by another tab aborts the whole transaction.
    tx.objectStore('runs').add(run).catch(() => undefined);
    void tx.objectStore('models').put(toModelRecord(model));
    try {
      await tx.done;
    } catch (error) {
      throw (error as DOMException)?.name === 'ConstraintError' ? duplicate() : error;
    }
    return run;
  }
}
