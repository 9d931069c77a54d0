import uPlot from 'uplot';
import type { ScoreHistogram } from '../../experiments/outputs.js';
import { ContainerChart } from '../shared/container-chart.js';

/**
 * A score histogram as bars (uPlot), on which dragging across selects a score range: `onSelect`
 * gets the first and last bin the drag covered. `highlight` marks the selected bins.
 */
export class HistogramChart extends ContainerChart {
  constructor(
    container: HTMLElement,
    private readonly onSelect: (first: number, last: number) => void,
  ) {
    super(container);
  }

  /** Draws the histogram with bins `first`..`last` selected (replacing what was drawn). */
  show(histogram: ScoreHistogram, labels: { x: string; y: string }, first: number, last: number): void {
    const bins = histogram.counts.length;
    const mids = histogram.counts.map((_, b) => (histogram.edges[b] + histogram.edges[b + 1]) / 2);
    const inside = (b: number) => b >= first && b <= last;
    const bars = (colour: string) => ({ label: labels.y, fill: colour, stroke: colour, paths: uPlot.paths.bars!({ size: [0.9, Infinity] }), points: { show: false } });
    this.draw(
      ({ series, axis }) => ({
        scales: { x: { time: false, range: [0, 1] } },
        axes: [axis({ label: labels.x }), axis({ label: labels.y })],
        cursor: { drag: { x: true, y: false, setScale: false } },
        legend: { show: false },
        series: [{ label: labels.x }, bars(series[0]), bars(series[1])],
        hooks: {
          setSelect: [
            (u) => {
              if (u.select.width < 2) return;
              const at = (px: number) => Math.min(bins - 1, Math.max(0, Math.floor(u.posToVal(px, 'x') * bins)));
              this.onSelect(at(u.select.left), at(u.select.left + u.select.width));
            },
          ],
        },
      }),
      // Two series: the bins outside the selection, and the selected ones (drawn in the second colour).
      [mids, histogram.counts.map((n, b) => (inside(b) ? null : n)), histogram.counts.map((n, b) => (inside(b) ? n : null))],
    );
  }
}
