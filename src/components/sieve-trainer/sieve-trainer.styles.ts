import { css, unsafeCSS } from 'lit';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import { confusionStyles } from '../shared/confusion-matrix.styles.js';

export const trainerStyles = [
  unsafeCSS(uplotCss),
  confusionStyles,
  css`
    :host { display: block; font: var(--sieve-font, 14px/1.45 system-ui, sans-serif); color: var(--sieve-text-color, #1d232a); }
    .actions { display: flex; gap: 0.5rem; align-items: center; flex-wrap: wrap; }
    button { font: inherit; padding: 0.35rem 0.9rem; border-radius: 6px; border: 1px solid var(--sieve-border, #d0d7de); background: #fff; cursor: pointer; }
    button.primary { background: var(--sieve-accent, #2563eb); color: #fff; border-color: transparent; }
    button:disabled { opacity: 0.5; cursor: default; }
    progress { width: 12rem; accent-color: var(--sieve-accent, #2563eb); }
    .chart { margin: 0.75rem 0; min-height: 1px; }
    table { border-collapse: collapse; margin-top: 0.5rem; }
    th, td { padding: 0.2rem 0.6rem; border-bottom: 1px solid var(--sieve-border, #eef1f4); text-align: right; }
    th:first-child, td:first-child { text-align: left; }
    .error { color: var(--sieve-error, #b42318); }
    .status { font-weight: 600; }
    .downloads { display: flex; flex-direction: column; gap: 0.2rem; margin-top: 0.4rem; }
    .rate { font-size: 0.85em; color: var(--sieve-muted, #57606a); }
    details { margin: 0.6rem 0; }
    summary { cursor: pointer; font-weight: 600; }
    .fields { display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); gap: 0.4rem 0.8rem; margin-top: 0.4rem; }
    .fields label { display: flex; flex-direction: column; font-size: 0.85em; }
    .fields input, .fields select { font: inherit; padding: 0.2rem 0.3rem; border: 1px solid var(--sieve-border, #d0d7de); border-radius: 4px; }
    .hint, .calibration { font-size: 0.85em; color: var(--sieve-muted, #57606a); }
    .selection { margin: 0.5rem 0; }
    .selection .note { font-size: 0.85em; color: var(--sieve-muted, #57606a); margin: 0.25rem 0; }
    .selection tr.chosen { font-weight: 600; }
    .results { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; }
    /* Tables wider than a narrow host scroll sideways instead of overflowing the page. */
    .results table { display: block; max-width: 100%; overflow-x: auto; }
    .matrices { display: flex; gap: 1rem; flex-wrap: wrap; }

  `,
];
