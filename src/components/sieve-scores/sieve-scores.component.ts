import { html, type PropertyValues } from 'lit';
import { emit } from '../../events/index.js';
import type { ScoreHistogram } from '../../experiments/outputs.js';
import type { ClassifierOutput } from '../../store/schema.js';
import { SieveElement } from '../shared/sieve-element.js';
import { HistogramChart } from './histogram-chart.js';
import { scoresStyles } from './sieve-scores.styles.js';

/** Bins of the histogram (score steps of 0.05). */
const BINS = 20;

/**
 * @summary The spread of a classifier output's scores for each label, as a histogram on which a
 * score range is chosen (drag across the bars, or type the bounds), then reviewed: the element
 * emits `sieve-review-range`, and opens the review in the `<sieve-labeler>` whose id `labeler` names.
 *
 * @event {CustomEvent<ReviewRangeDetail>} sieve-review-range - The user asked to review the records in a score range (detail: outputId, label, minScore, maxScore).
 * @slot header - Content above the histogram.
 * @slot empty - Shown while there is no output (default: a sentence saying so).
 * @csspart chart - The histogram's figure.
 * @csspart review - The review button.
 */
export class SieveScores extends SieveElement {
  static override styles = scoresStyles;
  static override properties = {
    ...SieveElement.properties,
    outputId: { attribute: 'output' },
    label: { reflect: true },
    labeler: {},
    output: { state: true },
    histogram: { state: true },
    first: { state: true },
    last: { state: true },
    error: { state: true },
  };

  /** The classifier output (default: the dataset's newest). */
  declare outputId: string | undefined;
  /** The label whose scores are shown (default: the output's first). */
  declare label: string | undefined;
  /** Id of a `<sieve-labeler>` in the document that opens the review. */
  declare labeler: string | undefined;
  declare private output: ClassifierOutput | undefined;
  declare private histogram: ScoreHistogram | undefined;
  /** The selected bins, first to last. */
  declare private first: number;
  declare private last: number;
  declare private error: string;
  private chart?: HistogramChart;

  constructor() {
    super();
    Object.assign(this, { first: BINS - 4, last: BINS - 1, error: '' });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.chart?.destroy();
    this.chart = undefined;
  }

  override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('workspace') || changed.has('datasetId') || changed.has('outputId') || changed.has('label')) void this.load();
  }

  override render() {
    if (this.configError) return this.configErrorView();
    const { t, f } = this.i18n;
    if (this.error) return html`<p class="error" role="alert">${this.error}</p>`;
    const h = this.histogram;
    if (!this.output || !h) return html`<slot name="header"></slot><slot name="empty"><p class="hint">${t.noOutput}</p></slot>`;
    const selected = h.counts.slice(this.first, this.last + 1).reduce((a, n) => a + n, 0);
    return html`
      <slot name="header"></slot>
      <label>${t.scoresOf}
        <select name="label" @change=${(e: Event) => (this.label = (e.target as HTMLSelectElement).value)}>
          ${this.output.labels.map((l) => html`<option value=${l} ?selected=${l === h.label}>${l}</option>`)}
        </select>
      </label>
      <figure part="chart">
        <figcaption>${t.scoreHistogram(h.label)}</figcaption>
        <div class="plot" aria-hidden="true"></div>
        <details>
          <summary>${t.scoreHistogram(h.label)}: ${t.records}</summary>
          <table class="stack" aria-label=${t.scoreHistogram(h.label)}>
            <thead><tr><th scope="col">${t.scoreRange}</th><th scope="col">${t.records}</th></tr></thead>
            <tbody>${h.counts.map(
              (n, b) => html`<tr class=${b >= this.first && b <= this.last ? 'selected' : ''}><th scope="row">${f.num(h.edges[b], 2)}–${f.num(h.edges[b + 1], 2)}</th><td data-label=${t.records}>${f.int(n)}</td></tr>`,
            )}</tbody>
          </table>
        </details>
      </figure>
      <div class="range" role="group" aria-label=${t.inRange(f.int(selected))}>
        <label>${t.reviewFrom}<input name="min-score" type="number" min="0" max="1" step=${1 / BINS} .value=${String(h.edges[this.first])} @change=${(e: Event) => this.setBound('min', e)} /></label>
        <label>${t.reviewTo}<input name="max-score" type="number" min="0" max="1" step=${1 / BINS} .value=${String(h.edges[this.last + 1])} @change=${(e: Event) => this.setBound('max', e)} /></label>
        <span role="status">${t.inRange(f.int(selected))}</span>
        <button part="review" class="primary" aria-disabled=${selected ? 'false' : 'true'} @click=${() => this.review()}>${t.review(f.int(selected))}</button>
      </div>
    `;
  }

  protected override updated(): void {
    const container = this.renderRoot.querySelector<HTMLElement>('.plot');
    if (!container || !this.histogram) return;
    this.chart ??= new HistogramChart(container, (first, last) => Object.assign(this, { first, last }));
    this.chart.show(this.histogram, { x: this.i18n.t.scoreRange, y: this.i18n.t.records }, this.first, this.last);
  }

  /** Sets a bound of the range from its input, snapped to the bins. */
  private setBound(bound: 'min' | 'max', event: Event): void {
    const value = Math.min(1, Math.max(0, Number((event.target as HTMLInputElement).value)));
    if (bound === 'min') this.first = Math.min(BINS - 1, Math.floor(value * BINS + 1e-9));
    else this.last = Math.max(0, Math.ceil(value * BINS - 1e-9) - 1);
    if (this.first > this.last) [this.first, this.last] = [this.last, this.first];
  }

  private async load(): Promise<void> {
    const workspace = this.workspace;
    if (!workspace) return;
    try {
      this.error = '';
      let output: ClassifierOutput | undefined;
      if (this.outputId) output = await workspace.outputs.get(this.outputId);
      else if (this.datasetId) output = (await workspace.outputs.list()).filter((o) => o.datasetId === this.datasetId).sort((a, b) => b.createdAt - a.createdAt)[0];
      this.output = output;
      this.histogram = output ? await workspace.outputs.histogram(output.id, { label: this.label && output.labels.includes(this.label) ? this.label : output.labels[0], bins: BINS }) : undefined;
    } catch (error) {
      this.error = this.i18n.t.couldNotLoadOutput((error as Error).message);
    }
  }

  /**
   * Reviews the selected range: emits `sieve-review-range` and opens it in the labeler named by
   * `labeler`. The upper bound stops just short of the next bin (a score on its edge belongs there),
   * except at 1.
   */
  review(): void {
    const h = this.histogram;
    if (!this.output || !h) return;
    const maxEdge = h.edges[this.last + 1];
    const detail = { outputId: this.output.id, label: h.label, minScore: h.edges[this.first], maxScore: maxEdge >= 1 ? 1 : maxEdge - 1e-9 };
    emit(this, 'sieve-review-range', detail);
    const labeler = this.labeler ? document.getElementById(this.labeler) : null;
    if (labeler?.localName === 'sieve-labeler') {
      Object.assign(labeler, { review: { outputId: detail.outputId, label: detail.label, minScore: detail.minScore, maxScore: detail.maxScore } });
      labeler.scrollIntoView({ block: 'nearest' });
      (labeler as HTMLElement).focus();
    }
  }
}
