import { css, unsafeCSS } from 'lit';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import { confusionStyles } from '../shared/confusion-matrix.styles.js';
import { themeStyles } from '../shared/theme.js';

export const runsStyles = [
  unsafeCSS(uplotCss),
  themeStyles,
  confusionStyles,
  css`
    table { border-collapse: collapse; width: 100%; }
    /* Tables wider than a narrow host scroll sideways instead of overflowing the page. */
    .scroll { overflow-x: auto; }
    th, td { padding: 0.25rem 0.5rem; border-bottom: 1px solid var(--_rule); text-align: left; vertical-align: top; }
    tr.deleted { opacity: 0.55; }
    tr.selected { background: color-mix(in srgb, var(--_accent) 10%, transparent); }
    .actions { margin: 0.5rem 0; }
    .row-actions { white-space: nowrap; display: flex; gap: 0.3rem; }
    .row-actions button { padding: 0.15rem 0.6rem; }
    .note { color: var(--_warning); }
    .compare-table tr.differs th { color: var(--_accent); }
    .matrices { display: flex; gap: 1rem; flex-wrap: wrap; margin-top: 0.5rem; }
    :host { container-type: inline-size; }
    /* Narrow hosts (phones): each run is a stacked card, every cell with its column's name, actions in reach. */
    @container (max-width: 40rem) {
      table[part='table'], table[part='table'] tbody, table[part='table'] tr, table[part='table'] td { display: block; }
      table[part='table'] thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
      table[part='table'] tr { display: grid; grid-template-columns: 1fr 1fr; gap: 0 0.5rem; padding: 0.4rem 0; border-bottom: 1px solid var(--_rule); }
      table[part='table'] td { border: none; padding: 0.1rem 0.25rem; }
      table[part='table'] td[data-label]::before { content: attr(data-label) ': '; color: var(--_muted); }
      table[part='table'] td.row-actions { grid-column: 1 / -1; flex-wrap: wrap; }
      .compare-table th, .compare-table td { padding: 0.2rem 0.3rem; font-size: 0.9em; }
    }
  `,
];
