import { ValidationError, type Problem } from '../errors.js';

/** A value as an error message may show it: strings as they are, anything else by its kind (never a conversion that can throw). */
export function kindOf(value: unknown): string {
  return typeof value === 'string' ? value : Object.prototype.toString.call(value);
}

/** `value` as an id (a non-empty string), or a ValidationError naming the call and the field. */
export function requireId(value: unknown, field: string, context: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new ValidationError(context, [{ field, value: kindOf(value), reason: `${field} must be a non-empty string` }]);
  }
  return value;
}

/** `value` as a list of ids, or a ValidationError naming the first entries that are not ids. */
export function requireIds(value: unknown, field: string, context: string): string[] {
  if (!Array.isArray(value)) throw new ValidationError(context, [{ field, value: kindOf(value), reason: `${field} must be an array of ids` }]);
  const bad = Array.from(value, (id, index) => ({ id, index })).filter(({ id }) => typeof id !== 'string' || id === '');
  if (bad.length) throw new ValidationError(context, bad.slice(0, 5).map(({ id, index }) => ({ index, field, value: kindOf(id), reason: 'each id must be a non-empty string' })));
  return value as string[];
}

/** An options argument: undefined becomes `{}`; anything but a plain object is refused. */
export function optionsArgument<T extends object>(value: unknown, field: string, context: string): Partial<T> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError(context, [{ field, value: kindOf(value), reason: `${field} must be an object of options (or left out)` }]);
  }
  return value as Partial<T>;
}

/** `texts` as an array of strings (holes count as missing texts), or a ValidationError naming each bad entry. */
export function checkTexts(texts: unknown, context: string): asserts texts is string[] {
  if (!Array.isArray(texts)) throw new ValidationError(context, [{ field: 'texts', value: kindOf(texts), reason: 'expected an array of strings' }]);
  const bad = Array.from(texts, (text, index) => ({ text, index })).filter(({ text }) => typeof text !== 'string');
  if (bad.length) throw new ValidationError(context, bad.slice(0, 5).map(({ text, index }) => ({ index, field: 'text', value: typeof text === 'symbol' ? 'a symbol' : text, reason: 'text must be a string' })));
}

/** Problems with the `signal` (an AbortSignal) and `onProgress` (a function) of an options object. */
export function callbackProblems(options: { signal?: unknown; onProgress?: unknown }): Problem[] {
  const problems: Problem[] = [];
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) problems.push({ field: 'signal', value: kindOf(options.signal), reason: 'signal must be an AbortSignal' });
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') problems.push({ field: 'onProgress', value: kindOf(options.onProgress), reason: 'onProgress must be a function' });
  return problems;
}
