import uPlot from 'uplot';
import { CHART_HEIGHT, chartWidth, followContainerWidth } from '../shared/chart-width.js';
import type { Run } from '../../store/schema.js';

const COLOURS = ['#2563eb', '#f97316', '#16a34a', '#9333ea', '#dc2626', '#0891b2'];

/** Validation-loss curves of several runs overlaid, by epoch (uPlot). */
export class CompareChart {
  private plot?: uPlot;
  private stopFollowing?: () => void;

  constructor(private readonly container: HTMLElement) {}

  /** Draws the runs' curves (replacing any earlier chart). */
  show(runs: readonly Run[]): void {
    this.destroy();
    const epochs = [...new Set(runs.flatMap((r) => r.history.map((h) => h.epoch)))].sort((a, b) => a - b);
    const series = runs.map((r) => {
      const byEpoch = new Map(r.history.map((h) => [h.epoch, h.validationLoss]));
      return epochs.map((e) => {
        const loss = byEpoch.get(e);
        return loss !== undefined && Number.isFinite(loss) ? loss : null;
      });
    });
    this.plot = new uPlot(
      {
        width: chartWidth(this.container),
        height: CHART_HEIGHT,
        scales: { x: { time: false } },
        axes: [{ label: 'epoch' }, { label: 'validation loss' }],
        series: [{ label: 'epoch' }, ...runs.map((r, i) => ({ label: `${r.experiment} · ${r.id.slice(0, 8)}`, stroke: COLOURS[i % COLOURS.length], width: 2, spanGaps: true }))],
      },
      [epochs, ...series],
      this.container,
    );
    this.stopFollowing = followContainerWidth(this.plot, this.container);
  }

  /** Removes the chart. */
  destroy(): void {
    this.stopFollowing?.();
    this.plot?.destroy();
    this.plot = undefined;
  }
}
