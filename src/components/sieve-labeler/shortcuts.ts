import { html } from 'lit';

/** The labeler's keyboard shortcuts, as the help dialog lists them. */
export const SHORTCUTS = [
  { keys: '1-9', does: 'pick a label (multi-label: toggle it)' },
  { keys: 'Enter', does: "accept the toggled labels, or the model's suggestion" },
  { keys: 'Space', does: "accept the model's suggestion" },
  { keys: 'Backspace', does: 'undo the last answer' },
  { keys: 'ArrowUp ArrowDown', does: 'previous / next record' },
  { keys: '?', does: 'show or hide this help' },
] as const;

/** The shortcuts dialog (not modal: focus stays on the labeling panel). */
export function shortcutsHelp(close: () => void) {
  return html`<div class="help" role="dialog" aria-label="Keyboard shortcuts">
    <dl>${SHORTCUTS.map((s) => html`<dt><kbd>${s.keys}</kbd></dt><dd>${s.does}</dd>`)}</dl>
    <button @click=${close}>Close (Esc)</button>
  </div>`;
}
