import { css } from 'lit';
import { explanationStyles } from '../shared/explanation-view.js';
import { themeStyles } from '../shared/theme.js';

export const predictorStyles = [
  themeStyles,
  explanationStyles,
  css`
  textarea { width: 100%; box-sizing: border-box; min-height: 6rem; padding: 0.5rem; }
  .result { margin-top: 0.75rem; }
  .label { font-size: 1.2em; font-weight: 600; }
  .bars { display: grid; grid-template-columns: max-content 1fr 4rem; gap: 0.3rem 0.6rem; align-items: center; margin-top: 0.5rem; }
  .track { background: var(--_chip); border-radius: 4px; height: 0.8rem; overflow: hidden; }
  .fill { background: var(--_accent); height: 100%; }
  .score { text-align: right; font-variant-numeric: tabular-nums; }
`,
];
