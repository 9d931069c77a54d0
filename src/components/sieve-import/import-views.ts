import { html, nothing } from 'lit';
import type { FilePreview } from '../../data/dataset-files.js';
import type { Problem } from '../../errors.js';
import type { ImportOptions } from '../../store/datasets.js';
import type { Locale } from '../i18n/locale-controller.js';

/** Which file column holds what ('' = none); `label` is the labels column of multi-label datasets. */
export interface ColumnMapping {
  text: string;
  label: string;
  split: string;
  id: string;
}

/** Problems listed before the rest are summarized. */
const PROBLEMS_SHOWN = 50;

/** The mapping a file's column names suggest: the usual names (Hugging Face datasets'), else text in the first column. */
export function guessColumns(columns: readonly string[], multiLabel: boolean): ColumnMapping {
  const find = (...names: string[]) => columns.find((c) => names.includes(c.toLowerCase())) ?? '';
  return {
    text: find('text', 'sentence', 'content', 'body', 'message') || columns[0] || '',
    label: multiLabel ? find('labels', 'label', 'tags') : find('label', 'labels', 'category', 'class', 'topic'),
    split: find('split'),
    id: find('id'),
  };
}

/** The import options for a mapping (a role mapped to no column: null, so a same-named column is not read). */
export function toImportColumns(m: ColumnMapping, multiLabel: boolean): ImportOptions {
  return {
    textColumn: m.text,
    [multiLabel ? 'labelsColumn' : 'labelColumn']: m.label || null,
    splitColumn: m.split || null,
    idColumn: m.id || null,
  };
}

/** The file's first rows, under its column names. */
export function previewTable({ t }: Locale, preview: FilePreview) {
  const cell = (value: unknown) => (value === undefined || value === null ? '' : typeof value === 'string' ? value.slice(0, 200) : JSON.stringify(value).slice(0, 200));
  return html`<div class="scroll"><table part="preview" class="preview" aria-label=${t.previewTable}>
    <thead><tr>${preview.columns.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>
    <tbody>${preview.rows.map((row) => html`<tr>${preview.columns.map((c) => html`<td>${cell(row[c])}</td>`)}</tr>`)}</tbody>
  </table></div>`;
}

/** One select per role, listing the file's columns (text is required; the others may be none). */
export function columnsForm({ t }: Locale, columns: readonly string[], mapping: ColumnMapping, multiLabel: boolean, disabled: boolean, onChange: (change: Partial<ColumnMapping>) => void) {
  const roles: [keyof ColumnMapping, string][] = [
    ['text', t.textColumn],
    ['label', multiLabel ? t.labelsColumn : t.labelColumn],
    ['split', t.splitColumn],
    ['id', t.idColumn],
  ];
  return html`<fieldset part="columns" class="columns">
    <legend>${t.columnsLegend}</legend>
    ${roles.map(
      ([role, name]) => html`<label>${name}
        <select name=${`column-${role}`} ?disabled=${disabled} @change=${(e: Event) => onChange({ [role]: (e.target as HTMLSelectElement).value })}>
          ${role === 'text' ? nothing : html`<option value="" ?selected=${mapping[role] === ''}>${t.noColumn}</option>`}
          ${columns.map((c) => html`<option value=${c} ?selected=${mapping[role] === c}>${c}</option>`)}
        </select>
      </label>`,
    )}
  </fieldset>`;
}

/** The rows with problems: row number, field, value and reason (the first 50, then a count). */
export function problemsTable({ t, f }: Locale, problems: readonly Problem[]) {
  const shown = problems.slice(0, PROBLEMS_SHOWN);
  return html`<div class="scroll"><table part="problems" class="problems stack" aria-label=${t.problemsTable}>
      <thead><tr><th scope="col">${t.row}</th><th scope="col">${t.field}</th><th scope="col">${t.value}</th><th scope="col">${t.problem}</th></tr></thead>
      <tbody>
        ${shown.map(
          (p) => html`<tr><th scope="row">${p.row === undefined ? '' : f.int(p.row)}</th><td data-label=${t.field}>${p.field ?? ''}</td><td data-label=${t.value}>${p.value === undefined ? '' : JSON.stringify(p.value)?.slice(0, 80)}</td><td data-label=${t.problem}>${p.reason}</td></tr>`,
        )}
      </tbody>
    </table></div>
    ${problems.length > shown.length ? html`<p class="hint">${t.moreProblems(f.int(problems.length - shown.length))}</p>` : nothing}`;
}
