import { css, unsafeCSS } from 'lit';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import { stackedTableStyles } from '../shared/stacked-table.styles.js';
import { themeStyles } from '../shared/theme.js';

export const scoresStyles = [
  unsafeCSS(uplotCss),
  themeStyles,
  stackedTableStyles,
  css`
    :host { container-type: inline-size; }
    .range { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: end; margin: 0.5rem 0; }
    .range label { display: flex; flex-direction: column; font-size: 0.9em; }
    .range input { width: 6rem; padding: 0.2rem 0.3rem; }
    figure { margin: 0.5rem 0; }
    table { border-collapse: collapse; }
    th, td { padding: 0.15rem 0.5rem; border-bottom: 1px solid var(--_rule); text-align: right; }
    th[scope='row'] { text-align: left; }
    tr.selected { background: var(--_selected); }
    summary { cursor: pointer; }
  `,
];
