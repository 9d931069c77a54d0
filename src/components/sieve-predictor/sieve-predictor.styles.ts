import { css } from 'lit';
import { themeStyles } from '../shared/theme.js';

export const predictorStyles = [
  themeStyles,
  css`
  textarea { width: 100%; box-sizing: border-box; min-height: 6rem; padding: 0.5rem; }
  .result { margin-top: 0.75rem; }
  .label { font-size: 1.2em; font-weight: 600; }
  .bars { display: grid; grid-template-columns: max-content 1fr 4rem; gap: 0.3rem 0.6rem; align-items: center; margin-top: 0.5rem; }
  .track { background: var(--_chip); border-radius: 4px; height: 0.8rem; overflow: hidden; }
  .fill { background: var(--_accent); height: 100%; }
  .score { text-align: right; font-variant-numeric: tabular-nums; }
  .explanation { margin-top: 0.75rem; }
  .highlighted { white-space: pre-wrap; overflow-wrap: anywhere; line-height: 1.7; }
  mark { color: inherit; border-radius: 3px; padding: 0 1px; }
  mark.toward { background: color-mix(in srgb, var(--_accent) var(--strength), transparent); }
  mark.against { background: color-mix(in srgb, var(--_error) var(--strength), transparent); }
  .reasons { display: flex; flex-wrap: wrap; gap: 0.5rem 2rem; }
  .reasons ul { margin: 0.25rem 0; padding-left: 1.2rem; }
  .weight { color: var(--_muted); font-variant-numeric: tabular-nums; }
`,
];
