import uPlot from 'uplot';
import { chartColours, type ChartColours } from './chart-theme.js';

/** Narrowest a chart is drawn, in CSS pixels. */
const MIN_WIDTH = 200;
/** Height of Sieve's charts, in CSS pixels. */
const CHART_HEIGHT = 200;

/** The width a chart in `container` should have: the container's, or a default before layout. */
function chartWidth(container: HTMLElement): number {
  return Math.max(MIN_WIDTH, container.clientWidth || 480);
}

/**
 * A uPlot chart drawn into a container, in the theme's colours, as wide as the container and
 * following its width when the page's layout changes (a phone rotated, a window resized, a
 * details element opened): uPlot itself draws at a fixed size.
 */
export abstract class ContainerChart {
  protected plot?: uPlot;
  private stopFollowing?: () => void;

  constructor(protected readonly container: HTMLElement) {}

  /** Draws a new chart (replacing any) from the options `build` makes with the theme's colours. */
  protected draw(build: (colours: ChartColours) => Omit<uPlot.Options, 'width' | 'height'>, data: uPlot.AlignedData): void {
    this.destroy();
    const plot = new uPlot({ width: chartWidth(this.container), height: CHART_HEIGHT, ...build(chartColours(this.container)) }, data, this.container);
    const observer = new ResizeObserver(() => {
      const width = chartWidth(this.container);
      if (width !== plot.width) plot.setSize({ width, height: CHART_HEIGHT });
    });
    observer.observe(this.container);
    this.plot = plot;
    this.stopFollowing = () => observer.disconnect();
  }

  /** Removes the chart. */
  destroy(): void {
    this.stopFollowing?.();
    this.plot?.destroy();
    this.plot = undefined;
  }
}
