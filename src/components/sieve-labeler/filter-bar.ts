import { html } from 'lit';
import type { RecordFilter } from './record-filter.js';

/** The list's filter controls: text search, label, annotator, split and disagreement; `onChange` gets the part that changed. */
export function filterBar(filter: RecordFilter, labels: readonly string[], annotators: readonly string[], onChange: (change: Partial<RecordFilter>) => void) {
  const set = (key: keyof RecordFilter) => (event: Event) => {
    const target = event.target as HTMLInputElement | HTMLSelectElement;
    const value = target instanceof HTMLInputElement && target.type === 'checkbox' ? target.checked || undefined : target.value || undefined;
    onChange({ [key]: value });
  };
  const options = (values: readonly string[], current: string | undefined, all: string) => html`<option value="" ?selected=${!current}>${all}</option>
    ${values.map((v) => html`<option value=${v} ?selected=${current === v}>${v}</option>`)}`;
  return html`<div class="filters" part="filters" role="search" aria-label="Filter the records">
    <input type="search" name="search" placeholder="Search text" aria-label="Search text" .value=${filter.search ?? ''} @input=${set('search')} />
    <select name="label" aria-label="Label" @change=${set('label')}>${options([...labels, 'unlabeled'], filter.label, 'any label')}</select>
    <select name="annotator" aria-label="Annotator" @change=${set('annotator')}>${options(annotators, filter.annotator, 'any annotator')}</select>
    <select name="split" aria-label="Split" @change=${set('split')}>${options(['train', 'validation', 'test', 'none'], filter.split, 'any split')}</select>
    <label><input type="checkbox" name="disagreement" .checked=${filter.disagreement ?? false} @change=${set('disagreement')} /> disagreements</label>
  </div>`;
}
