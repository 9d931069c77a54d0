import { html } from 'lit';
import type { Messages } from '../i18n/en.js';
import type { RecordFilter } from './record-filter.js';

/** The list's filter controls: text search, label, annotator, split and disagreement; `onChange` gets the part that changed. */
export function filterBar({ t }: { t: Messages }, filter: RecordFilter, labels: readonly string[], annotators: readonly string[], onChange: (change: Partial<RecordFilter>) => void) {
  const set = (key: keyof RecordFilter) => (event: Event) => {
    const target = event.target as HTMLInputElement | HTMLSelectElement;
    const value = target instanceof HTMLInputElement && target.type === 'checkbox' ? target.checked || undefined : target.value || undefined;
    onChange({ [key]: value });
  };
  const options = (values: readonly string[], current: string | undefined, all: string, name: (value: string) => string = (v) => v) => html`<option value="" ?selected=${!current}>${all}</option>
    ${values.map((v) => html`<option value=${v} ?selected=${current === v}>${name(v)}</option>`)}`;
  return html`<div class="filters" part="filters" role="search" aria-label=${t.filterRecords}>
    <input type="search" name="search" placeholder=${t.searchText} aria-label=${t.searchText} .value=${filter.search ?? ''} @input=${set('search')} />
    <select name="label" aria-label=${t.label} @change=${set('label')}>${options([...labels, 'unlabeled'], filter.label, t.anyLabel, (v) => (v === 'unlabeled' ? t.unlabeled : v))}</select>
    <select name="annotator" aria-label=${t.annotator} @change=${set('annotator')}>${options(annotators, filter.annotator, t.anyAnnotator)}</select>
    <select name="split" aria-label=${t.split} @change=${set('split')}>${options(['train', 'validation', 'test', 'none'], filter.split, t.anySplit, (v) => t.splitNames[v as keyof Messages['splitNames']])}</select>
    <label><input type="checkbox" name="disagreement" .checked=${filter.disagreement ?? false} @change=${set('disagreement')} /> ${t.disagreements}</label>
  </div>`;
}
