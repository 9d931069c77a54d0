import { html, nothing, type PropertyValues } from 'lit';
import { emit } from '../../events/index.js';
import { SieveElement } from '../shared/sieve-element.js';
import type { Workspace } from '../../workspace.js';
import type { TrainOptions } from '../../experiments/train-run.js';
import { TrainingController } from '../controllers/training-controller.js';
import { argumentsForm, withArgument } from './arguments-form.js';
import { curvesFigure, LossChart } from './loss-chart.js';
import { evaluationCharts } from './evaluation-charts.js';
import { LineChart } from '../shared/line-chart.js';
import { metricsView } from './metrics-view.js';
import { trainerStyles } from './sieve-trainer.styles.js';

/** What counts as the user showing intent to train. */
const INTENT_EVENTS = ['pointerenter', 'focusin', 'touchstart'] as const;

/**
 * @summary Edits the training arguments, starts a run, shows featurization and step progress and
 * live loss/accuracy curves, cancels, and shows the final per-class metrics, confusion matrices and
 * calibration.
 *
 * @event {CustomEvent<RunStartedDetail>} sieve-run-started - A run started (detail: runId, datasetId).
 * @event {CustomEvent<RunProgressDetail>} sieve-run-progress - Featurization or an epoch progressed (detail: progress).
 * @event {CustomEvent<RunFinishedDetail>} sieve-run-finished - The run ended (detail: runId, status, run or error).
 * @slot header - Content above the trainer.
 * @slot actions - Buttons of the page's own, beside Train and Cancel.
 * @csspart start - The start button.
 * @csspart cancel - The cancel button.
 * @csspart chart - The curve container.
 * @csspart downloads - Per-file progress bars while a Transformers.js model downloads.
 * @csspart arguments - The training-arguments form (a details element).
 * @csspart metrics - The per-class metrics tables.
 * @csspart confusion - The confusion matrices.
 */
export class SieveTrainer extends SieveElement {
  static override styles = trainerStyles;
  static override properties = {
    ...SieveElement.properties,
    experiment: {},
    backbone: {},
    params: { attribute: false },
  };

  private readonly training = new TrainingController(this, (progress) => {
    if (progress.status === 'start') emit(this, 'sieve-run-started', { runId: progress.runId, datasetId: this.datasetId ?? '' });
    emit(this, 'sieve-run-progress', { progress });
  });
  private chart?: LossChart;
  /** The finished run's evaluation charts, by name, and the run they show. */
  private evaluation?: { runId: string; charts: LineChart[] };
  /** Set once the user shows intent (pointer over, focus or touch inside): from then on training is prepared. */
  private intent = false;
  /** The workspace and backbone prepared last. */
  private prepared?: { workspace: Workspace; backbone: TrainOptions['backbone'] };
  private readonly handleIntent = () => {
    this.intent = true;
    this.prepareTraining();
  };

  /** Experiment name of the runs this element starts. */
  declare experiment: string | undefined;
  /** Backbone: a built-in id (attribute `backbone`), `'precomputed'`, or a Transformers.js model reference (property; default: the built-in default). */
  declare backbone: TrainOptions['backbone'];
  /** Training arguments passed to `workspace.train`; the arguments form edits them. */
  declare params: Record<string, unknown> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    for (const type of INTENT_EVENTS) this.addEventListener(type, this.handleIntent, { passive: true });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const type of INTENT_EVENTS) this.removeEventListener(type, this.handleIntent);
    this.chart?.destroy();
    this.chart = undefined;
    this.dropEvaluationCharts();
  }

  override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('workspace') || changed.has('backbone')) this.prepareTraining();
  }

  override render() {
    if (this.configError) return this.configErrorView();
    const t = this.training;
    const { t: m, f } = this.i18n;
    const running = t.status === 'running';
    return html`
      <slot name="header"></slot>
      <div class="actions">
        <button part="start" class="primary" aria-disabled=${running || !this.workspace || !this.datasetId ? 'true' : 'false'} @click=${() => void this.train()}>${m.train}</button>
        <button part="cancel" aria-disabled=${running ? 'false' : 'true'} @click=${() => t.cancel()}>${m.cancel}</button>
        <slot name="actions"></slot>
        <span class="status" role="status" aria-live="polite">${this.statusText()}</span>
        ${running && t.featurized && t.featurized.done < t.featurized.total
          ? html`<label>${m.featurizing} <progress max=${t.featurized.total} value=${t.featurized.done}></progress>
              <span class="rate">${m.featurizeRate(f.int(t.featurized.done), f.int(t.featurized.total), f.int(t.featurized.itemsPerSecond))}</span></label>`
          : nothing}
        ${running && t.selecting ? html`<label>${m.comparingSetups} <progress max=${t.selecting.total} value=${t.selecting.done}></progress></label>` : nothing}
        ${running && t.totalSteps ? html`<label>${m.steps} <progress max=${t.totalSteps} value=${t.history.at(-1)?.step ?? 0}></progress></label>` : nothing}
      </div>
      ${running && !t.featurized && Object.keys(t.downloads).length
        ? html`<div class="downloads" part="downloads" role="group" aria-label=${m.modelDownload}>
            ${Object.entries(t.downloads).map(
              ([file, d]) => html`<label>${file} <progress max=${d.total || 1} value=${d.loaded}></progress> <span class="rate">${m.megabytes(f.num(d.loaded / 2 ** 20, 1), f.num(d.total / 2 ** 20, 1))}</span></label>`,
            )}
          </div>`
        : nothing}
      ${argumentsForm(this.i18n, this.params ?? {}, running, (path, value) => (this.params = withArgument(this.params ?? {}, path, value)))}
      ${t.error && t.status === 'failed' ? html`<p class="error" role="alert">${t.error}</p>` : nothing}
      ${t.history.length ? curvesFigure(this.i18n, t.history) : nothing}
      ${t.run && t.status === 'finished' ? metricsView(this.i18n, t.run) : nothing}
    `;
  }

  protected override updated(): void {
    this.drawEvaluationCharts();
    const container = this.renderRoot.querySelector<HTMLElement>('.chart .plot');
    if (!container || this.training.history.length === 0) return;
    this.chart ??= new LossChart(container, this.i18n.t);
    this.chart.update(this.training.history);
  }
  /** Draws the finished run's ROC, precision-recall and reliability charts into their figures, once per run. */
  private drawEvaluationCharts(): void {
    const run = this.training.status === 'finished' ? this.training.run : undefined;
    if (this.evaluation && this.evaluation.runId !== run?.id) this.dropEvaluationCharts();
    if (!run || this.evaluation) return;
    const data = evaluationCharts(this.i18n.t, run);
    const charts = [...this.renderRoot.querySelectorAll<HTMLElement>('.plot[data-chart]')].flatMap((container) => {
      const chartData = data[container.dataset.chart ?? ''];
      if (!chartData) return [];
      const chart = new LineChart(container);
      chart.show(chartData);
      return [chart];
    });
    this.evaluation = { runId: run.id, charts };
  }

  private dropEvaluationCharts(): void {
    for (const chart of this.evaluation?.charts ?? []) chart.destroy();
    this.evaluation = undefined;
  }

  /**
   * Gets training ready (worker, backend, backbone: megabytes) once the user has shown intent, not
   * when the element mounts: the first run then starts at once, and a page whose visitor never
   * comes near the trainer downloads none of it. A failure shows again, with its message, when a
   * run is started.
   */
  private prepareTraining(): void {
    const workspace = this.workspace;
    if (!this.intent || !workspace || (this.prepared?.workspace === workspace && this.prepared.backbone === this.backbone)) return;
    this.prepared = { workspace, backbone: this.backbone };
    void workspace.prepare({ backbone: this.backbone }).catch(() => undefined);
  }


  private statusText(): string {
    const t = this.training;
    const { t: m, f } = this.i18n;
    switch (t.status) {
      case 'idle':
        return m.statusReady;
      case 'running':
        return t.history.length ? m.statusEpoch(f.int(t.history.at(-1)?.epoch), f.pct(t.history.at(-1)?.validationAccuracy)) : m.statusPreparing;
      case 'finished':
        return m.statusFinished(f.pct(t.run?.metrics.accuracy));
      case 'cancelled':
        return m.statusCancelled;
      case 'failed':
        return m.statusFailed;
    }
  }

  /**
   * Starts a run with the element's settings; resolves when it ends. Does nothing while a run
   * goes (the buttons stay focusable while unavailable, so that focus never falls to the page).
   */
  async train(): Promise<void> {
    await this.settled();
    if (!this.workspace || !this.datasetId || this.training.status === 'running') return;
    this.chart?.destroy();
    this.chart = undefined;
    const datasetId = this.datasetId;
    await this.training.start(this.workspace, { datasetId, experiment: this.experiment, backbone: this.backbone, params: this.params });
    const t = this.training;
    if (t.status === 'running' || t.status === 'idle') return;
    emit(this, 'sieve-run-finished', {
      runId: t.run?.id ?? t.runId ?? '',
      status: t.status === 'finished' ? 'FINISHED' : t.status === 'cancelled' ? 'CANCELLED' : 'FAILED',
      run: t.run,
      error: t.error,
    });
  }

  /** Cancels the run in progress. */
  cancel(): void {
    this.training.cancel();
  }
}
