import type { TrainingArguments } from './params.js';

/** Steps of the whole run and of its warm-up. */
export interface StepPlan {
  totalSteps: number;
  warmupSteps: number;
  stepsPerEpoch: number;
  epochs: number;
}

/** How many steps a run takes: `max_steps` when set, else epochs × batches per epoch. */
export function planSteps(args: TrainingArguments, trainCount: number): StepPlan {
  const batch = Math.min(args.per_device_train_batch_size, trainCount);
  const stepsPerEpoch = Math.ceil(trainCount / batch);
  const totalSteps = args.max_steps > 0 ? args.max_steps : args.num_train_epochs * stepsPerEpoch;
  const epochs = Math.ceil(totalSteps / stepsPerEpoch);
  const warmupSteps = args.warmup_steps > 0 ? args.warmup_steps : Math.ceil(args.warmup_ratio * totalSteps);
  return { totalSteps, warmupSteps, stepsPerEpoch, epochs };
}

/**
 * Learning rate of step `step` (1-based), as Hugging Face's schedulers give it: linear warm-up
 * from 0, then linear or cosine decay to 0 at the last step, or constant.
 */
export function learningRateAt(step: number, plan: StepPlan, args: Pick<TrainingArguments, 'learning_rate' | 'lr_scheduler_type'>): number {
  const base = args.learning_rate;
  if (args.lr_scheduler_type === 'constant') return base;
  const warmup = plan.warmupSteps;
  const done = step - 1;
  if (done < warmup) return (base * (done + 1)) / (warmup + 1);
  if (args.lr_scheduler_type === 'constant_with_warmup') return base;
  const progress = Math.min(1, (done - warmup) / Math.max(1, plan.totalSteps - warmup));
  return args.lr_scheduler_type === 'cosine' ? base * 0.5 * (1 + Math.cos(Math.PI * progress)) : base * (1 - progress);
}
