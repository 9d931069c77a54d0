import { css, html, nothing } from 'lit';
import type { Explanation } from '../../inference/explain.js';
import type { Locale } from '../i18n/locale-controller.js';
import { styleProperties } from './style-properties.js';

/** Words listed in each direction under the highlighted text. */
const LISTED = 5;

/**
 * The text with each token highlighted by its contribution (the accent colour toward the label,
 * the error colour against it; stronger for larger weights), and the strongest words each way as
 * a list: the text alternative of the colours. The text is rendered as text, never as HTML.
 */
export function explanationView({ t, f }: Locale, text: string, e: Explanation) {
  // Word n-grams overlap their tokens: the highlight shows the tokens (the shortest entry at each place).
  const ordered = [...e.contributions].sort((a, b) => a.start - b.start || a.end - b.end);
  const singles: typeof ordered = [];
  for (const c of ordered) if (!singles.length || c.start >= singles[singles.length - 1].end) singles.push(c);
  const largest = Math.max(1e-9, ...singles.map((c) => Math.abs(c.weight)));
  const pieces = [];
  let at = 0;
  for (const c of singles) {
    if (c.start > at) pieces.push(text.slice(at, c.start));
    const strength = Math.min(1, Math.abs(c.weight) / largest);
    pieces.push(
      strength < 0.05
        ? text.slice(c.start, c.end)
        : html`<mark class=${c.weight > 0 ? 'toward' : 'against'} ${styleProperties({ '--strength': `${Math.round(strength * 60)}%` })}>${text.slice(c.start, c.end)}</mark>`,
    );
    at = c.end;
  }
  if (at < text.length) pieces.push(text.slice(at));
  const ranked = [...e.contributions].sort((a, b) => b.weight - a.weight);
  const list = (items: typeof ranked) => html`<ul>${items.map((c) => html`<li>${c.text} <span class="weight">(${c.weight > 0 ? '+' : ''}${f.num(c.weight, 2)})</span></li>`)}</ul>`;
  const toward = ranked.filter((c) => c.weight > 0).slice(0, LISTED);
  const against = ranked.filter((c) => c.weight < 0).reverse().slice(0, LISTED);
  return html`<details class="explanation" part="explanation" open>
    <summary>${t.whyLabel(e.label)}</summary>
    <p class="hint">${t.explainedBy(e.method)}</p>
    <p class="highlighted" aria-hidden="true">${pieces}</p>
    <div class="reasons">
      ${toward.length ? html`<div><strong>${t.towardLabel(e.label)}</strong>${list(toward)}</div>` : nothing}
      ${against.length ? html`<div><strong>${t.againstLabel(e.label)}</strong>${list(against)}</div>` : nothing}
    </div>
  </details>`;
}

/** Styles of `explanationView`. */
export const explanationStyles = css`
  .explanation { margin-top: 0.75rem; }
  .highlighted { white-space: pre-wrap; overflow-wrap: anywhere; line-height: 1.7; }
  mark { color: inherit; border-radius: 3px; padding: 0 1px; }
  mark.toward { background: color-mix(in srgb, var(--_accent) var(--strength), transparent); }
  mark.against { background: color-mix(in srgb, var(--_error) var(--strength), transparent); }
  .reasons { display: flex; flex-wrap: wrap; gap: 0.5rem 2rem; }
  .reasons ul { margin: 0.25rem 0; padding-left: 1.2rem; }
  .weight { color: var(--_muted); font-variant-numeric: tabular-nums; }
`;
