import { html } from 'lit';
import uPlot from 'uplot';
import { num, pct } from '../shared/format.js';
import { CHART_HEIGHT, chartWidth, followContainerWidth } from '../shared/chart-width.js';
import { chartColours } from '../shared/chart-theme.js';
import type { EvaluationRecord } from '../../store/schema.js';

/** Live training curves (loss on the left axis, validation accuracy on the right) drawn with uPlot. */
export class LossChart {
  private plot?: uPlot;
  private stopFollowing?: () => void;

  constructor(private readonly container: HTMLElement) {}

  /** Redraws with the given epochs. */
  update(history: readonly EvaluationRecord[]): void {
    const data: uPlot.AlignedData = [
      history.map((h) => h.epoch),
      history.map((h) => h.trainLoss),
      history.map((h) => (Number.isFinite(h.validationLoss) ? h.validationLoss : null)),
      history.map((h) => (Number.isFinite(h.validationAccuracy) ? h.validationAccuracy : null)),
    ];
    if (!this.plot) {
      const { series, axis } = chartColours(this.container);
      this.plot = new uPlot(
        {
          width: chartWidth(this.container),
          height: CHART_HEIGHT,
          scales: { x: { time: false }, acc: { range: [0, 1] } },
          axes: [axis({ label: 'epoch' }), axis({ label: 'loss' }), axis({ scale: 'acc', side: 1, label: 'accuracy', grid: { show: false } })],
          series: [
            { label: 'epoch' },
            { label: 'train loss', stroke: series[0], width: 2 },
            { label: 'validation loss', stroke: series[1], width: 2 },
            { label: 'validation accuracy', stroke: series[2], width: 2, scale: 'acc' },
          ],
        },
        data,
        this.container,
      );
      this.stopFollowing = followContainerWidth(this.plot, this.container);
    } else {
      this.plot.setData(data);
    }
  }

  /** Removes the chart. */
  destroy(): void {
    this.stopFollowing?.();
    this.plot?.destroy();
    this.plot = undefined;
  }
}

/**
 * The curves' figure: the canvas (drawn by LossChart into `.plot`, hidden from assistive
 * technology) and its text alternative, the numbers per epoch in a table.
 */
export function curvesFigure(history: readonly EvaluationRecord[]) {
  const last = history.at(-1)!;
  return html`<figure class="chart" part="chart">
    <div class="plot" aria-hidden="true"></div>
    <figcaption>
      <details>
        <summary>Training curves: epoch ${last.epoch}, train loss ${num(last.trainLoss)}, validation loss ${num(last.validationLoss)}, validation accuracy ${pct(last.validationAccuracy)}</summary>
        <table aria-label="Training curves by epoch">
          <thead><tr><th scope="col">epoch</th><th scope="col">train loss</th><th scope="col">validation loss</th><th scope="col">validation accuracy</th></tr></thead>
          <tbody>${history.map((h) => html`<tr><td>${h.epoch}</td><td>${num(h.trainLoss)}</td><td>${num(h.validationLoss)}</td><td>${pct(h.validationAccuracy)}</td></tr>`)}</tbody>
        </table>
      </details>
    </figcaption>
  </figure>`;
}
