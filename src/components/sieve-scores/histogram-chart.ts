import uPlot from 'uplot';
import type { ScoreHistogram } from '../../experiments/outputs.js';
import { chartColours } from '../shared/chart-theme.js';
import { CHART_HEIGHT, chartWidth, followContainerWidth } from '../shared/chart-width.js';

/**
 * A score histogram as bars (uPlot), on which dragging across selects a score range: `onSelect`
 * gets the first and last bin the drag covered. `highlight` marks the selected bins.
 */
export class HistogramChart {
  private plot?: uPlot;
  private stopFollowing?: () => void;

  constructor(
    private readonly container: HTMLElement,
    private readonly onSelect: (first: number, last: number) => void,
  ) {}

  /** Draws the histogram with bins `first`..`last` selected (replacing what was drawn). */
  show(histogram: ScoreHistogram, labels: { x: string; y: string }, first: number, last: number): void {
    this.destroy();
    const { series, axis } = chartColours(this.container);
    const bins = histogram.counts.length;
    const mids = histogram.counts.map((_, b) => (histogram.edges[b] + histogram.edges[b + 1]) / 2);
    const inside = (b: number) => b >= first && b <= last;
    this.plot = new uPlot(
      {
        width: chartWidth(this.container),
        height: CHART_HEIGHT,
        scales: { x: { time: false, range: [0, 1] } },
        axes: [axis({ label: labels.x }), axis({ label: labels.y })],
        cursor: { drag: { x: true, y: false, setScale: false } },
        legend: { show: false },
        series: [
          { label: labels.x },
          { label: labels.y, fill: series[0], stroke: series[0], paths: uPlot.paths.bars!({ size: [0.9, Infinity] }), points: { show: false } },
          { label: labels.y, fill: series[1], stroke: series[1], paths: uPlot.paths.bars!({ size: [0.9, Infinity] }), points: { show: false } },
        ],
        hooks: {
          setSelect: [
            (u) => {
              if (u.select.width < 2) return;
              const at = (px: number) => Math.min(bins - 1, Math.max(0, Math.floor(u.posToVal(px, 'x') * bins)));
              this.onSelect(at(u.select.left), at(u.select.left + u.select.width));
            },
          ],
        },
      },
      // Two series: the bins outside the selection, and the selected ones (drawn in the second colour).
      [mids, histogram.counts.map((n, b) => (inside(b) ? null : n)), histogram.counts.map((n, b) => (inside(b) ? n : null))],
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
