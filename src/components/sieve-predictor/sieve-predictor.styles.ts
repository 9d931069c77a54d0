import { css } from 'lit';

export const predictorStyles = css`
  :host { display: block; font: var(--sieve-font, 14px/1.45 system-ui, sans-serif); color: var(--sieve-text-color, #1d232a); }
  textarea { width: 100%; box-sizing: border-box; min-height: 6rem; font: inherit; padding: 0.5rem; border-radius: 6px; border: 1px solid var(--sieve-border, #d0d7de); }
  .result { margin-top: 0.75rem; }
  .label { font-size: 1.2em; font-weight: 600; }
  .bars { display: grid; grid-template-columns: max-content 1fr 4rem; gap: 0.3rem 0.6rem; align-items: center; margin-top: 0.5rem; }
  .track { background: var(--sieve-chip, #eef1f4); border-radius: 4px; height: 0.8rem; overflow: hidden; }
  .fill { background: var(--sieve-accent, #2563eb); height: 100%; }
  .score { text-align: right; font-variant-numeric: tabular-nums; }
  .error { color: var(--sieve-error, #b42318); }
  .hint { opacity: 0.75; }
`;
