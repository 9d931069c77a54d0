import { callbackProblems, kindOf } from '../data/arguments.js';
import { plainDataProblem } from '../data/plain-data.js';
import { ValidationError, type Problem } from '../errors.js';
import type { TrainOptions } from './train-run.js';

/**
 * Checks the shape of `ws.train`'s options before anything runs (their values are checked by the
 * run itself): an object; `signal` an AbortSignal; `onProgress` a function; everything else plain
 * data, since it is stored with the run and, in pages, sent to the training worker.
 */
export function checkTrainOptions(options: unknown): asserts options is TrainOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ValidationError('train', [{ field: 'options', value: kindOf(options), reason: 'expected an object such as { datasetId }' }]);
  }
  const { signal: _signal, onProgress: _onProgress, ...rest } = options as Record<string, unknown>;
  const problems: Problem[] = callbackProblems(options);
  for (const [field, value] of Object.entries(rest)) {
    if (value === undefined) continue;
    const reason = plainDataProblem(value, field);
    if (reason) problems.push({ field, value: kindOf(value), reason });
  }
  if (problems.length) throw new ValidationError('train', problems);
}
