import { html } from 'lit';
import type uPlot from 'uplot';
import type { Messages } from '../i18n/en.js';
import type { Locale } from '../i18n/locale-controller.js';
import { ContainerChart } from '../shared/container-chart.js';
import type { EvaluationRecord } from '../../store/schema.js';

/** Live training curves (loss on the left axis, validation accuracy on the right) drawn with uPlot. */
export class LossChart extends ContainerChart {
  constructor(
    container: HTMLElement,
    private readonly t: Messages,
  ) {
    super(container);
  }

  /** Redraws with the given epochs. */
  update(history: readonly EvaluationRecord[]): void {
    const data: uPlot.AlignedData = [
      history.map((h) => h.epoch),
      history.map((h) => h.trainLoss),
      history.map((h) => (Number.isFinite(h.validationLoss) ? h.validationLoss : null)),
      history.map((h) => (Number.isFinite(h.validationAccuracy) ? h.validationAccuracy : null)),
    ];
    if (this.plot) {
      this.plot.setData(data);
      return;
    }
    const t = this.t;
    this.draw(
      ({ series, axis }) => ({
        scales: { x: { time: false }, acc: { range: [0, 1] } },
        axes: [axis({ label: t.epoch }), axis({ label: t.loss }), axis({ scale: 'acc', side: 1, label: t.accuracy, grid: { show: false } })],
        series: [
          { label: t.epoch },
          { label: t.trainLoss, stroke: series[0], width: 2 },
          { label: t.validationLoss, stroke: series[1], width: 2 },
          { label: t.validationAccuracy, stroke: series[2], width: 2, scale: 'acc' },
        ],
      }),
      data,
    );
  }
}

/**
 * The curves' figure: the canvas (drawn by LossChart into `.plot`, hidden from assistive
 * technology) and its text alternative, the numbers per epoch in a table.
 */
export function curvesFigure({ t, f }: Locale, history: readonly EvaluationRecord[]) {
  const last = history.at(-1)!;
  return html`<figure class="chart" part="chart">
    <div class="plot" aria-hidden="true"></div>
    <figcaption>
      <details>
        <summary>${t.curvesSummary(f.int(last.epoch), f.num(last.trainLoss), f.num(last.validationLoss), f.pct(last.validationAccuracy))}</summary>
        <table aria-label=${t.curvesTable}>
          <thead><tr><th scope="col">${t.epoch}</th><th scope="col">${t.trainLoss}</th><th scope="col">${t.validationLoss}</th><th scope="col">${t.validationAccuracy}</th></tr></thead>
          <tbody>${history.map((h) => html`<tr><td>${f.int(h.epoch)}</td><td>${f.num(h.trainLoss)}</td><td>${f.num(h.validationLoss)}</td><td>${f.pct(h.validationAccuracy)}</td></tr>`)}</tbody>
        </table>
      </details>
    </figcaption>
  </figure>`;
}
