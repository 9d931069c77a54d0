import { css } from 'lit';

/**
 * The design tokens every Sieve element shares. A page sets the public `--sieve-*` custom
 * properties (they inherit into the shadow roots); the elements read only the private `--_*`
 * ones defined here, each the page's token or a default for light and one for dark schemes.
 *
 * The scheme follows `prefers-color-scheme` (`--sieve-color-scheme: light dark`, the default);
 * `--sieve-color-scheme: dark` (or `light`) on the page, or `theme="dark"` on one element, forces it.
 * Every default pair keeps text at 4.5:1 or more against its background in both schemes.
 */
export const themeStyles = css`
  :host {
    color-scheme: var(--sieve-color-scheme, light dark); /* Colour scheme: light dark (follow the system), light or dark */
    --_font: var(--sieve-font, 14px/1.45 system-ui, sans-serif); /* Font shorthand */
    --_radius: var(--sieve-radius, 6px); /* Corner radius of controls */
    --_text: var(--sieve-text-color, light-dark(#1d232a, #e6edf3)); /* Text colour */
    --_background: var(--sieve-background, light-dark(#ffffff, #0d1117)); /* Background of the element */
    --_surface: var(--sieve-surface, light-dark(#ffffff, #161b22)); /* Background of buttons, fields and text boxes */
    --_muted: var(--sieve-muted, light-dark(#57606a, #9ea8b3)); /* Secondary text (hints, rates, notes) */
    --_border: var(--sieve-border, light-dark(#d0d7de, #3d444d)); /* Borders of controls and panels */
    --_rule: var(--sieve-rule, light-dark(#e4e8ec, #2a3038)); /* Lines between table rows and list rows */
    --_accent: var(--sieve-accent, light-dark(#2563eb, #6ea8fe)); /* Accent: primary buttons, pressed labels, bars, focus rings */
    --_on-accent: var(--sieve-on-accent, light-dark(#ffffff, #0d1117)); /* Text on the accent colour */
    --_chip: var(--sieve-chip, light-dark(#eef1f4, #262c34)); /* Background of label chips and bar tracks */
    --_selected: var(--sieve-selected, light-dark(#e8f0fe, #1c2d4a)); /* Background of the current record in the list */
    --_error: var(--sieve-error, light-dark(#b42318, #ff938a)); /* Error messages */
    --_warning: var(--sieve-warning, light-dark(#8a5a00, #e3b341)); /* Warnings (run comparison notes) */
    --_series-1: var(--sieve-series-1, light-dark(#2563eb, #6ea8fe)); /* Chart series 1 colour */
    --_series-2: var(--sieve-series-2, light-dark(#c2410c, #fb923c)); /* Chart series 2 colour */
    --_series-3: var(--sieve-series-3, light-dark(#15803d, #4ade80)); /* Chart series 3 colour */
    --_series-4: var(--sieve-series-4, light-dark(#7e22ce, #c084fc)); /* Chart series 4 colour */
    --_series-5: var(--sieve-series-5, light-dark(#b91c1c, #f87171)); /* Chart series 5 colour */
    --_series-6: var(--sieve-series-6, light-dark(#0e7490, #22d3ee)); /* Chart series 6 colour */
    display: block;
    font: var(--_font);
    color: var(--_text);
    background: var(--_background);
  }
  :host([theme='dark']) { color-scheme: dark; }
  :host([theme='light']) { color-scheme: light; }
  :host([hidden]) { display: none; }
  button, input, select, textarea {
    font: inherit;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  button { padding: 0.35rem 0.8rem; cursor: pointer; }
  button.primary, button[aria-pressed='true'] { background: var(--_accent); color: var(--_on-accent); border-color: transparent; }
  button:disabled, button[aria-disabled='true'] { opacity: 0.55; cursor: default; }
  :focus-visible { outline: 2px solid var(--_accent); outline-offset: 1px; }
  progress { accent-color: var(--_accent); }
  .error { color: var(--_error); }
  .hint { color: var(--_muted); }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

/** The chart series colours, in order, as CSS expressions (resolve them with `resolvedColor`). */
export const SERIES_COLOURS = [1, 2, 3, 4, 5, 6].map((i) => `var(--_series-${i})`);

/**
 * A CSS colour expression (`var(--_accent)`, `light-dark(...)`) as the rgb() string it computes to
 * on `element`: canvas charts need plain colours, and the scheme decides which one applies.
 */
export function resolvedColor(element: HTMLElement, expression: string): string {
  const probe = document.createElement('span');
  probe.style.setProperty('color', expression);
  probe.hidden = true;
  element.append(probe);
  const colour = getComputedStyle(probe).color;
  probe.remove();
  return colour;
}
