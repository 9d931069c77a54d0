import { html } from 'lit';
import { DEFAULT_ARGUMENTS, LR_SCHEDULERS } from '../../training/params.js';
import type { Messages } from '../i18n/en.js';

/** One tunable argument: where it lives in the params and how it is edited (its label and help text are in the locale's `argumentFields`). */
interface Field {
  path: keyof Messages['argumentFields'];
  kind: 'int' | 'float' | 'select';
  options?: readonly string[];
  step?: number;
}

/** The arguments a user would tune, in the order the form shows them. */
const FIELDS: Field[] = [
  { path: 'model_selection', kind: 'select', options: ['auto', 'none'] },
  { path: 'num_train_epochs', kind: 'int' },
  { path: 'per_device_train_batch_size', kind: 'int' },
  { path: 'learning_rate', kind: 'float', step: 0.001 },
  { path: 'lr_scheduler_type', kind: 'select', options: LR_SCHEDULERS },
  { path: 'warmup_ratio', kind: 'float', step: 0.01 },
  { path: 'weight_decay', kind: 'float', step: 0.0001 },
  { path: 'early_stopping_patience', kind: 'int' },
  { path: 'train_ratio', kind: 'float', step: 0.05 },
  { path: 'class_weighting', kind: 'select', options: ['balanced', 'none'] },
  { path: 'calibration', kind: 'select', options: ['temperature', 'none'] },
  { path: 'head.type', kind: 'select', options: ['linear', 'mlp'] },
  { path: 'head.hidden_units', kind: 'int' },
  { path: 'head.dropout', kind: 'float', step: 0.05 },
  { path: 'seed', kind: 'int' },
];

function get(params: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], params);
}

/** `params` with `path` set to `value`, or removed when `value` is undefined (nested head options included). */
export function withArgument(params: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const [first, second] = path.split('.');
  if (!second) {
    const { [first]: _old, ...rest } = params;
    return value === undefined ? rest : { ...rest, [first]: value };
  }
  const nested = withArgument((params[first] as Record<string, unknown>) ?? {}, second, value);
  const { [first]: _old, ...rest } = params;
  return Object.keys(nested).length ? { ...rest, [first]: nested } : rest;
}

/**
 * The training-arguments form: one input per tunable argument, blank meaning "the default" (shown
 * as the placeholder; batch size, epochs and patience then follow the data, see the few-labels
 * defaults; setting an Adam argument turns few-labels model selection off). Calls `onEdit` with the argument's path and new value (undefined: back to the
 * default) on every edit; `withArgument` applies it.
 */
export function argumentsForm({ t }: { t: Messages }, params: Record<string, unknown>, disabled: boolean, onEdit: (path: string, value: unknown) => void) {
  const defaults = DEFAULT_ARGUMENTS as unknown as Record<string, unknown>;
  const edit = (field: Field) => (event: Event) => {
    const raw = (event.target as HTMLInputElement | HTMLSelectElement).value;
    const value = raw === '' ? undefined : field.kind === 'select' ? raw : Number(raw);
    onEdit(field.path, value);
  };
  return html`<details part="arguments">
    <summary>${t.trainingArguments}</summary>
    <div class="fields">
      ${FIELDS.map((field) => {
        const value = get(params, field.path);
        const placeholder = String(get(defaults, field.path));
        const id = `arg-${field.path.replace('.', '-')}`;
        const [label, help] = t.argumentFields[field.path];
        return html`<label for=${id} title=${help}>
          <span>${label}</span>
          ${field.kind === 'select'
            ? html`<select id=${id} name=${field.path} ?disabled=${disabled} @change=${edit(field)}>
                <option value="" ?selected=${value === undefined}>${t.argumentDefault(placeholder)}</option>
                ${field.options!.map((o) => html`<option value=${o} ?selected=${value === o}>${o}</option>`)}
              </select>`
            : html`<input
                id=${id}
                name=${field.path}
                type="number"
                inputmode=${field.kind === 'int' ? 'numeric' : 'decimal'}
                step=${field.kind === 'int' ? 1 : (field.step ?? 'any')}
                placeholder=${placeholder}
                .value=${value === undefined ? '' : String(value)}
                ?disabled=${disabled}
                @change=${edit(field)}
              />`}
        </label>`;
      })}
    </div>
    <p class="hint">${t.argumentsHint}</p>
  </details>`;
}
