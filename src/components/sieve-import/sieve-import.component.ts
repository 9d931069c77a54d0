import { html, nothing, type PropertyValues } from 'lit';
import type { FilePreview } from '../../data/dataset-files.js';
import { emit } from '../../events/index.js';
import type { Dataset } from '../../store/schema.js';
import type { FileImport, ImportOptions, ImportProgress } from '../../store/datasets.js';
import type { Workspace } from '../../workspace.js';
import { SieveElement } from '../shared/sieve-element.js';
import { columnsForm, guessColumns, previewTable, problemsTable, toImportColumns, type ColumnMapping } from './import-views.js';
import { importStyles } from './sieve-import.styles.js';

/** Where the element stands with its file. */
type ImportStatus = 'idle' | 'checking' | 'ready' | 'importing' | 'done' | 'cancelled' | 'failed';

/**
 * @summary Imports a CSV or JSONL file into a dataset: pick or drop the file, see its first rows,
 * map its columns (text, label or labels, split, id), see every problem by row before anything is
 * written, then import with a progress bar and Cancel (cancelling writes nothing). A `dataset`
 * name that does not exist yet is created with the labels found in the file, in the same
 * transaction as its records; without a dataset, the file's name names a new one. Creates the
 * `workspace` it names when the browser has none. A file that is not UTF-8 (nor UTF-16 with its
 * byte order mark) is refused with its first unreadable line; the text encoding picked beside the
 * file picker (or the `encoding` attribute) reads it.
 *
 * @event {CustomEvent<ImportDoneDetail>} sieve-import-done - Records were written (detail: datasetId, added, skipped).
 * @slot header - Content above the file picker.
 * @csspart drop-zone - The area that takes a dropped file.
 * @csspart preview - The table of the file's first rows.
 * @csspart columns - The column mapping form.
 * @csspart problems - The table of rows with problems.
 * @csspart import - The import button.
 * @csspart cancel - The cancel button.
 */
export class SieveImport extends SieveElement {
  static override styles = importStyles;
  protected static override createsWorkspace = true;
  static override properties = {
    ...SieveElement.properties,
    multiLabel: { type: Boolean, attribute: 'multi-label' },
    encoding: { type: String },
    file: { state: true },
    preview: { state: true },
    columns: { state: true },
    target: { state: true },
    newName: { state: true },
    check: { state: true },
    skipInvalid: { state: true },
    status: { state: true },
    progress: { state: true },
    message: { state: true },
    dragging: { state: true },
  };

  /** A new dataset created by the import is multi-label (its labels come from the `labels` column). */
  declare multiLabel: boolean;
  /** The file's text encoding (a TextDecoder label); '' (default): UTF-8, or UTF-16 by its byte order mark. The form offers the common ones. */
  declare encoding: string;
  declare private file: File | undefined;
  declare private preview: FilePreview | undefined;
  declare private columns: ColumnMapping;
  /** The existing dataset the records go to (undefined: a new one is created). */
  declare private target: Dataset | undefined;
  /** Name of the dataset to create when there is no target. */
  declare private newName: string;
  declare private check: FileImport | undefined;
  declare private skipInvalid: boolean;
  declare private status: ImportStatus;
  declare private progress: ImportProgress | undefined;
  declare private message: string;
  declare private dragging: boolean;
  private abort?: AbortController;
  private checks = 0;

  constructor() {
    super();
    Object.assign(this, { multiLabel: false, encoding: '', columns: { text: '', label: '', split: '', id: '' }, newName: '', skipInvalid: false, status: 'idle', message: '', dragging: false });
  }

  /** A dataset named in HTML that does not exist yet is not an error here: the import creates it. */
  protected override async findDataset(workspace: Workspace, ref: string): Promise<string> {
    const datasets = await workspace.datasets.list();
    return (datasets.find((d) => d.id === ref) ?? datasets.find((d) => d.name === ref))?.id ?? '';
  }

  override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('workspace') || changed.has('datasetId')) void this.track(this.loadTarget());
  }

  override render() {
    if (this.configError) return this.configErrorView();
    const { t, f } = this.i18n;
    const busy = this.status === 'importing';
    const multiLabel = this.target?.multiLabel ?? this.multiLabel;
    return html`
      <slot name="header"></slot>
      <div part="drop-zone" class=${this.dragging ? 'drop dragging' : 'drop'} @dragover=${this.handleDragOver} @dragleave=${() => (this.dragging = false)} @drop=${this.handleDrop}>
        <label>${t.chooseFile} <input type="file" accept=".csv,.tsv,.jsonl,.ndjson,text/csv,text/tab-separated-values,application/jsonl" ?disabled=${busy} @change=${this.handleFileInput} /></label>
        <span class="hint">${t.orDropIt}</span>
        <label
          >${t.encoding}
          <select name="encoding" ?disabled=${busy} @change=${this.chooseEncoding}>
            ${Object.entries(t.encodings).map(([value, name]) => html`<option value=${value} ?selected=${value === this.encoding}>${name}</option>`)}
          </select>
        </label>
      </div>
      ${this.preview && this.file
        ? html`<p>${t.fileSummary(this.file.name, f.int(this.preview.rowCount))}</p>
            ${previewTable(this.i18n, this.preview)}
            ${columnsForm(this.i18n, this.preview.columns, this.columns, multiLabel, busy, (change) => this.mapColumns(change))}
            ${this.targetView()}
            ${this.checkView()}
            <div class="actions">
              <button part="import" class="primary" aria-disabled=${this.canImport() ? 'false' : 'true'} @click=${() => void this.import()}>
                ${t.importRecords(f.int(this.check?.added ?? 0))}
              </button>
              <button part="cancel" aria-disabled=${busy ? 'false' : 'true'} @click=${() => this.abort?.abort()}>${t.cancel}</button>
              ${busy && this.progress
                ? html`<label>${t.phases[this.progress.phase]} <progress max=${this.progress.total || 1} value=${this.progress.done}></progress></label>`
                : nothing}
            </div>`
        : nothing}
      <p class=${this.status === 'failed' ? 'error' : 'hint'} role="status" aria-live="polite">${this.message}</p>
    `;
  }

  /** Where the records go: the existing dataset, or the one the import creates (named here when no name was given). */
  private targetView() {
    const { t } = this.i18n;
    if (this.target) return html`<p class="hint">${t.intoDataset(this.target.name)}</p>`;
    const labels = this.preview?.labelValues ?? [];
    return html`<p class="target">
      ${this.datasetRef ? nothing : html`<label>${t.newDatasetName} <input name="dataset-name" .value=${this.newName} @input=${(e: Event) => (this.newName = (e.target as HTMLInputElement).value)} @change=${() => void this.runCheck()} /></label>`}
      <span class="hint">${t.newDataset(this.datasetName(), labels.map((l) => `“${l}”`).join(', '))}</span>
    </p>`;
  }

  private checkView() {
    const { t, f } = this.i18n;
    if (this.status === 'checking') return html`<p class="hint">${t.checking}</p>`;
    if (!this.check) return nothing;
    const problems = new Set(this.check.skipped.map((p) => p.row)).size;
    return html`<p>${t.checkResult(f.int(this.check.added), problems, f.int(problems))}</p>
      ${problems
        ? html`${problemsTable(this.i18n, this.check.skipped)}
            <label><input type="checkbox" name="skip-invalid" .checked=${this.skipInvalid} @change=${(e: Event) => (this.skipInvalid = (e.target as HTMLInputElement).checked)} /> ${t.skipInvalid}</label>`
        : nothing}`;
  }

  private canImport(): boolean {
    if (this.status !== 'ready' || !this.check || this.check.added === 0) return false;
    return this.check.skipped.length === 0 || this.skipInvalid;
  }

  private datasetName(): string {
    return this.datasetRef || this.newName.trim();
  }

  private async loadTarget(): Promise<void> {
    const datasetId = this.datasetId;
    this.target = this.workspace && datasetId ? await this.workspace.datasets.get(datasetId).catch(() => undefined) : undefined;
    if (datasetId === this.datasetId) void this.runCheck();
  }

  private handleDragOver(event: DragEvent): void {
    event.preventDefault();
    this.dragging = true;
  }

  private handleDrop(event: DragEvent): void {
    event.preventDefault();
    this.dragging = false;
    const file = event.dataTransfer?.files[0];
    if (file) void this.choose(file);
  }

  /** Reads the chosen file again in the encoding picked. */
  private chooseEncoding(event: Event): void {
    this.encoding = (event.target as HTMLSelectElement).value;
    if (this.file) void this.choose(this.file);
  }

  /** What every read of the file is given besides its columns: its encoding, when one was picked. */
  private readOptions(): { encoding?: string } {
    return this.encoding ? { encoding: this.encoding } : {};
  }

  private handleFileInput(event: Event): void {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (file) void this.choose(file);
  }

  /** Reads a chosen file's columns and first rows, guesses the mapping, and checks every row. */
  async choose(file: File): Promise<void> {
    await this.settled();
    if (!this.workspace || this.status === 'importing') return;
    Object.assign(this, { file, preview: undefined, check: undefined, message: '', status: 'idle', skipInvalid: false });
    this.newName ||= file.name.replace(/\.[^.]+$/, '');
    try {
      const multiLabel = this.target?.multiLabel ?? this.multiLabel;
      const preview = await this.workspace.datasets.previewFile(file, { multiLabel, ...this.readOptions() });
      const columns = guessColumns(preview.columns, multiLabel);
      this.columns = columns;
      // The label values were read from the default label column; read them again only when the guess is another.
      const defaultColumn = multiLabel ? 'labels' : 'label';
      this.preview = columns.label === defaultColumn ? preview : await this.workspace.datasets.previewFile(file, { ...toImportColumns(columns, multiLabel), multiLabel, ...this.readOptions() });
      await this.runCheck();
    } catch (error) {
      this.fail(this.i18n.t.fileUnreadable((error as Error).message));
    }
  }

  private async mapColumns(change: Partial<ColumnMapping>): Promise<void> {
    this.columns = { ...this.columns, ...change };
    if (!this.file || !this.workspace) return;
    const multiLabel = this.target?.multiLabel ?? this.multiLabel;
    if ('label' in change) this.preview = await this.workspace.datasets.previewFile(this.file, { ...toImportColumns(this.columns, multiLabel), multiLabel, ...this.readOptions() });
    await this.runCheck();
  }

  /** The import's target: the existing dataset's id, or the new dataset's definition. */
  private importTarget(): string | { name: string; labels: string[]; multiLabel: boolean } {
    return this.target?.id ?? { name: this.datasetName(), labels: this.preview?.labelValues ?? [], multiLabel: this.multiLabel };
  }

  private importOptions(): ImportOptions {
    return { ...toImportColumns(this.columns, this.target?.multiLabel ?? this.multiLabel), format: this.preview?.format, ...this.readOptions() };
  }

  /** Checks every row (nothing written) and lists the problems; the latest check wins. */
  private async runCheck(): Promise<void> {
    if (!this.file || !this.workspace || !this.preview || this.status === 'importing') return;
    const check = ++this.checks;
    this.status = 'checking';
    try {
      const result = await this.workspace.datasets.checkFile(this.importTarget(), this.file, { ...this.importOptions(), onInvalid: 'skip' });
      if (check !== this.checks) return;
      Object.assign(this, { check: result, status: 'ready', message: '' });
    } catch (error) {
      if (check === this.checks) this.fail((error as Error).message);
    }
  }

  /** Imports the file with the mapped columns; Cancel (or `cancel()`) stops it with nothing written. */
  async import(): Promise<FileImport | undefined> {
    if (!this.workspace || !this.file || !this.canImport()) return undefined;
    const { t, f } = this.i18n;
    const abort = new AbortController();
    this.abort = abort;
    Object.assign(this, { status: 'importing', message: '', progress: undefined });
    try {
      const result = await this.workspace.datasets.importFile(this.importTarget(), this.file, {
        ...this.importOptions(),
        onInvalid: this.skipInvalid ? 'skip' : 'abort',
        signal: abort.signal,
        onProgress: (progress) => (this.progress = progress),
      });
      const name = this.target?.name ?? this.datasetName();
      Object.assign(this, { status: 'done', message: t.imported(f.int(result.added), name), check: undefined, file: undefined, preview: undefined });
      this.datasetId = result.datasetId;
      // The import button leaves with the preview: the keyboard goes back to the file picker.
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('input[type="file"]')?.focus();
      emit(this, 'sieve-import-done', { datasetId: result.datasetId, added: result.added, skipped: result.skipped });
      return result;
    } catch (error) {
      if ((error as Error).name === 'AbortError') Object.assign(this, { status: 'ready', message: t.importCancelled });
      else this.fail(t.importFailed((error as Error).message));
      return undefined;
    } finally {
      this.abort = undefined;
    }
  }

  /** Cancels the import in progress (nothing of it is written). */
  cancel(): void {
    this.abort?.abort();
  }

  private fail(message: string): void {
    Object.assign(this, { status: 'failed', message });
  }
}
