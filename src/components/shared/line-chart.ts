import { ContainerChart } from './container-chart.js';

/** One line of a LineChart: its name and a value per x (null: none). */
export interface LineSeries {
  label: string;
  values: readonly (number | null)[];
  /** Dashed (a reference such as the chance diagonal). */
  dashed?: boolean;
}

/** What a LineChart shows: shared x values, the lines, and the axes' names; both axes run from 0 to 1. */
export interface LineChartData {
  x: readonly number[];
  series: readonly LineSeries[];
  xLabel: string;
  yLabel: string;
}

/**
 * A chart of lines over a shared x axis, both axes from 0 to 1 (ROC, precision-recall and
 * reliability curves), drawn with uPlot in the theme's colours, as wide as its container.
 */
export class LineChart extends ContainerChart {
  /** Draws `data`, replacing what was drawn. */
  show(data: LineChartData): void {
    this.draw(({ series: colours, axis }) => {
      let colour = 0;
      return {
        scales: { x: { time: false, range: [0, 1] }, y: { range: [0, 1] } },
        axes: [axis({ label: data.xLabel }), axis({ label: data.yLabel })],
        series: [
          { label: data.xLabel },
          ...data.series.map((s) => ({ label: s.label, stroke: s.dashed ? colours.at(-1) : colours[colour++ % (colours.length - 1)], width: s.dashed ? 1 : 2, dash: s.dashed ? [4, 4] : undefined, spanGaps: true })),
        ],
      };
    }, [data.x as number[], ...data.series.map((s) => s.values as (number | null)[])]);
  }
}
