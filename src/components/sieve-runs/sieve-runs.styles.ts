import { css, unsafeCSS } from 'lit';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import { confusionStyles } from '../shared/confusion-matrix.styles.js';

export const runsStyles = [
  unsafeCSS(uplotCss),
  confusionStyles,
  css`
    :host { display: block; font: var(--sieve-font, 14px/1.45 system-ui, sans-serif); color: var(--sieve-text-color, #1d232a); }
    table { border-collapse: collapse; width: 100%; }
    /* Tables wider than a narrow host scroll sideways instead of overflowing the page. */
    .scroll { overflow-x: auto; }
    th, td { padding: 0.25rem 0.5rem; border-bottom: 1px solid var(--sieve-border, #eef1f4); text-align: left; vertical-align: top; }
    tr.deleted { opacity: 0.55; }
    tr.selected { background: color-mix(in srgb, var(--sieve-accent, #2563eb) 10%, transparent); }
    button { font: inherit; padding: 0.15rem 0.6rem; border-radius: 6px; border: 1px solid var(--sieve-border, #d0d7de); background: #fff; cursor: pointer; }
    button:disabled { opacity: 0.5; cursor: default; }
    button[aria-pressed='true'] { background: var(--sieve-accent, #2563eb); color: #fff; border-color: transparent; }
    .actions { margin: 0.5rem 0; }
    .row-actions { white-space: nowrap; display: flex; gap: 0.3rem; }
    .note { color: var(--sieve-warning, #9a6700); }
    .error { color: var(--sieve-error, #b42318); }
    .hint { color: var(--sieve-muted, #57606a); }
    .compare-table tr.differs th { color: var(--sieve-accent, #2563eb); }
    .matrices { display: flex; gap: 1rem; flex-wrap: wrap; margin-top: 0.5rem; }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  `,
];
