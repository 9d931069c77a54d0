import { css } from 'lit';
import { explanationStyles } from '../shared/explanation-view.js';
import { themeStyles } from '../shared/theme.js';

export const labelerStyles = [
  themeStyles,
  explanationStyles,
  css`
  :host { container-type: inline-size; }
  .panel { display: grid; grid-template-columns: minmax(12rem, 1fr) 2fr; gap: 1rem; }
  .panel > * { min-width: 0; }
  progress { width: 100%; }
  .list { height: var(--list-height); overflow: auto; border: 1px solid var(--_border); border-radius: 6px; position: relative; }
  .spacer { position: relative; }
  .row { position: absolute; left: 0; right: 0; height: 32px; box-sizing: border-box; padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--_rule); cursor: pointer; display: flex; gap: 0.5rem; align-items: baseline; }
  .row[aria-selected='true'] { background: var(--_selected); }
  .cell { position: absolute; box-sizing: border-box; padding: 4px; display: grid; justify-items: center; align-content: center; gap: 2px; cursor: pointer; border-radius: 6px; }
  .cell[aria-selected='true'] { background: var(--_selected); outline: 2px solid var(--_accent); outline-offset: -2px; }
  .cell .thumb { width: 48px; height: 48px; }
  .cell .chip { max-width: 100%; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .chip.score { background: transparent; font-variant-numeric: tabular-nums; }
  button.suggested { border-color: var(--_accent); border-style: dashed; }
  .suggestion { margin: 0.5rem 0 0; }
  .bulk { font-size: 0.85em; margin-top: 0.75rem; }
  .bulk .confirm { display: block; margin-top: 0.4rem; }
  .filters { display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: center; margin-bottom: 0.5rem; font-size: 0.9em; }
  .filters input[type='search'] { flex: 1; min-width: 10rem; }
  .filters input, .filters select { font: inherit; padding: 0.15rem 0.3rem; }
  .agreement { font-size: 0.85em; color: var(--_muted); margin: 0 0 0.4rem; }
  .storage { font-size: 0.85em; color: var(--_muted); margin-left: 0.5rem; }
  .help { margin-top: 0.5rem; padding: 0.5rem 0.75rem; border: 1px solid var(--_border); border-radius: 6px; }
  .help dl { display: grid; grid-template-columns: auto 1fr; gap: 0.2rem 0.8rem; margin: 0 0 0.5rem; }
  .help dd { margin: 0; }
  .snippet { flex: 1; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .chip { font-size: 0.8em; padding: 0 0.4rem; border-radius: 999px; background: var(--_chip); }
  .chip.none { color: var(--_muted); font-style: italic; }
  .text { white-space: pre-wrap; overflow-wrap: anywhere; max-height: 18rem; overflow: auto; padding: 0.5rem; border: 1px solid var(--_border); border-radius: 6px; }
  .thumb { width: 24px; height: 24px; object-fit: cover; border-radius: 3px; flex: none; }
  .thumb.audio { display: inline-grid; place-items: center; background: var(--_chip); }
  .media { margin: 0 0 0.5rem; display: grid; gap: 0.4rem; }
  .media img { max-width: 100%; max-height: 18rem; object-fit: contain; cursor: zoom-in; border: 1px solid var(--_border); border-radius: 6px; justify-self: start; }
  .media img.zoomed { max-height: none; cursor: zoom-out; }
  .media .clip { width: 100%; height: 28px; border: 1px solid var(--_border); border-radius: 6px; }
  .media .waveform { width: 100%; height: 80px; border: 1px solid var(--_border); border-radius: 6px; }
  .media audio { width: 100%; }
  .labels { display: flex; flex-wrap: wrap; gap: 0.5rem; margin-top: 0.75rem; }
  kbd { font-size: 0.8em; margin-right: 0.25rem; }
  .hint { font-size: 0.85em; }
  /* Narrow hosts (phones): the list above the record, shorter. Last, so that it wins. */
  @container (max-width: 40rem) {
    .panel { grid-template-columns: 1fr; }
    .list { height: min(var(--list-height), 11rem); }
  }
`,
];
