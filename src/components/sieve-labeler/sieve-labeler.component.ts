import { html, nothing, type PropertyValues } from 'lit';
import { isLabeled } from '../../data/labels.js';
import type { UncertaintyStrategy } from '../../data/uncertainty.js';
import type { Prediction } from '../../inference/classifier.js';
import type { Explanation } from '../../inference/explain.js';
import type { Dataset, TextRecord } from '../../store/schema.js';
import { AnnotationController } from '../controllers/annotation-controller.js';
import { LabelingModelController } from '../controllers/labeling-model-controller.js';
import { findRun, SieveElement } from '../shared/sieve-element.js';
import { styleProperties } from '../shared/style-properties.js';
import { filterBar } from './filter-bar.js';
import { filterRecords, type RecordFilter } from './record-filter.js';
import { CELL_SIZE, recordView, ROW_HEIGHT, rowId, scrollToRow, virtualGrid, virtualRows, VISIBLE_ROWS } from './record-views.js';
import { labelerStyles } from './sieve-labeler.styles.js';
import { shortcutOf, SHORTCUTS, shortcutsHelp } from './shortcuts.js';

/**
 * @summary Keyboard-first labeling: a virtualized, filterable record list; number keys answer
 * (multi-label: toggle, Enter accepts), Enter/Space accept the model's suggestion, Backspace undoes,
 * arrows move, `?` shows the shortcuts; image records show the image (Z zooms), audio records their
 * waveform with the window marked and a player (P plays or pauses). With a trained model it suggests a label per record, can
 * order unlabeled records by uncertainty, and can retrain every N new labels in the background;
 * with `review` it shows a classifier output's records within a score range for correction.
 *
 * @event {CustomEvent<LabelSetDetail>} sieve-label-set - A record's label was set (detail: datasetId, recordId, label).
 * @slot header - Content above the labeler (a title, instructions).
 * @slot empty - Shown instead of the record when the dataset has no records (default: a sentence saying so).
 * @csspart list - The record list.
 * @csspart record - The current record's text (a media record's caption).
 * @csspart media - The current record's image or audio figure.
 * @csspart image - The current record's image.
 * @csspart audio - The current record's audio player.
 * @csspart waveform - The current record's waveform canvas.
 * @csspart clip - A window record's whole clip, the window shaded on it.
 * @csspart label-button - Each label button.
 * @csspart suggestion - The model's suggestion.
 */
export class SieveLabeler extends SieveElement {
  static override styles = labelerStyles;
  static override properties = {
    ...SieveElement.properties,
    runId: { attribute: 'run-id' },
    runRef: { attribute: 'run' },
    queue: { type: Boolean },
    strategy: {},
    retrainEvery: { type: Number, attribute: 'retrain-every' },
    review: { attribute: false },
    filter: { attribute: false },
    datasetInfo: { state: true },
    view: { state: true },
    current: { state: true },
    pending: { state: true },
    suggestion: { state: true },
    why: { state: true },
    zoomed: { state: true },
    gridColumns: { state: true },
    listScroll: { state: true },
    help: { state: true },
    error: { state: true },
    storageKept: { state: true },
  };

  /** Run whose model suggests labels (default: the dataset's newest finished run). */
  declare runId: string | undefined;
  /** The run by id, or by experiment name (its newest finished run): attribute `run`; sets `runId` once found. */
  declare runRef: string | undefined;
  /** Order unlabeled records by the model's uncertainty (most uncertain first). */
  declare queue: boolean;
  /** Uncertainty measure of the queue. */
  declare strategy: UncertaintyStrategy;
  /** Retrain in the background after this many new labels (0: never). */
  declare retrainEvery: number;
  /** Review a classifier output: its records for one label within a score range. */
  declare review: { outputId: string; label: string; minScore?: number; maxScore?: number } | undefined;
  /** What the list shows (label, annotator, split, disagreement, text search). */
  declare filter: RecordFilter;
  declare private datasetInfo: Dataset | undefined;
  declare private view: number[];
  declare private current: number;
  declare private pending: Set<string>;
  declare private suggestion: Prediction | undefined;
  /** Why the model suggests its label for the current record (shown on request). */
  declare private why: Explanation | undefined;
  /** Whether the current image is shown at full size. */
  declare private zoomed: boolean;
  /** Image datasets: the columns of the thumbnail grid that fit the list's width. */
  declare private gridColumns: number;
  private listResize?: ResizeObserver;
  private observedList?: HTMLElement;
  declare private listScroll: number;
  declare private help: boolean;
  declare private error: string;
  /** Whether the browser keeps the site's data (asked when labeling starts; unknown before). */
  declare private storageKept: boolean | undefined;
  private readonly model = new LabelingModelController(this, () => void this.applyView().then(() => this.suggest(this.records[this.view[this.current]])));
  private readonly annotations = new AnnotationController(this, this.i18n);
  private scores = new Map<string, number>();

  constructor() {
    super();
    Object.assign(this, { queue: false, strategy: 'margin', retrainEvery: 0, filter: {}, view: [], current: 0, pending: new Set(), zoomed: false, gridColumns: 1, listScroll: 0, help: false, error: '' });
    // Labels are the one thing that cannot be recomputed: once the user starts labeling, ask the browser to keep them.
    this.addEventListener('sieve-label-set', () => void this.workspace?.persistStorage().then((kept) => (this.storageKept = kept)), { once: true });
  }

  /** Whether the list is a grid of thumbnails: the dataset's records are images. */
  private get imageGrid(): boolean {
    const first = this.records[0];
    return first?.image !== undefined || first?.imageUrl !== undefined;
  }

  override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // The grid's columns follow the list's width.
    const list = this.renderRoot.querySelector<HTMLElement>('.list');
    if (list && list !== this.observedList) {
      this.listResize?.disconnect();
      this.observedList = list;
      this.listResize = new ResizeObserver(() => {
        const columns = Math.max(1, Math.floor(list.clientWidth / CELL_SIZE));
        if (columns === this.gridColumns) return;
        this.gridColumns = columns;
        // Rows changed height: bring the current record back into view.
        void this.updateComplete.then(() => this.imageGrid && (this.listScroll = scrollToRow(list, this.current, columns)));
      });
      this.listResize.observe(list);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.listResize?.disconnect();
    this.listResize = undefined;
    this.observedList = undefined;
  }

  /** The dataset's records (the list's positions index into them). */
  private get records(): TextRecord[] {
    return this.annotations.records;
  }

  override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('runRef') || ((changed.has('workspace') || changed.has('datasetId')) && this.runRef)) {
      void this.track(this.resolveNamed('run', this.runRef, (workspace, ref) => findRun(workspace, ref, this.datasetId), (id) => (this.runId = id)));
    }
    if (changed.has('workspace') || changed.has('datasetId') || changed.has('review')) void this.load();
    else if (changed.has('filter') || changed.has('queue')) void this.applyView();
    if (changed.has('runId') && this.runId && this.workspace && this.datasetId) void this.model.attach(this.workspace, this.datasetId, this.runId);
  }

  override render() {
    if (this.configError) return this.configErrorView();
    const { t, f } = this.i18n;
    if (this.error) return html`<p class="error" role="alert">${this.error}</p>`;
    if (!this.datasetInfo) return html`<p>${t.loading}</p>`;
    const labels = this.datasetInfo.labels;
    const labeled = this.records.filter(isLabeled).length;
    const record = this.records[this.view[this.current]];
    const a = this.annotations.agreement;
    return html`
      <slot name="header"></slot>
      <p><label>${t.labeledCount(f.int(labeled), f.int(this.records.length))} <progress max=${this.records.length || 1} value=${labeled}></progress></label>
        ${this.storageKept === undefined ? nothing : html`<small class="storage">${this.storageKept ? t.storageKept : t.storageMayBeCleared}</small>`}</p>
      ${a && a.annotators.length > 1
        ? html`<p class="agreement">${t.agreement(a.method, a.annotators.join(', '), f.num(a.overall, 2), f.int(a.disagreements.length))}</p>`
        : nothing}
      ${filterBar(this.i18n, this.filter, labels, a?.annotators ?? [], (change) => (this.filter = { ...this.filter, ...change }))}
      <div class="panel" role="group" aria-label=${t.labelingPanel} @keydown=${this.handleKey}>
        <div part="list" class="list" role="listbox" tabindex="0" aria-label=${t.recordList} aria-keyshortcuts=${SHORTCUTS.map((s) => s.keys).join(' ')}
          aria-activedescendant=${record ? rowId(this.current) : nothing} ${styleProperties({ '--list-height': `${VISIBLE_ROWS * ROW_HEIGHT}px` })}
          @scroll=${(e: Event) => (this.listScroll = (e.target as HTMLElement).scrollTop)}>
          ${this.imageGrid
            ? virtualGrid(this.i18n, this.records, this.view, this.current, this.listScroll, this.gridColumns, this.scores, (position) => this.moveTo(position))
            : virtualRows(this.i18n, this.records, this.view, this.current, this.listScroll, this.scores, (position) => this.moveTo(position))}
        </div>
        <section>
          <p class="hint" role="status" aria-live="polite">${record ? t.recordPosition(f.int(this.current + 1), f.int(this.view.length)) : t.noRecordsToShow}${this.statusMessage() ? ` · ${this.statusMessage()}` : ''}</p>
          ${record
            ? recordView(this.i18n, {
                record,
                labels,
                multiLabel: this.datasetInfo.multiLabel,
                pending: this.pending,
                suggestion: this.suggestion,
                why: this.why,
                zoomed: this.zoomed,
                onZoom: () => (this.zoomed = !this.zoomed),
                onWhy: () => void this.toggleWhy(record),
                shown: this.view.length,
                onLabel: (label) => this.keepFocus(() => (this.datasetInfo?.multiLabel ? this.toggle(label) : this.answer([label]))),
                onAccept: () => this.keepFocus(() => this.answer([...this.pending])),
                bulkProposal: this.annotations.proposal?.label,
                onBulkChoose: (label) => this.annotations.proposeBulk(this.view.map((i) => this.records[i].id), label),
                onBulkConfirm: () => this.keepFocus(() => this.annotations.confirmBulk()),
                onBulkCancel: () => this.keepFocus(() => this.annotations.cancelBulk()),
              })
            : this.records.length ? html`<p>${t.noRecordMatches}</p>` : html`<slot name="empty"><p>${t.datasetEmpty}</p></slot>`}
        </section>
      </div>
      ${this.help ? shortcutsHelp(t, () => this.keepFocus(() => (this.help = false))) : nothing}
    `;
  }

  /** What the last write did (or why it failed), or why background retraining failed. */
  private statusMessage(): string {
    return this.annotations.message || (this.model.retrainError && this.i18n.t.retrainingFailed(this.model.retrainError));
  }

  private handleKey(event: KeyboardEvent): void {
    const shortcut = this.datasetInfo && shortcutOf(event, this.datasetInfo.labels.length);
    if (!shortcut || !this.datasetInfo) return;
    if (shortcut.kind !== 'close-help') event.preventDefault();
    const { labels, multiLabel } = this.datasetInfo;
    if (shortcut.kind === 'label') {
      if (multiLabel) this.toggle(labels[shortcut.index]);
      else void this.answer([labels[shortcut.index]]);
    } else if (shortcut.kind === 'accept') {
      if (multiLabel && this.pending.size) void this.answer([...this.pending]);
      else if (this.suggestion) void this.answer(this.suggestion.labels ?? [this.suggestion.label]);
    } else if (shortcut.kind === 'undo') void this.undoLast();
    else if (shortcut.kind === 'move') this.moveTo(this.current + shortcut.by * (shortcut.vertical && this.imageGrid ? this.gridColumns : 1));
    else if (shortcut.kind === 'zoom') this.zoomed = !this.zoomed;
    else if (shortcut.kind === 'play') {
      const audio = this.renderRoot.querySelector<HTMLAudioElement>('audio');
      if (audio?.paused) void audio.play().catch(() => undefined);
      else audio?.pause();
    }
    else this.help = shortcut.kind === 'help' ? !this.help : false;
  }

  private toggle(label: string): void {
    const next = new Set(this.pending);
    if (next.has(label)) next.delete(label);
    else next.add(label);
    this.pending = next;
  }

  /** Moves to a list position, keeps it in view, and asks the model for a suggestion. */
  private moveTo(position: number): void {
    this.current = Math.max(0, Math.min(this.view.length - 1, position));
    const record = this.records[this.view[this.current]];
    this.pending = new Set(record?.labels ?? []);
    const list = this.renderRoot.querySelector<HTMLElement>('.list');
    if (list) this.listScroll = scrollToRow(list, this.current, this.imageGrid ? this.gridColumns : 0);
    void this.suggest(record);
  }

  /** Shows (or hides) why the model suggests its label for `record`. */
  private async toggleWhy(record: TextRecord): Promise<void> {
    if (this.why || !this.suggestion) {
      this.why = undefined;
      return;
    }
    const why = await this.model.explain(record, this.suggestion.label);
    if (this.records[this.view[this.current]]?.id === record.id) this.why = why;
  }

  private async suggest(record: TextRecord | undefined): Promise<void> {
    this.suggestion = undefined;
    this.why = undefined;
    if (!record) return;
    const prediction = await this.model.suggest(record);
    if (this.records[this.view[this.current]]?.id === record.id) this.suggestion = prediction;
  }

  /** Runs a click's action, then gives the keyboard back to the labeling panel. */
  private keepFocus(action: () => unknown): void {
    void action();
    this.focus();
  }

  /** Records the current annotator's answer for the current record, then moves on. */
  private async answer(labels: string[]): Promise<void> {
    const record = this.records[this.view[this.current]];
    if (!record || !this.workspace) return;
    // The next record shows at once; the answer is saved meanwhile (a failure is reported).
    const next = this.view.findIndex((i, position) => position > this.current && i !== this.view[this.current] && !isLabeled(this.records[i]));
    this.moveTo(next >= 0 ? next : this.current + 1);
    await this.annotations.answer(record, labels);
    if (this.datasetId) this.model.labeled(this.workspace, this.datasetId, this.retrainEvery);
  }

  private async undoLast(): Promise<void> {
    const recordId = await this.annotations.undoLast();
    if (recordId) this.moveTo(this.view.findIndex((i) => this.records[i].id === recordId));
  }

  private async load(): Promise<void> {
    if (!this.workspace || !this.datasetId) return;
    try {
      this.error = '';
      this.datasetInfo = await this.workspace.datasets.get(this.datasetId);
      let records: TextRecord[];
      if (this.review) {
        const sampled = await this.workspace.outputs.sample(this.review.outputId, { ...this.review, n: 100_000 });
        records = sampled.map((s) => s.record);
        this.scores = new Map(sampled.map((s) => [s.record.id, s.score]));
      } else {
        records = await this.workspace.datasets.records(this.datasetId);
        this.scores = new Map();
      }
      this.annotations.load(this.workspace, this.datasetInfo, records, this.review !== undefined);
      await this.applyView();
      this.moveTo(this.review ? 0 : Math.max(0, this.view.findIndex((i) => !isLabeled(this.records[i]))));
      void this.model.attach(this.workspace, this.datasetId, this.runId);
    } catch (error) {
      this.error = this.i18n.t.couldNotLoadDataset((error as Error).message);
    }
  }

  /** Recomputes the list: the filter, then (queue mode) unlabeled records by uncertainty. */
  private async applyView(): Promise<void> {
    let view = filterRecords(this.records, this.filter);
    // Set at once: the list must never point past records that were just replaced.
    this.view = view;
    if (this.queue && this.datasetInfo && !this.review) {
      const ranking = await this.model.ranking(this.records, this.datasetInfo.multiLabel, this.strategy);
      if (ranking.length) {
        const position = new Map(this.records.map((r, i) => [r.id, i]));
        const keep = new Set(view);
        view = ranking.map((q) => position.get(q.recordId) as number).filter((i) => keep.has(i));
        this.scores = new Map(ranking.map((q) => [q.recordId, q.uncertainty]));
      }
    }
    this.view = view;
    this.current = Math.min(this.current, Math.max(0, view.length - 1));
  }

  /** Reloads the records from the workspace. */
  async refresh(): Promise<void> {
    await this.load();
  }

  /** Puts keyboard focus on the record list (the shortcuts work from anywhere in the labeling panel). */
  override focus(): void {
    this.renderRoot.querySelector<HTMLElement>('.list')?.focus();
  }
}
