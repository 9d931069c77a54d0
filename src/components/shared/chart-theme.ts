import type uPlot from 'uplot';
import { resolvedColor, SERIES_COLOURS } from './theme.js';

/** The theme's colours for a canvas chart drawn inside `container`, resolved for its colour scheme. */
export interface ChartColours {
  series: string[];
  /** uPlot axes in the theme's text and rule colours (labels and ticks readable on either scheme). */
  axis: (options: uPlot.Axis) => uPlot.Axis;
}

/** Resolves the chart colours where `container` is (call when the chart is created). */
export function chartColours(container: HTMLElement): ChartColours {
  const text = resolvedColor(container, 'var(--_text)');
  const rule = resolvedColor(container, 'var(--_rule)');
  return {
    series: SERIES_COLOURS.map((c) => resolvedColor(container, c)),
    axis: (options) => ({ stroke: text, grid: { stroke: rule, ...options.grid }, ticks: { stroke: rule }, ...options }),
  };
}
