import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { agreement, type Agreement } from '../../data/agreement.js';
import { responsesOf } from '../../data/unify.js';
import { emit } from '../../events/index.js';
import type { Dataset, TextRecord } from '../../store/schema.js';
import type { Workspace } from '../../workspace.js';
import type { Locale } from '../i18n/locale-controller.js';

/** How long after the last answer the agreement is recomputed. */
const AGREEMENT_DELAY_MS = 150;

/** A record's answer by the current annotator before a change, to undo it. */
interface Answer {
  recordId: string;
  label?: string | null;
  labels?: string[] | null;
}

/** One step of undo: the answers one action replaced (one record, or all of a bulk label). */
type UndoEntry = Answer[];

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
  /** A bulk label waiting for the user's confirmation. */
  proposal?: { ids: string[]; label: string };
  private workspace?: Workspace;
  private dataset?: Dataset;
  private reviewing = false;
  private readonly undo: UndoEntry[] = [];
  /** Pending recomputation of the agreement (one per burst of answers). */
  private agreementTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    /** The host's language, for the messages. */
    private readonly locale: Locale,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    clearTimeout(this.agreementTimer);
  }

  /** Starts over with a dataset's records (`reviewing`: a classifier output's, without agreement). */
  load(workspace: Workspace, dataset: Dataset, records: TextRecord[], reviewing: boolean): void {
    Object.assign(this, { workspace, dataset, records, reviewing, message: '', proposal: undefined });
    this.undo.length = 0;
    this.agreement = reviewing ? undefined : agreement(dataset, records);
    this.host.requestUpdate();
  }

  /** Records `labels` as the current annotator's answer for `record` (undoable). */
  async answer(record: TextRecord, labels: string[]): Promise<void> {
    const multi = this.dataset?.multiLabel ?? false;
    this.undo.push([this.answerBefore(record)]);
    await this.write(record, multi ? { labels } : { label: labels[0] });
  }

  /**
   * Takes the last action back (one answer, or every answer a bulk label replaced, in one
   * transaction); returns the id of its (first) record, or undefined when there was none.
   */
  async undoLast(): Promise<string | undefined> {
    const last = this.undo.pop();
    const record = last && this.records.find((r) => r.id === last[0]?.recordId);
    if (!last || !record) {
      this.setMessage(this.locale.t.nothingToUndo);
      return undefined;
    }
    if (last.length === 1) {
      await this.write(record, last[0]);
      this.setMessage(this.locale.t.undone);
    } else if (await this.writeMany(last)) {
      this.setMessage(this.locale.t.undoneMany(this.locale.f.int(last.length)));
    }
    return record.id;
  }

  /** Proposes labeling the records `ids` with `label`; nothing is written until `confirmBulk`. */
  proposeBulk(ids: string[], label: string): void {
    this.proposal = label && ids.length ? { ids, label } : undefined;
    this.host.requestUpdate();
  }

  /** Drops the proposed bulk label. */
  cancelBulk(): void {
    this.proposeBulk([], '');
  }

  /**
   * Writes the proposed bulk label as the current annotator's answer for every proposed record,
   * in one transaction; undone in one step. The message says how many records now carry the label
   * (others' answers can tie with it).
   */
  async confirmBulk(): Promise<void> {
    const proposal = this.proposal;
    if (!proposal || !this.dataset) return;
    this.proposal = undefined;
    const byId = new Map(this.records.map((r) => [r.id, r]));
    const before = proposal.ids.flatMap((id) => (byId.has(id) ? [this.answerBefore(byId.get(id)!)] : []));
    const answer = this.dataset.multiLabel ? { labels: [proposal.label] } : { label: proposal.label };
    const updated = await this.writeMany(proposal.ids.map((recordId) => ({ recordId, ...answer })));
    if (!updated) return;
    this.undo.push(before);
    const carrying = updated.filter((r) => (r.labels ?? [r.label]).includes(proposal.label)).length;
    const tied = updated.length - carrying;
    const { t, f } = this.locale;
    this.setMessage(t.bulkDone(f.int(updated.length), this.workspace?.annotator ?? '', proposal.label, f.int(carrying), tied, f.int(tied)));
  }

  /** The current annotator's answer for `record` as it is now (to restore it). */
  private answerBefore(record: TextRecord): Answer {
    const before = responsesOf(record).find((r) => r.annotator === this.workspace?.annotator);
    return this.dataset?.multiLabel ? { recordId: record.id, labels: before?.labels ?? null } : { recordId: record.id, label: before?.label ?? null };
  }

  /** Writes several answers in one transaction; the updated records, or undefined when it failed (the message says why). */
  private async writeMany(answers: Answer[]): Promise<TextRecord[] | undefined> {
    if (!this.workspace || !this.dataset) return undefined;
    try {
      const updated = await this.workspace.datasets.annotateEach(this.dataset.id, answers);
      const byId = new Map(updated.map((r) => [r.id, r]));
      this.written(this.records.map((r) => byId.get(r.id) ?? r));
      return updated;
    } catch (error) {
      this.setMessage(this.locale.t.couldNotSaveLabels((error as Error).message));
      return undefined;
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
      this.setMessage(this.locale.t.couldNotSaveLabel((error as Error).message));
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
