import { html, nothing } from 'lit';
import type { EvalMetrics } from '../../store/schema.js';
import type { Locale } from '../i18n/locale-controller.js';

/** Confusion matrix: rows are true labels, columns predicted ones; the diagonal is highlighted. */
export function confusionTable({ t, f }: Locale, title: string, m: EvalMetrics) {
  const labels = Object.keys(m.perClass);
  const matrix = m.confusionMatrix;
  if (!matrix) return nothing;
  return html`<table part="confusion" class="confusion" aria-label=${t.confusionTable(title)}>
    <caption>${t.confusionCaption(title)}</caption>
    <thead><tr><td></td>${labels.map((l) => html`<th scope="col">${l}</th>`)}</tr></thead>
    <tbody>
      ${matrix.map(
        (row, i) => html`<tr><th scope="row">${labels[i]}</th>${row.map((n, j) => html`<td class=${i === j ? 'hit' : n ? 'miss' : ''}>${f.int(n)}</td>`)}</tr>`,
      )}
    </tbody>
  </table>`;
}
