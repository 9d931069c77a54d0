import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { agreement, type Agreement } from '../../data/agreement.js';
import { responsesOf } from '../../data/unify.js';
import { emit } from '../../events/index.js';
import type { Dataset, TextRecord } from '../../store/schema.js';
import type { Workspace } from '../../workspace.js';

/** How long after the last answer the agreement is recomputed. */
const AGREEMENT_DELAY_MS = 150;

/** A record's answer by the current annotator before a change, to undo it. */
interface UndoEntry {
  recordId: string;
  label?: string | null;
  labels?: string[] | null;
}

/**
 * The labeler's records and answers: writes the current annotator's answer, takes answers back
 * (undo), labels a selection in one transaction, and keeps the records, a status message and the
 * annotators' agreement in step with what was written. The host re-renders after each change.
 */
export class AnnotationController implements ReactiveController {
  /** The dataset's records, in list order, as last written. */
  records: TextRecord[] = [];
  /** Agreement between the annotators (not while reviewing an output). */
  agreement?: Agreement;
  /** What the last write did, or why it failed. */
  message = '';
  private workspace?: Workspace;
  private dataset?: Dataset;
  private reviewing = false;
  private readonly undo: UndoEntry[] = [];
  /** Pending recomputation of the agreement (one per burst of answers). */
  private agreementTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  hostDisconnected(): void {
    clearTimeout(this.agreementTimer);
  }

  /** Starts over with a dataset's records (`reviewing`: a classifier output's, without agreement). */
  load(workspace: Workspace, dataset: Dataset, records: TextRecord[], reviewing: boolean): void {
    Object.assign(this, { workspace, dataset, records, reviewing, message: '' });
    this.undo.length = 0;
    this.agreement = reviewing ? undefined : agreement(dataset, records);
    this.host.requestUpdate();
  }

  /** Records `labels` as the current annotator's answer for `record` (undoable). */
  async answer(record: TextRecord, labels: string[]): Promise<void> {
    const multi = this.dataset?.multiLabel ?? false;
    const before = responsesOf(record).find((r) => r.annotator === this.workspace?.annotator);
    this.undo.push({ recordId: record.id, ...(multi ? { labels: before?.labels ?? null } : { label: before?.label ?? null }) });
    await this.write(record, multi ? { labels } : { label: labels[0] });
  }

  /** Takes the last answer back; returns the id of its record, or undefined when there was none. */
  async undoLast(): Promise<string | undefined> {
    const last = this.undo.pop();
    const record = last && this.records.find((r) => r.id === last.recordId);
    if (!last || !record) {
      this.setMessage('Nothing to undo');
      return undefined;
    }
    await this.write(record, last);
    this.setMessage('Undone');
    return record.id;
  }

  /** Labels the records `ids` with `label`, in one transaction. */
  async bulk(ids: string[], label: string): Promise<void> {
    if (!this.workspace || !this.dataset) return;
    try {
      const updated = await this.workspace.datasets.annotateMany(this.dataset.id, ids, this.dataset.multiLabel ? { labels: [label] } : { label });
      const byId = new Map(updated.map((r) => [r.id, r]));
      this.written(this.records.map((r) => byId.get(r.id) ?? r));
      this.setMessage(`${ids.length} records labeled ${label}`);
    } catch (error) {
      this.setMessage(`Could not label them: ${(error as Error).message}`);
    }
  }

  private async write(record: TextRecord, answer: { label?: string | null; labels?: string[] | null }): Promise<void> {
    if (!this.workspace) return;
    try {
      this.setMessage('');
      const updated = await this.workspace.datasets.annotate(record.datasetId, record.id, answer);
      this.written(this.records.map((r) => (r.id === record.id ? updated : r)));
      emit(this.host, 'sieve-label-set', { datasetId: record.datasetId, recordId: record.id, label: updated.label ?? updated.labels?.join(',') ?? null });
    } catch (error) {
      this.setMessage(`Could not save the label: ${(error as Error).message}`);
    }
  }

  /** New records after a write; the agreement follows shortly (it reads every record, so a burst of answers shares one pass). */
  private written(records: TextRecord[]): void {
    this.records = records;
    this.host.requestUpdate();
    if (this.reviewing) return;
    clearTimeout(this.agreementTimer);
    this.agreementTimer = setTimeout(() => {
      if (!this.dataset) return;
      this.agreement = agreement(this.dataset, this.records);
      this.host.requestUpdate();
    }, AGREEMENT_DELAY_MS);
  }

  private setMessage(message: string): void {
    this.message = message;
    this.host.requestUpdate();
  }
}
