import { DEFAULT_ARGUMENTS, type TrainingArguments } from './params.js';

/** Below this many examples in its smallest class, a dataset trains with the few-labels defaults. */
export const FEW_LABELS_BELOW = 100;

/** What the few-labels profile changes, and why (measured with `npm run bench -- --sections few`). */
export const FEW_LABELS_ARGUMENTS: Partial<TrainingArguments> = {
  // Small batches give a few dozen examples enough optimizer steps (16 examples → 2 steps per epoch).
  per_device_train_batch_size: 8,
  num_train_epochs: 40,
  // A validation split of one or two examples per class is noise: stopping or picking the "best"
  // epoch on it hurts more than it helps, so training runs its fixed budget.
  early_stopping_patience: 0,
  load_best_model_at_end: false,
};

/**
 * Defaults for a dataset, chosen by how many examples its smallest labeled class has (`counts`,
 * one per output label): `standard` (DEFAULT_ARGUMENTS) or `few-labels` (FEW_LABELS_ARGUMENTS over
 * them). The profile name is recorded in the run's params as `defaults`; arguments a user passes
 * always win.
 */
export function defaultArgumentsFor(counts: readonly number[]): { profile: 'standard' | 'few-labels'; args: TrainingArguments } {
  const present = counts.filter((n) => n > 0);
  const smallest = present.length ? Math.min(...present) : 0;
  return smallest < FEW_LABELS_BELOW
    ? { profile: 'few-labels', args: { ...DEFAULT_ARGUMENTS, ...FEW_LABELS_ARGUMENTS } }
    : { profile: 'standard', args: DEFAULT_ARGUMENTS };
}

/** Most training rows cross-validated selection takes on (its kernels grow with the square of the rows). */
export const SELECTION_MAX_ROWS = 600;

/** Arguments that only the Adam loop reads: a user who sets one asks for that loop. */
const ADAM_ARGUMENTS = [
  'num_train_epochs',
  'max_steps',
  'per_device_train_batch_size',
  'learning_rate',
  'weight_decay',
  'warmup_steps',
  'warmup_ratio',
  'lr_scheduler_type',
  'eval_strategy',
  'eval_steps',
  'early_stopping_patience',
  'load_best_model_at_end',
  'train_ratio',
];

/** How a run trains its head, and why. */
export interface TrainingPlan {
  solver: 'selection' | 'adam';
  reason: string;
}

/**
 * `selection` (cross-validated choice of views and regularization, convex solver; see
 * `selectLinearHead`) for few labels, unless the user turned it off or set an argument only the
 * Adam loop reads; `adam` otherwise.
 */
export function trainingPlan(args: TrainingArguments, given: Record<string, unknown> | undefined, profile: 'standard' | 'few-labels', rows: number): TrainingPlan {
  if (args.model_selection === 'none') return { solver: 'adam', reason: 'model_selection is "none"' };
  const adamArgument = ADAM_ARGUMENTS.find((name) => given && Object.hasOwn(given, name));
  if (adamArgument) return { solver: 'adam', reason: `${adamArgument} was given` };
  if (args.head.type !== 'linear') return { solver: 'adam', reason: 'the head is an MLP' };
  if (profile !== 'few-labels') return { solver: 'adam', reason: `every class has ${FEW_LABELS_BELOW} or more examples` };
  if (rows > SELECTION_MAX_ROWS) return { solver: 'adam', reason: `more than ${SELECTION_MAX_ROWS} training records` };
  return { solver: 'selection', reason: `fewer than ${FEW_LABELS_BELOW} examples in the smallest class` };
}
