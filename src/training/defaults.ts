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
