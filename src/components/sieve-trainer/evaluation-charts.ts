import { html, nothing } from 'lit';
import type { EvalMetrics, ReliabilityBin, Run } from '../../store/schema.js';
import type { Messages } from '../i18n/en.js';
import type { Locale } from '../i18n/locale-controller.js';
import type { LineChartData } from '../shared/line-chart.js';

/** The x values of the stored curves (see ClassCurves): 0, 0.02, …, 1. */
const GRID = Array.from({ length: 51 }, (_, k) => k / 50);
/** Grid points the text tables read the curves at: false-positive rates, then recalls. */
const FPR_READINGS = [0.1, 0.2, 0.5];
const RECALL_READINGS = [0.5, 0.8, 0.9];
/** The reliability diagram's bins (as the metrics make them). */
const BINS = 15;

/** The charts a finished run's evaluation draws, by name, for the split that has them. */
export function evaluationCharts(t: Messages, run: Run): Record<string, LineChartData> {
  const m = run.metrics.validation;
  if (!m) return {};
  const classes = Object.entries(m.perClass).filter(([, c]) => c.curves);
  const charts: Record<string, LineChartData> = {};
  if (classes.length) {
    charts.roc = {
      x: GRID,
      xLabel: t.falsePositiveRate,
      yLabel: t.truePositiveRate,
      series: [...classes.map(([label, c]) => ({ label, values: c.curves!.tpr })), { label: t.chance, values: GRID, dashed: true }],
    };
    charts.pr = { x: GRID, xLabel: t.recall, yLabel: t.precision, series: classes.map(([label, c]) => ({ label, values: c.curves!.precision })) };
  }
  if (m.reliability?.length) {
    const mids = Array.from({ length: BINS }, (_, b) => (b + 0.5) / BINS);
    const byBin = (bins: readonly ReliabilityBin[] | undefined) => mids.map((_, b) => bins?.find((bin) => Math.round(bin.from * BINS) === b)?.accuracy ?? null);
    const before = run.metrics.calibration?.validationReliabilityBefore;
    charts.reliability = {
      x: mids,
      xLabel: t.meanScore,
      yLabel: t.shareRight,
      series: [
        ...(before ? [{ label: t.beforeCalibration, values: byBin(before) }] : []),
        { label: before ? t.afterCalibration : t.shareRight, values: byBin(m.reliability) },
        { label: t.perfectCalibration, values: mids, dashed: true },
      ],
    };
  }
  return charts;
}

/**
 * The evaluation's figures: ROC and precision-recall curves per class and the reliability diagram
 * before and after calibration, each a canvas (drawn into `.plot[data-chart]`) with its numbers in
 * a table as its text alternative.
 */
export function evaluationFigures(locale: Locale, run: Run, title: string) {
  const { t } = locale;
  const m = run.metrics.validation;
  if (!m || (!m.reliability?.length && !Object.values(m.perClass).some((c) => c.curves))) return nothing;
  return html`<details class="curves" part="curves">
    <summary>${t.evaluationCurves(title)}</summary>
    <div class="figures">
      ${Object.values(m.perClass).some((c) => c.curves)
        ? html`${figure('roc', t.rocCurves, rocTable(locale, m))}${figure('pr', t.prCurves, prTable(locale, m))}`
        : nothing}
      ${m.reliability?.length ? figure('reliability', t.reliabilityDiagram, reliabilityTable(locale, run.metrics.calibration?.validationReliabilityBefore, m.reliability)) : nothing}
    </div>
  </details>`;
}

function figure(name: string, caption: string, table: unknown) {
  return html`<figure class="evaluation-chart">
    <figcaption>${caption}</figcaption>
    <div class="plot" data-chart=${name} aria-hidden="true"></div>
    ${table}
  </figure>`;
}

/** The value of a grid curve at `x` (a grid point). */
const at = (values: readonly number[], x: number) => values[Math.round(x * (GRID.length - 1))];

function rocTable({ t, f }: Locale, m: EvalMetrics) {
  const rows = Object.entries(m.perClass).filter(([, c]) => c.curves);
  return html`<table class="stack" aria-label=${t.rocCurves}>
    <thead><tr><th scope="col">${t.label}</th>${FPR_READINGS.map((x) => html`<th scope="col">${t.tprAt(f.value(x))}</th>`)}<th scope="col">${t.rocAuc}</th></tr></thead>
    <tbody>${rows.map(
      ([label, c]) => html`<tr><th scope="row">${label}</th>${FPR_READINGS.map((x) => html`<td data-label=${t.tprAt(f.value(x))}>${f.pct(at(c.curves!.tpr, x))}</td>`)}<td data-label=${t.rocAuc}>${f.num(c.rocAuc)}</td></tr>`,
    )}</tbody>
  </table>`;
}

function prTable({ t, f }: Locale, m: EvalMetrics) {
  const rows = Object.entries(m.perClass).filter(([, c]) => c.curves);
  return html`<table class="stack" aria-label=${t.prCurves}>
    <thead><tr><th scope="col">${t.label}</th>${RECALL_READINGS.map((x) => html`<th scope="col">${t.precisionAt(f.value(x))}</th>`)}</tr></thead>
    <tbody>${rows.map(([label, c]) => html`<tr><th scope="row">${label}</th>${RECALL_READINGS.map((x) => html`<td data-label=${t.precisionAt(f.value(x))}>${f.pct(at(c.curves!.precision, x))}</td>`)}</tr>`)}</tbody>
  </table>`;
}

function reliabilityTable({ t, f }: Locale, before: readonly ReliabilityBin[] | undefined, after: readonly ReliabilityBin[]) {
  const bins = Array.from({ length: BINS }, (_, b) => b).filter((b) => [before, after].some((list) => list?.some((bin) => Math.round(bin.from * BINS) === b)));
  const cells = (list: readonly ReliabilityBin[] | undefined, b: number, name: string) => {
    const bin = list?.find((x) => Math.round(x.from * BINS) === b);
    return html`<td data-label=${`${name} ${t.count}`}>${f.int(bin?.count ?? 0)}</td><td data-label=${`${name} ${t.shareRight}`}>${bin ? f.pct(bin.accuracy) : '–'}</td>`;
  };
  const groups: [string, readonly ReliabilityBin[] | undefined][] = before ? [[t.beforeCalibration, before], [t.afterCalibration, after]] : [[t.shareRight, after]];
  return html`<table class="stack" aria-label=${t.reliabilityDiagram}>
    <thead>
      <tr><td></td>${groups.map(([name]) => html`<th scope="colgroup" colspan="2">${name}</th>`)}</tr>
      <tr><th scope="col">${t.scoreRange}</th>${groups.map(() => html`<th scope="col">${t.count}</th><th scope="col">${t.shareRight}</th>`)}</tr>
    </thead>
    <tbody>${bins.map((b) => html`<tr><th scope="row">${f.num(b / BINS, 2)}–${f.num((b + 1) / BINS, 2)}</th>${groups.map(([name, list]) => cells(list, b, name))}</tr>`)}</tbody>
  </table>`;
}
