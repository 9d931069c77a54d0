import { html } from 'lit';
import type { Messages } from '../i18n/en.js';

/** The labeler's keyboard shortcuts, as the help dialog lists them (`does`: the key of its description). */
export const SHORTCUTS = [
  { keys: '1-9', does: 'shortcutLabel' },
  { keys: 'Enter', does: 'shortcutAccept' },
  { keys: 'Space', does: 'shortcutSpace' },
  { keys: 'Backspace', does: 'shortcutUndo' },
  { keys: 'ArrowUp ArrowDown', does: 'shortcutMove' },
  { keys: 'ArrowLeft ArrowRight', does: 'shortcutMoveAcross' },
  { keys: 'Z', does: 'shortcutZoom' },
  { keys: 'P', does: 'shortcutPlay' },
  { keys: '?', does: 'shortcutHelp' },
] as const satisfies readonly { keys: string; does: keyof Messages }[];

/** What a key press asks of the labeler. */
export type Shortcut =
  | { kind: 'label'; index: number }
  | { kind: 'accept' }
  | { kind: 'undo' }
  | { kind: 'move'; by: 1 | -1; vertical: boolean }
  | { kind: 'zoom' }
  | { kind: 'play' }
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
      return { kind: 'move', by: 1, vertical: event.key === 'ArrowDown' };
    case 'ArrowUp':
    case 'ArrowLeft':
      return { kind: 'move', by: -1, vertical: event.key === 'ArrowUp' };
    case 'z':
    case 'Z':
      return { kind: 'zoom' };
    case 'p':
    case 'P':
      return { kind: 'play' };
    case '?':
      return { kind: 'help' };
    case 'Escape':
      return { kind: 'close-help' };
  }
  return undefined;
}

/** The shortcuts dialog (not modal: focus stays on the labeling panel). */
export function shortcutsHelp(t: Messages, close: () => void) {
  return html`<div class="help" role="dialog" aria-label=${t.shortcutsTitle}>
    <dl>${SHORTCUTS.map((s) => html`<dt><kbd>${s.keys}</kbd></dt><dd>${t[s.does]}</dd>`)}</dl>
    <button @click=${close}>${t.shortcutsClose}</button>
  </div>`;
}
