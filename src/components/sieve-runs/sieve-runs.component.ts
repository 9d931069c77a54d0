import { html, nothing, type PropertyValues } from 'lit';
import { emit } from '../../events/index.js';
import { SieveElement } from '../shared/sieve-element.js';
import type { RunComparison } from '../../experiments/compare.js';
import type { TrainProgress } from '../../experiments/progress.js';
import type { Run } from '../../store/schema.js';
import { confusionTable } from '../shared/confusion-matrix.js';
import { CompareChart, compareFigure } from './compare-chart.js';
import { runsStyles } from './sieve-runs.styles.js';

/** How often the list looks again while a run of another tab shows as going. */
const RECHECK_MS = 3000;

/**
 * @summary The runs of a workspace: status (live while a run trains), key metrics and duration;
 * compare selected runs (curves overlaid, confusion matrices side by side, differing params);
 * delete, restore, and choose the run whose model the predictor uses.
 *
 * @event {CustomEvent<RunSelectedDetail>} sieve-run-selected - The user chose a run's model (detail: runId). Set it as the predictor's `runId`.
 * @slot header - Content above the runs table.
 * @slot empty - Shown in the table while there are no runs (default: a sentence saying so).
 * @slot actions - Buttons of the page's own, beside the compare button.
 * @csspart table - The runs table.
 * @csspart compare - The comparison view.
 */
export class SieveRuns extends SieveElement {
  static override styles = runsStyles;
  static override properties = {
    ...SieveElement.properties,
    experiment: {},
    selectedRunId: { attribute: 'selected-run-id' },
    showDeleted: { type: Boolean, attribute: 'show-deleted' },
    runs: { state: true },
    live: { state: true },
    checked: { state: true },
    comparison: { state: true },
    error: { state: true },
  };

  /** Only runs of this experiment. */
  declare experiment: string | undefined;
  /** The run whose model is in use (highlighted; set by the user's choice). */
  declare selectedRunId: string | undefined;
  /** Also list soft-deleted runs, with a restore button. */
  declare showDeleted: boolean;
  declare private runs: Run[];
  declare private live: Record<string, string>;
  declare private checked: string[];
  declare private comparison: { result: RunComparison; runs: Run[] } | undefined;
  declare private error: string;
  private stopListening?: () => void;
  private chart?: CompareChart;
  private refreshes = 0;
  private recheck?: ReturnType<typeof setTimeout>;

  constructor() {
    super();
    this.showDeleted = false;
    this.runs = [];
    this.live = {};
    this.checked = [];
    this.error = '';
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopListening?.();
    this.stopListening = undefined;
    this.chart?.destroy();
    this.chart = undefined;
    clearTimeout(this.recheck);
    this.recheck = undefined;
  }

  override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('workspace')) {
      this.stopListening?.();
      this.stopListening = this.workspace?.onRunProgress((p) => this.handleProgress(p));
    }
    if (changed.has('workspace') || changed.has('experiment') || changed.has('datasetId') || changed.has('showDeleted')) void this.refresh();
  }

  override render() {
    if (this.configError) return this.configErrorView();
    const { t, f } = this.i18n;
    return html`
      <slot name="header"></slot>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <div class="scroll">
      <table part="table" aria-label=${t.trainingRuns}>
        <thead>
          <tr><th scope="col"><span class="visually-hidden">${t.compare}</span></th>${[t.experiment, t.status, t.validationAccuracyShort, t.validationMacroF1Short, t.testAccuracyShort, t.duration, t.started, t.actions].map((h) => html`<th scope="col">${h}</th>`)}</tr>
        </thead>
        <tbody>
          ${this.runs.length === 0 ? html`<tr><td colspan="9" class="hint"><slot name="empty">${t.noRunsYet}</slot></td></tr>` : nothing}
          ${this.runs.map((run) => this.renderRow(run))}
        </tbody>
      </table>
      </div>
      <div class="actions">
        <button part="compare-button" ?disabled=${this.checked.length < 2} @click=${() => this.compare()}>${t.compareRuns(this.checked.length, f)}</button>
        <slot name="actions"></slot>
      </div>
      ${this.comparison ? this.renderComparison(this.comparison.result, this.comparison.runs) : nothing}
    `;
  }

  protected override updated(): void {
    const container = this.renderRoot.querySelector<HTMLElement>('.compare-chart .plot');
    if (!container || !this.comparison) {
      this.chart?.destroy();
      this.chart = undefined;
      return;
    }
    if (!this.chart || !container.firstChild) {
      this.chart = new CompareChart(container, this.i18n.t);
      this.chart.show(this.comparison.runs);
    }
  }

  private renderRow(run: Run) {
    const { t, f } = this.i18n;
    const m = run.metrics;
    const deleted = run.lifecycle === 'deleted';
    const selected = run.id === this.selectedRunId;
    const id = run.id.slice(0, 8);
    return html`<tr class=${[deleted ? 'deleted' : '', selected ? 'selected' : ''].join(' ')} data-run-id=${run.id}>
      <td><input type="checkbox" aria-label=${t.compareRun(id)} .checked=${this.checked.includes(run.id)} @change=${(e: Event) => this.toggle(run.id, (e.target as HTMLInputElement).checked)} /></td>
      <td data-label=${t.experiment} title=${run.description}>${run.experiment} <small>${id}</small></td>
      <td class="status" data-label=${t.status}>${t.runStatus[run.status]}${this.live[run.id] ? html` <small>${this.live[run.id]}</small>` : nothing}</td>
      <td data-label=${t.validationAccuracyShort}>${f.pct(m.validation?.accuracy)}</td>
      <td data-label=${t.validationMacroF1Short}>${f.pct(m.validation?.macroF1)}</td>
      <td data-label=${t.testAccuracyShort}>${f.pct(m.test?.accuracy)}</td>
      <td data-label=${t.duration}>${run.endTime !== undefined ? t.seconds(f.num((run.endTime - run.startTime) / 1000, 1)) : '…'}</td>
      <td data-label=${t.started}>${f.date(run.startTime)}</td>
      <td class="row-actions">
        ${run.status === 'FINISHED' && !deleted
          ? html`<button data-action="use" aria-pressed=${selected ? 'true' : 'false'} @click=${() => this.select(run.id)}>${selected ? t.inUse : t.use}</button>`
          : nothing}
        ${deleted
          ? html`<button data-action="restore" @click=${() => this.restoreRun(run.id)}>${t.restore}</button>
              <button data-action="purge" @click=${() => this.deleteRun(run.id, true)}>${t.deleteForGood}</button>`
          : html`<button data-action="delete" @click=${() => this.deleteRun(run.id)}>${t.delete}</button>`}
      </td>
    </tr>`;
  }

  private renderComparison(result: RunComparison, runs: Run[]) {
    const heading = (r: Run) => `${r.experiment} · ${r.id.slice(0, 8)}`;
    const locale = this.i18n;
    return html`<section part="compare" aria-label=${locale.t.runComparison}>
      ${result.notes.map((note) => html`<p class="note" role="note">${note}</p>`)}
      ${compareFigure(locale, runs, heading)}
      <div class="scroll">
      <table class="compare-table">
        <thead><tr><td></td>${runs.map((r) => html`<th scope="col">${heading(r)}</th>`)}</tr></thead>
        <tbody>
          ${result.differingParams.map((name) => html`<tr class="differs"><th scope="row">${name}</th>${result.params[name].map((v) => html`<td>${JSON.stringify(v) ?? '–'}</td>`)}</tr>`)}
          ${Object.entries(result.metrics).map(([name, values]) => html`<tr><th scope="row">${name}</th>${values.map((v) => html`<td>${locale.f.num(v, 4)}</td>`)}</tr>`)}
        </tbody>
      </table>
      </div>
      <div class="matrices">${runs.map((r) => (r.metrics.validation ? confusionTable(locale, heading(r), r.metrics.validation) : nothing))}</div>
    </section>`;
  }

  private handleProgress(p: TrainProgress): void {
    if (p.status === 'start' || p.status === 'done' || p.status === 'ended') {
      const { [p.runId]: _done, ...rest } = this.live;
      this.live = p.status === 'start' ? { ...rest, [p.runId]: this.i18n.t.liveStarting } : rest;
      void this.refresh();
    } else if (p.status === 'featurize' || p.status === 'evaluation') {
      const { t, f } = this.i18n;
      const text = p.status === 'featurize' ? t.liveFeaturizing(f.int(p.done), f.int(p.total)) : t.liveStep(f.int(p.record.step), f.int(p.totalSteps), f.pct(p.record.validationAccuracy));
      this.live = { ...this.live, [p.runId]: text };
      // Progress means the run has left the queue.
      this.runs = this.runs.map((r) => (r.id === p.runId && r.status === 'QUEUED' ? { ...r, status: 'RUNNING' } : r));
    }
  }

  private toggle(runId: string, on: boolean): void {
    this.checked = on ? [...this.checked, runId] : this.checked.filter((id) => id !== runId);
  }

  private select(runId: string): void {
    this.selectedRunId = runId;
    emit(this, 'sieve-run-selected', { runId });
  }

  private async act(action: () => Promise<unknown>): Promise<void> {
    try {
      this.error = '';
      await action();
    } catch (error) {
      this.error = (error as Error).message;
    }
    await this.refresh();
  }

  /**
   * Deletes a run (soft, or for good) and moves focus to the row that takes its place, or the
   * compare button when none does: the pressed button leaves the page with its row.
   */
  private async deleteRun(runId: string, hard = false): Promise<void> {
    const index = this.runs.findIndex((r) => r.id === runId);
    await this.act(() => this.workspace!.runs.delete(runId, { hard }));
    await this.updateComplete;
    const rows = this.renderRoot.querySelectorAll('tbody tr[data-run-id]');
    const next = rows[Math.min(index, rows.length - 1)]?.querySelector<HTMLElement>('button[data-action]:last-child');
    (next ?? this.renderRoot.querySelector<HTMLElement>('[part="compare-button"]'))?.focus();
  }

  /** Restores a deleted run and moves focus to its row's Delete button (the pressed Restore leaves with the row's old actions). */
  private async restoreRun(runId: string): Promise<void> {
    await this.act(() => this.workspace!.runs.restore(runId));
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`tr[data-run-id="${CSS.escape(runId)}"] button[data-action="delete"]`)?.focus();
  }

  /** Reloads the runs from the workspace (a later call's result always wins over an earlier one's). */
  async refresh(): Promise<void> {
    if (!this.workspace) return;
    const generation = ++this.refreshes;
    try {
      const runs = await this.workspace.runs.list({ experiment: this.experiment, datasetId: this.datasetId, includeDeleted: this.showDeleted });
      if (generation !== this.refreshes) return;
      this.runs = runs;
      this.checked = this.checked.filter((id) => runs.some((r) => r.id === id));
      // A run shown as going that this page does not train may belong to a tab that closed: look
      // again shortly (listing marks such runs interrupted).
      clearTimeout(this.recheck);
      const elsewhere = runs.some((r) => (r.status === 'RUNNING' || r.status === 'QUEUED') && !this.live[r.id]);
      this.recheck = elsewhere && this.isConnected ? setTimeout(() => void this.refresh(), RECHECK_MS) : undefined;
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  /** Compares the checked runs (at least two). */
  async compare(): Promise<void> {
    if (!this.workspace || this.checked.length < 2) return;
    const ids = this.runs.filter((r) => this.checked.includes(r.id)).map((r) => r.id);
    await this.act(async () => {
      const [result, runs] = await Promise.all([this.workspace!.runs.compare(ids), Promise.all(ids.map((id) => this.workspace!.runs.get(id)))]);
      this.chart?.destroy();
      this.chart = undefined;
      this.comparison = { result, runs };
    });
  }
}
