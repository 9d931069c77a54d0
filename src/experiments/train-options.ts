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
    throw new ValidationError('train', [{ field: 'options', value: Object.prototype.toString.call(options), reason: 'expected an object such as { datasetId }' }]);
  }
  const { signal, onProgress, ...rest } = options as Record<string, unknown>;
  const problems: Problem[] = [];
  if (signal !== undefined && !(signal instanceof AbortSignal)) problems.push({ field: 'signal', value: Object.prototype.toString.call(signal), reason: 'signal must be an AbortSignal' });
  if (onProgress !== undefined && typeof onProgress !== 'function') problems.push({ field: 'onProgress', value: Object.prototype.toString.call(onProgress), reason: 'onProgress must be a function' });
  for (const [field, value] of Object.entries(rest)) {
    if (value === undefined) continue;
    const reason = plainDataProblem(value, field);
    if (reason) problems.push({ field, value: Object.prototype.toString.call(value), reason });
  }
  if (problems.length) throw new ValidationError('train', problems);
}
