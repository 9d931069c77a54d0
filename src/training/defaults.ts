import { DEFAULT_ARGUMENTS, type TrainingArguments } from './params.js';

/** Defaults for a dataset, and the name of the profile they come from (recorded in the run). */
export function defaultArgumentsFor(counts: readonly number[]): { profile: string; args: TrainingArguments } {
  void counts;
  return { profile: 'standard', args: DEFAULT_ARGUMENTS };
}
