import uPlot from 'uplot';
import { CHART_HEIGHT, chartWidth, followContainerWidth } from '../shared/chart-width.js';
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
      this.plot = new uPlot(
        {
          width: chartWidth(this.container),
          height: CHART_HEIGHT,
          scales: { x: { time: false }, acc: { range: [0, 1] } },
          axes: [{ label: 'epoch' }, { label: 'loss' }, { scale: 'acc', side: 1, label: 'accuracy', grid: { show: false } }],
          series: [
            { label: 'epoch' },
            { label: 'train loss', stroke: '#2563eb', width: 2 },
            { label: 'validation loss', stroke: '#f97316', width: 2 },
            { label: 'validation accuracy', stroke: '#16a34a', width: 2, scale: 'acc' },
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
