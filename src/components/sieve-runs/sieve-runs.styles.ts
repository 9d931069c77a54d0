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
  `,
];
