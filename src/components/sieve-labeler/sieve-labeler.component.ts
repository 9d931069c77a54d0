import { html, LitElement, type PropertyValues } from 'lit';
import { isLabeled } from '../../data/labels.js';
import { emit } from '../../events/index.js';
import type { Dataset, TextRecord } from '../../store/schema.js';
import type { Workspace } from '../../workspace.js';
import { labelerStyles } from './sieve-labeler.styles.js';

const LIST_WINDOW = 200;

/**
 * @summary Lists a dataset's records and assigns labels by click or number key.
 *
 * @event sieve-label-set - A record's label was set (detail: datasetId, recordId, label).
 * @csspart list - The record list.
 * @csspart record - The current record's text.
 * @csspart label-button - Each label button.
 * @cssproperty --sieve-accent - Accent colour.
 */
export class SieveLabeler extends LitElement {
  static override styles = labelerStyles;
  static override properties = {
    workspace: { attribute: false },
    datasetId: { attribute: 'dataset-id' },
    datasetInfo: { state: true },
    records: { state: true },
    current: { state: true },
    error: { state: true },
  };

  /** The workspace holding the dataset. */
  declare workspace: Workspace | undefined;
  /** Id of the dataset to label. */
  declare datasetId: string | undefined;
  declare private datasetInfo: Dataset | undefined;
  declare private records: TextRecord[];
  declare private current: number;
  declare private error: string;

  constructor() {
    super();
    this.records = [];
    this.current = 0;
    this.error = '';
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('workspace') || changed.has('datasetId')) void this.load();
  }

  override render() {
    if (this.error) return html`<p class="error" role="alert">${this.error}</p>`;
    if (!this.datasetInfo) return html`<p>Loading…</p>`;
    const labeled = this.records.filter(isLabeled).length;
    const record = this.records[this.current];
    const start = Math.max(0, Math.min(this.current - LIST_WINDOW / 2, this.records.length - LIST_WINDOW));
    return html`
      <p>
        <label>${labeled} of ${this.records.length} labeled
          <progress max=${this.records.length || 1} value=${labeled}></progress>
        </label>
      </p>
      <div class="panel" tabindex="0" role="group" aria-label="Labeling: number keys set the label, arrow keys move" @keydown=${this.handleKey}>
        <ol part="list" role="listbox" aria-label="Records">
          ${this.records.slice(start, start + LIST_WINDOW).map((r, i) => this.renderItem(r, start + i))}
        </ol>
        <section aria-live="polite">
          ${record
            ? html`<p class="hint">Record ${this.current + 1} of ${this.records.length}</p>
                <div class="text" part="record">${record.text}</div>
                <div class="labels" role="toolbar" aria-label="Labels">
                  ${this.datasetInfo.labels.map(
                    (label, i) => html`<button part="label-button" aria-pressed=${record.label === label ? 'true' : 'false'}
                      @click=${() => this.setLabel(this.current, label)}><kbd>${i + 1}</kbd>${label}</button>`,
                  )}
                </div>`
            : html`<p>This dataset has no records yet.</p>`}
        </section>
      </div>
    `;
  }

  private renderItem(record: TextRecord, index: number) {
    const label = record.label ?? record.labels?.join(', ');
    return html`<li role="option" aria-selected=${index === this.current ? 'true' : 'false'} @click=${() => (this.current = index)}>
      <span class="snippet">${record.text.slice(0, 120)}</span>
      ${label ? html`<span class="chip">${label}</span>` : html`<span class="chip none">unlabeled</span>`}
    </li>`;
  }

  private handleKey(event: KeyboardEvent): void {
    if (!this.datasetInfo) return;
    const n = Number(event.key);
    if (Number.isInteger(n) && n >= 1 && n <= this.datasetInfo.labels.length) {
      event.preventDefault();
      void this.setLabel(this.current, this.datasetInfo.labels[n - 1]);
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowRight') {
      event.preventDefault();
      this.current = Math.min(this.records.length - 1, this.current + 1);
    } else if (event.key === 'ArrowUp' || event.key === 'ArrowLeft') {
      event.preventDefault();
      this.current = Math.max(0, this.current - 1);
    }
  }

  private async load(): Promise<void> {
    if (!this.workspace || !this.datasetId) return;
    try {
      this.error = '';
      this.datasetInfo = await this.workspace.datasets.get(this.datasetId);
      this.records = await this.workspace.datasets.records(this.datasetId);
      this.current = Math.max(0, this.records.findIndex((r) => !isLabeled(r)));
    } catch (error) {
      this.error = `Could not load the dataset: ${(error as Error).message}`;
    }
  }

  /** Sets the label of the record at `index` and moves to the next unlabeled record. */
  async setLabel(index: number, label: string): Promise<void> {
    const record = this.records[index];
    if (!record || !this.workspace || !this.datasetInfo) return;
    try {
      const updated = this.datasetInfo.multiLabel
        ? await this.workspace.datasets.annotate(record.datasetId, record.id, { labels: [label] })
        : await this.workspace.datasets.annotate(record.datasetId, record.id, { label });
      this.records = this.records.map((r, i) => (i === index ? updated : r));
      emit(this, 'sieve-label-set', { datasetId: record.datasetId, recordId: record.id, label });
      const next = this.records.findIndex((r, i) => i > index && !isLabeled(r));
      this.current = next >= 0 ? next : Math.min(index + 1, this.records.length - 1);
    } catch (error) {
      this.error = `Could not save the label: ${(error as Error).message}`;
    }
  }

  /** Reloads the records from the workspace. */
  async refresh(): Promise<void> {
    await this.load();
  }

  protected override updated(): void {
    this.renderRoot.querySelector('li[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }
}

