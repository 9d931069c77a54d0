import { css } from 'lit';

/** Styles of `confusionTable`. */
export const confusionStyles = css`
  .confusion caption { font-size: 0.85em; text-align: left; }
  .confusion td.hit { background: color-mix(in srgb, var(--_accent) 18%, transparent); font-weight: 600; }
  .confusion td.miss { background: color-mix(in srgb, var(--_error) 14%, transparent); }
`;
