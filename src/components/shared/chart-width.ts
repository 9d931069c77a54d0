import type uPlot from 'uplot';

/** Narrowest a chart is drawn, in CSS pixels. */
const MIN_WIDTH = 200;
/** Height of Sieve's charts, in CSS pixels. */
export const CHART_HEIGHT = 200;

/** The width a chart in `container` should have: the container's, or a default before layout. */
export function chartWidth(container: HTMLElement): number {
  return Math.max(MIN_WIDTH, container.clientWidth || 480);
}

/**
 * Keeps `plot` as wide as `container` when the page's layout changes (a phone rotated, a window
 * resized): uPlot draws at a fixed size. Returns the function that stops following.
 */
export function followContainerWidth(plot: uPlot, container: HTMLElement): () => void {
  const observer = new ResizeObserver(() => {
    const width = chartWidth(container);
    if (width !== plot.width) plot.setSize({ width, height: CHART_HEIGHT });
  });
  observer.observe(container);
  return () => observer.disconnect();
}
