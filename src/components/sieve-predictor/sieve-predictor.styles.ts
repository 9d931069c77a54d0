import { css } from 'lit';
import { explanationStyles } from '../shared/explanation-view.js';
import { themeStyles } from '../shared/theme.js';

export const predictorStyles = [
  themeStyles,
  explanationStyles,
  css`
  textarea { width: 100%; box-sizing: border-box; min-height: 6rem; padding: 0.5rem; }
  .result { margin-top: 0.75rem; }
  .drop { border: 2px dashed var(--_border); border-radius: 8px; padding: 1.5rem; text-align: center; cursor: pointer; }
  .drop:focus-visible, .drop:hover { border-color: var(--_accent); }
  .capture { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
  .camera { max-width: 100%; max-height: 14rem; border-radius: 6px; }
  img.preview { max-width: 100%; max-height: 14rem; border-radius: 6px; display: block; }
  audio.preview { width: 100%; }
  .label { font-size: 1.2em; font-weight: 600; }
  .bars { display: grid; grid-template-columns: max-content 1fr 4rem; gap: 0.3rem 0.6rem; align-items: center; margin-top: 0.5rem; }
  .track { background: var(--_chip); border-radius: 4px; height: 0.8rem; overflow: hidden; }
  .fill { background: var(--_accent); height: 100%; }
  .score { text-align: right; font-variant-numeric: tabular-nums; }
`,
];
