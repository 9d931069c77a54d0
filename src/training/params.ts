import { ValidationError, type Problem } from '../errors.js';

/** Training arguments, named after Hugging Face `TrainingArguments` where the concept exists. */
export interface TrainingArguments {
  /** Most passes over the training split (early stopping may end sooner). */
  num_train_epochs: number;
  /** Examples per optimizer step. */
  per_device_train_batch_size: number;
  /** Adam learning rate. */
  learning_rate: number;
  /** L2 penalty on kernels and the n-gram table. */
  weight_decay: number;
  /** Epochs without validation-loss improvement before training stops; 0 turns early stopping off. */
  early_stopping_patience: number;
  /** Restore the weights of the best validation epoch at the end. */
  load_best_model_at_end: boolean;
  /** Seed of the split, the shuffling and the initial weights. */
  seed: number;
  /** Share of the labeled non-test records used for training; the rest is the validation split. */
  train_ratio: number;
  /** `balanced` weighs each class by the inverse of its frequency; `none` weighs all examples alike. */
  class_weighting: 'balanced' | 'none';
  /** Head shape. */
  head: { type: 'linear' | 'mlp'; hidden_units: number; dropout: number };
}

/** The defaults: chosen on SpamAssassin with the default backbone (see bench/), no tuning needed. */
export const DEFAULT_ARGUMENTS: TrainingArguments = {
  num_train_epochs: 30,
  per_device_train_batch_size: 64,
  learning_rate: 0.05,
  weight_decay: 0,
  early_stopping_patience: 3,
  load_best_model_at_end: true,
  seed: 42,
  train_ratio: 0.9,
  class_weighting: 'balanced',
  head: { type: 'linear', hidden_units: 64, dropout: 0.1 },
};

type Check = (value: unknown) => string | undefined;

const integer = (min: number, max: number): Check => (v) =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? undefined : `an integer from ${min} to ${max}`;
const number = (min: number, max: number, openMin = false): Check => (v) =>
  typeof v === 'number' && Number.isFinite(v) && (openMin ? v > min : v >= min) && v <= max
    ? undefined
    : `a number ${openMin ? 'above' : 'from'} ${min} ${openMin ? 'and at most' : 'to'} ${max}`;
const oneOf = (...options: unknown[]): Check => (v) => (options.includes(v) ? undefined : `one of ${options.map((o) => JSON.stringify(o)).join(', ')}`);

const CHECKS: Record<Exclude<keyof TrainingArguments, 'head'>, Check> = {
  num_train_epochs: integer(1, 10_000),
  per_device_train_batch_size: integer(1, 65_536),
  learning_rate: number(0, 10, true),
  weight_decay: number(0, 1),
  early_stopping_patience: integer(0, 10_000),
  load_best_model_at_end: oneOf(true, false),
  seed: integer(0, 2 ** 31 - 1),
  train_ratio: number(0, 1, true),
  class_weighting: oneOf('balanced', 'none'),
};

const HEAD_CHECKS: Record<keyof TrainingArguments['head'], Check> = {
  type: oneOf('linear', 'mlp'),
  hidden_units: integer(1, 4096),
  dropout: (v) => (typeof v === 'number' && v >= 0 && v < 1 ? undefined : 'a number from 0 up to (not including) 1'),
};

/** Merges user arguments over the defaults, refusing unknown names and out-of-range values. */
export function resolveArguments(params: unknown): TrainingArguments {
  if (params !== undefined && (typeof params !== 'object' || params === null || Array.isArray(params))) {
    throw new ValidationError('training arguments', [{ field: 'params', value: params, reason: 'params must be an object' }]);
  }
  const given = (params ?? {}) as Record<string, unknown>;
  const problems: Problem[] = [];
  const out = { ...DEFAULT_ARGUMENTS, head: { ...DEFAULT_ARGUMENTS.head } } as TrainingArguments & Record<string, unknown>;
  for (const [name, value] of Object.entries(given)) {
    if (name === 'head') {
      if (typeof value !== 'object' || value === null) {
        problems.push({ field: 'head', value, reason: 'head must be an object like { type: "linear" }' });
        continue;
      }
      for (const [key, v] of Object.entries(value)) {
        const check = HEAD_CHECKS[key as keyof TrainingArguments['head']] as Check | undefined;
        const expected = check ? check(v) : `unknown head option (accepted: ${Object.keys(HEAD_CHECKS).join(', ')})`;
        if (expected) problems.push({ field: `head.${key}`, value: v, reason: check ? `must be ${expected}` : expected });
        else (out.head as Record<string, unknown>)[key] = v;
      }
      continue;
    }
    const check = CHECKS[name as keyof typeof CHECKS] as Check | undefined;
    if (!check) {
      problems.push({ field: name, value, reason: `unknown training argument (accepted: ${[...Object.keys(CHECKS), 'head'].join(', ')})` });
      continue;
    }
    const expected = check(value);
    if (expected) problems.push({ field: name, value, reason: `must be ${expected}` });
    else out[name] = value;
  }
  if (problems.length) throw new ValidationError('training arguments', problems);
  return out;
}
