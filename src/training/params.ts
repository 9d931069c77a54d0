import { ValidationError, type Problem } from '../errors.js';

/** Learning-rate schedules (Hugging Face `lr_scheduler_type` names). */
export const LR_SCHEDULERS = ['linear', 'cosine', 'constant', 'constant_with_warmup'] as const;

/**
 * Training arguments, named after Hugging Face `TrainingArguments` where the concept exists
 * (`weak_neg_rate` and `throwaway_classes` after perch-analyzer).
 */
export interface TrainingArguments {
  /** Most passes over the training split (early stopping may end sooner). */
  num_train_epochs: number;
  /** When positive: the number of optimizer steps, overriding `num_train_epochs`; -1: off. */
  max_steps: number;
  /** Examples per optimizer step. */
  per_device_train_batch_size: number;
  /** Peak Adam learning rate. */
  learning_rate: number;
  /** L2 penalty on kernels and the n-gram table (not on biases). */
  weight_decay: number;
  /** Steps of linear warm-up from 0 to `learning_rate`; when positive it overrides `warmup_ratio`. */
  warmup_steps: number;
  /** Share of all steps used for warm-up. */
  warmup_ratio: number;
  /** Learning rate after warm-up: `linear` decays to 0, `cosine` follows a half cosine to 0, `constant` ignores warm-up, `constant_with_warmup` keeps it. */
  lr_scheduler_type: (typeof LR_SCHEDULERS)[number];
  /** Evaluate on the validation split after every epoch, or every `eval_steps` steps. */
  eval_strategy: 'epoch' | 'steps';
  /** Steps between evaluations when `eval_strategy` is `steps`. */
  eval_steps: number;
  /** Evaluations without validation-loss improvement before training stops; 0 turns early stopping off. */
  early_stopping_patience: number;
  /** Restore the weights of the best evaluation at the end. */
  load_best_model_at_end: boolean;
  /** Seed of the split, the shuffling, dropout and the initial weights. */
  seed: number;
  /** Share of the labeled non-test records used for training; the rest is the validation split. */
  train_ratio: number;
  /** `balanced` weighs each class by the inverse of its frequency; `none` weighs all examples alike. */
  class_weighting: 'balanced' | 'none';
  /** Multi-label: loss weight of a class not labeled on a record (a weak negative); labeled classes weigh 1. */
  weak_neg_rate: number;
  /** Labels left out of training and of the model's outputs. */
  throwaway_classes: string[];
  /** `temperature`: fit a softmax/sigmoid temperature on the validation split so scores are calibrated probabilities. */
  calibration: 'temperature' | 'none';
  /** Head shape. */
  head: { type: 'linear' | 'mlp'; hidden_units: number; dropout: number };
  /**
   * `auto`: with few labels (see `trainingPlan`), choose the feature views and the regularization
   * by cross-validation and solve the linear head to its optimum; `none`: always train with Adam.
   */
  model_selection: 'auto' | 'none';
}

/** The defaults: chosen on SpamAssassin with the default backbone (see bench/). */
export const DEFAULT_ARGUMENTS: TrainingArguments = {
  num_train_epochs: 30,
  max_steps: -1,
  per_device_train_batch_size: 64,
  learning_rate: 0.05,
  weight_decay: 0,
  warmup_steps: 0,
  warmup_ratio: 0,
  lr_scheduler_type: 'linear',
  eval_strategy: 'epoch',
  eval_steps: 50,
  early_stopping_patience: 3,
  load_best_model_at_end: true,
  seed: 42,
  train_ratio: 0.9,
  class_weighting: 'balanced',
  weak_neg_rate: 0.05,
  throwaway_classes: [],
  calibration: 'temperature',
  head: { type: 'linear', hidden_units: 64, dropout: 0.1 },
  model_selection: 'auto',
};

type Check = (value: unknown) => string | undefined;

const integer = (min: number, max: number): Check => (v) =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? undefined : `an integer from ${min} to ${max}`;
const number = (min: number, max: number, openMin = false): Check => (v) =>
  typeof v === 'number' && Number.isFinite(v) && (openMin ? v > min : v >= min) && v <= max
    ? undefined
    : `a number ${openMin ? 'above' : 'from'} ${min} ${openMin ? 'and at most' : 'to'} ${max}`;
const oneOf = (...options: readonly unknown[]): Check => (v) =>
  options.includes(v) ? undefined : `one of ${options.map((o) => JSON.stringify(o)).join(', ')}`;
const stepsOrOff: Check = (v) => (v === -1 || (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 10_000_000) ? undefined : '-1 (off) or an integer from 1 to 10000000');
const stringList: Check = (v) => (Array.isArray(v) && v.every((s) => typeof s === 'string') ? undefined : 'an array of label names');

const CHECKS: Record<Exclude<keyof TrainingArguments, 'head'>, Check> = {
  num_train_epochs: integer(1, 10_000),
  max_steps: stepsOrOff,
  per_device_train_batch_size: integer(1, 65_536),
  learning_rate: number(0, 10, true),
  weight_decay: number(0, 1),
  warmup_steps: integer(0, 10_000_000),
  warmup_ratio: number(0, 1),
  lr_scheduler_type: oneOf(...LR_SCHEDULERS),
  eval_strategy: oneOf('epoch', 'steps'),
  eval_steps: integer(1, 10_000_000),
  early_stopping_patience: integer(0, 10_000),
  load_best_model_at_end: oneOf(true, false),
  seed: integer(0, 2 ** 31 - 1),
  train_ratio: number(0, 1, true),
  class_weighting: oneOf('balanced', 'none'),
  weak_neg_rate: number(0, 1),
  throwaway_classes: stringList,
  calibration: oneOf('temperature', 'none'),
  model_selection: oneOf('auto', 'none'),
};

const HEAD_CHECKS: Record<keyof TrainingArguments['head'], Check> = {
  type: oneOf('linear', 'mlp'),
  hidden_units: integer(1, 4096),
  dropout: (v) => (typeof v === 'number' && v >= 0 && v < 1 ? undefined : 'a number from 0 up to (not including) 1'),
};

/** Names of every accepted training argument. */
export const ARGUMENT_NAMES = [...Object.keys(CHECKS), 'head'] as (keyof TrainingArguments)[];

/**
 * Merges user arguments over `defaults`, refusing unknown names and out-of-range values; every
 * problem is named in one ValidationError. `labels`, when given, is the dataset's label set, which
 * `throwaway_classes` must come from (and must leave two labels of).
 */
export function resolveArguments(params: unknown, defaults: TrainingArguments = DEFAULT_ARGUMENTS, labels?: readonly string[]): TrainingArguments {
  if (params !== undefined && (typeof params !== 'object' || params === null || Array.isArray(params))) {
    throw new ValidationError('training arguments', [{ field: 'params', value: params, reason: 'params must be an object' }]);
  }
  const given = (params ?? {}) as Record<string, unknown>;
  const problems: Problem[] = [];
  const out = { ...defaults, head: { ...defaults.head } } as TrainingArguments & Record<string, unknown>;
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
      problems.push({ field: name, value, reason: `unknown training argument (accepted: ${ARGUMENT_NAMES.join(', ')})` });
      continue;
    }
    const expected = check(value);
    if (expected) problems.push({ field: name, value, reason: `must be ${expected}` });
    else out[name] = value;
  }
  if (labels && Array.isArray(out.throwaway_classes)) {
    for (const label of out.throwaway_classes) {
      if (!labels.includes(label)) {
        problems.push({ field: 'throwaway_classes', value: label, reason: `not a label of the dataset (labels: ${labels.join(', ')})` });
      }
    }
    if (labels.filter((l) => !out.throwaway_classes.includes(l)).length < 2) {
      problems.push({ field: 'throwaway_classes', value: out.throwaway_classes, reason: 'must leave at least two labels to train' });
    }
  }
  if (problems.length) throw new ValidationError('training arguments', problems);
  return out;
}
