import { css, unsafeCSS } from 'lit';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import { confusionStyles } from '../shared/confusion-matrix.styles.js';
import { stackedTableStyles } from '../shared/stacked-table.styles.js';
import { themeStyles } from '../shared/theme.js';

export const trainerStyles = [
  unsafeCSS(uplotCss),
  themeStyles,
  stackedTableStyles,
  confusionStyles,
  css`
    .actions { display: flex; gap: 0.5rem; align-items: center; flex-wrap: wrap; }
    progress { width: 12rem; }
    .chart { margin: 0.75rem 0; }
    .chart summary { font-weight: normal; font-size: 0.85em; color: var(--_muted); }
    table { border-collapse: collapse; margin-top: 0.5rem; }
    th, td { padding: 0.2rem 0.6rem; border-bottom: 1px solid var(--_rule); text-align: right; }
    th:first-child, td:first-child { text-align: left; }
    .status { font-weight: 600; }
    .downloads { display: flex; flex-direction: column; gap: 0.2rem; margin-top: 0.4rem; }
    .rate { font-size: 0.85em; color: var(--_muted); }
    details { margin: 0.6rem 0; }
    summary { cursor: pointer; font-weight: 600; }
    .fields { display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); gap: 0.4rem 0.8rem; margin-top: 0.4rem; }
    .fields label { display: flex; flex-direction: column; font-size: 0.85em; }
    .fields input, .fields select { padding: 0.2rem 0.3rem; }
    .hint, .calibration { font-size: 0.85em; color: var(--_muted); }
    .selection { margin: 0.5rem 0; }
    .selection .note { font-size: 0.85em; color: var(--_muted); margin: 0.25rem 0; }
    .selection tr.chosen { font-weight: 600; }
    .results { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; }
    /* Tables wider than a narrow host scroll sideways instead of overflowing the page. */
    .results table { display: block; max-width: 100%; overflow-x: auto; }
    .matrices { display: flex; gap: 1rem; flex-wrap: wrap; }
    .curves { flex-basis: 100%; }
    .figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 18rem), 1fr)); gap: 1rem; }
    .evaluation-chart { margin: 0; min-width: 0; }
    .evaluation-chart figcaption { font-weight: 600; }
    :host { container-type: inline-size; }
    /* Narrow hosts (phones): tighter cells, so that every column of the metrics tables shows. */
    @container (max-width: 30rem) {
      .results { display: block; }
      progress { width: 100%; }
    }
  `,
];
