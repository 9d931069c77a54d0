import { html, nothing } from 'lit';
import { styleProperties } from '../shared/style-properties.js';
import type { Prediction } from '../../inference/classifier.js';
import type { TextRecord } from '../../store/schema.js';
import type { Locale } from '../i18n/locale-controller.js';
import type { Explanation } from '../../inference/explain.js';
import { explanationView } from '../shared/explanation-view.js';
import { mediaName, recordMedia, rowMedia } from './media-views.js';

/** Height of one list row, in pixels (the list is virtual: rows are placed by position). */
export const ROW_HEIGHT = 32;
/** Rows in view. */
export const VISIBLE_ROWS = 14;
const OVERSCAN = 6;

/** Side of one cell of the image grid, in pixels. */
export const CELL_SIZE = 76;

/** Scrolls the list (or grid of `columns`) just enough that the item at `position` shows; returns the new scroll offset. */
export function scrollToRow(list: HTMLElement, position: number, columns = 0): number {
  const height = columns ? CELL_SIZE : ROW_HEIGHT;
  const top = Math.floor(position / Math.max(1, columns)) * height;
  if (top < list.scrollTop) list.scrollTop = top;
  else if (top + height > list.scrollTop + list.clientHeight) list.scrollTop = top + height - list.clientHeight;
  return list.scrollTop;
}

/**
 * `scrollTop` as the browser will clamp it once a list (or grid) of `height` pixels is drawn: a
 * list that just got shorter (a filter) is still scrolled as far as the longer one was until its
 * scroll event comes, and would draw nothing but the current row for that frame.
 */
const clampedScroll = (scrollTop: number, height: number): number => Math.min(scrollTop, Math.max(0, height - VISIBLE_ROWS * ROW_HEIGHT));

/** The element id of the list row at `position` (the listbox's active descendant). */
export const rowId = (position: number): string => `row-${position}`;

/**
 * The rows of the virtual list in view (and a few around them), and always the current one (the
 * listbox's active descendant must exist): `view` holds positions into `records`; `scores` adds a
 * score chip (review and queue modes).
 */
export function virtualRows({ t, f }: Locale, records: readonly TextRecord[], view: readonly number[], current: number, scrollTop: number, scores: ReadonlyMap<string, number>, select: (position: number) => void) {
  const first = Math.max(0, Math.floor(clampedScroll(scrollTop, view.length * ROW_HEIGHT) / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(view.length, first + VISIBLE_ROWS + 2 * OVERSCAN);
  const positions = Array.from({ length: Math.max(0, last - first) }, (_, i) => first + i);
  if (current < view.length && (current < first || current >= last)) positions.push(current);
  const rows = positions.map((position) => {
    const r = records[view[position]];
    const label = r.label ?? r.labels?.join(', ');
    const score = scores.get(r.id);
    return html`<div role="option" class="row" id=${rowId(position)} aria-selected=${position === current ? 'true' : 'false'} ${styleProperties({ top: `${position * ROW_HEIGHT}px` })} @click=${() => select(position)}>
      ${rowMedia(r)}<span class="snippet">${r.text !== undefined && !r.image && !r.audio ? r.text.slice(0, 120) : mediaName({ t, f }, r).slice(0, 120)}</span>
      ${score !== undefined ? html`<span class="chip score">${f.num(score, 2)}</span>` : nothing}
      ${label ? html`<span class="chip">${label}</span>` : html`<span class="chip none">${t.unlabeled}</span>`}
    </div>`;
  });
  return html`<div class="spacer" ${styleProperties({ height: `${view.length * ROW_HEIGHT}px` })}>${rows}</div>`;
}

/**
 * The image grid in view (and a row of cells around it), and always the current cell: thumbnails
 * in `columns` columns, each with its label (or a score chip in review and queue modes).
 */
export function virtualGrid({ t, f }: Locale, records: readonly TextRecord[], view: readonly number[], current: number, scrollTop: number, columns: number, scores: ReadonlyMap<string, number>, select: (position: number) => void) {
  const rows = Math.ceil(view.length / columns);
  const firstRow = Math.max(0, Math.floor(clampedScroll(scrollTop, rows * CELL_SIZE) / CELL_SIZE) - 1);
  const lastRow = Math.min(rows, firstRow + Math.ceil((VISIBLE_ROWS * ROW_HEIGHT) / CELL_SIZE) + 2);
  const positions = Array.from({ length: Math.max(0, Math.min(view.length, lastRow * columns) - firstRow * columns) }, (_, i) => firstRow * columns + i);
  if (current < view.length && !positions.includes(current)) positions.push(current);
  const cells = positions.map((position) => {
    const r = records[view[position]];
    const label = r.label ?? r.labels?.join(', ');
    const score = scores.get(r.id);
    const place = { top: `${Math.floor(position / columns) * CELL_SIZE}px`, left: `${(position % columns) * CELL_SIZE}px`, width: `${CELL_SIZE}px`, height: `${CELL_SIZE}px` };
    return html`<div role="option" class="cell" id=${rowId(position)} aria-selected=${position === current ? 'true' : 'false'} aria-label=${`${mediaName({ t, f }, r)}: ${label ?? t.unlabeled}`} ${styleProperties(place)} @click=${() => select(position)}>
      ${rowMedia(r)}
      <span class="chip ${label ? '' : 'none'}">${score !== undefined ? f.num(score, 2) : (label ?? t.unlabeled)}</span>
    </div>`;
  });
  return html`<div class="spacer" ${styleProperties({ height: `${rows * CELL_SIZE}px` })}>${cells}</div>`;
}

/** What the current-record view shows and does. */
export interface RecordViewOptions {
  record: TextRecord;
  labels: readonly string[];
  multiLabel: boolean;
  /** Multi-label: the labels toggled so far. */
  pending: ReadonlySet<string>;
  suggestion?: Prediction;
  /** Why the model suggests its label, when the user asked. */
  why?: Explanation;
  /** Whether the record's image is shown at full size. */
  zoomed: boolean;
  onZoom: () => void;
  onWhy: () => void;
  shown: number;
  onLabel: (label: string) => void;
  onAccept: () => void;
  /** The label proposed for all shown records, waiting for confirmation. */
  bulkProposal?: string;
  onBulkChoose: (label: string) => void;
  onBulkConfirm: () => void;
  onBulkCancel: () => void;
}

/**
 * The current record: its text (inert), the model's suggestion, label buttons, and bulk labeling
 * of the shown records (choosing a label only proposes it; nothing is written before the user confirms).
 */
export function recordView(locale: Locale, o: RecordViewOptions) {
  const { t, f } = locale;
  const chosen = (label: string) => (o.multiLabel ? o.pending.has(label) : o.record.label === label);
  const s = o.suggestion;
  return html`
    ${recordMedia(locale, o.record, o.zoomed, o.onZoom)}
    ${o.record.text !== undefined ? html`<div class="text" part="record" tabindex="0" role="region" aria-label=${t.recordText}>${o.record.text}</div>` : nothing}
    ${s
      ? html`<p class="suggestion" part="suggestion">${t.suggestion} <strong>${s.labels?.join(', ') ?? s.label}</strong> ${t.suggestionScore(f.pct(s.score))}
          <button class="why" aria-expanded=${o.why ? 'true' : 'false'} @click=${o.onWhy}>${t.why}</button></p>`
      : nothing}
    ${s && o.why && o.record.text !== undefined ? explanationView(locale, o.record.text, o.why) : nothing}
    <div class="labels" role="toolbar" aria-label=${t.labelsToolbar}>
      ${o.labels.map(
        (label, i) => html`<button part="label-button" class=${!chosen(label) && s?.label === label ? 'suggested' : ''} aria-pressed=${chosen(label) ? 'true' : 'false'}
          @click=${() => o.onLabel(label)}><kbd>${i + 1}</kbd>${label}</button>`,
      )}
      ${o.multiLabel ? html`<button class="accept" @click=${o.onAccept}><kbd>Enter</kbd>${t.accept}</button>` : nothing}
    </div>
    <p class="bulk">
      <label>${t.bulkLabelAll(f.int(o.shown))}
        <select aria-label=${t.bulkSelect} .value=${o.bulkProposal ?? ''} @change=${(e: Event) => o.onBulkChoose((e.target as HTMLSelectElement).value)}>
          <option value="">…</option>${o.labels.map((l) => html`<option value=${l}>${l}</option>`)}
        </select></label>
      ${o.bulkProposal
        ? html`<span class="confirm" role="group" aria-label=${t.bulkConfirmGroup}>
            ${t.bulkQuestion(f.int(o.shown), o.bulkProposal)}
            <button class="primary" @click=${o.onBulkConfirm}>${t.bulkConfirm(f.int(o.shown))}</button>
            <button @click=${o.onBulkCancel}>${t.cancel}</button>
          </span>`
        : nothing}
    </p>`;
}
