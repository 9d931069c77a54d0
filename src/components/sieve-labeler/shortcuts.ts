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

/** What a key press asks of the labeler. */
export type Shortcut =
  | { kind: 'label'; index: number }
  | { kind: 'accept' }
  | { kind: 'undo' }
  | { kind: 'move'; by: 1 | -1 }
  | { kind: 'help' }
  | { kind: 'close-help' };

/**
 * The shortcut a key press on the labeling panel stands for, or undefined. A focused control's own
 * keys win: fields (select, input, textarea, editable text) keep every key; buttons, links and
 * summaries keep Enter and Space, so Enter on a label button presses that button.
 */
export function shortcutOf(event: KeyboardEvent, labelCount: number): Shortcut | undefined {
  const target = event.target as HTMLElement;
  if (target.closest('select, input, textarea, [contenteditable]')) return undefined;
  if ((event.key === 'Enter' || event.key === ' ') && target.closest('button, a[href], summary')) return undefined;
  const n = Number(event.key);
  if (Number.isInteger(n) && n >= 1 && n <= labelCount) return { kind: 'label', index: n - 1 };
  switch (event.key) {
    case 'Enter':
    case ' ':
      return { kind: 'accept' };
    case 'Backspace':
      return { kind: 'undo' };
    case 'ArrowDown':
    case 'ArrowRight':
      return { kind: 'move', by: 1 };
    case 'ArrowUp':
    case 'ArrowLeft':
      return { kind: 'move', by: -1 };
    case '?':
      return { kind: 'help' };
    case 'Escape':
      return { kind: 'close-help' };
  }
  return undefined;
}

/** The shortcuts dialog (not modal: focus stays on the labeling panel). */
export function shortcutsHelp(close: () => void) {
  return html`<div class="help" role="dialog" aria-label="Keyboard shortcuts">
    <dl>${SHORTCUTS.map((s) => html`<dt><kbd>${s.keys}</kbd></dt><dd>${s.does}</dd>`)}</dl>
    <button @click=${close}>Close (Esc)</button>
  </div>`;
}
