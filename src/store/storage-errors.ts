import { storageError } from '../errors.js';

/**
 * `target` with every method's IndexedDB failures (DOMExceptions: quota, a database closed or
 * deleted by another tab, a value it cannot store) turned into StorageErrors that name the call
 * and say what to do, the browser's error kept as `cause`. Other errors pass unchanged.
 */
export function withStorageErrors<T extends object>(target: T, name: string): T {
  // A cancelled call's AbortError is the caller's own doing, not a storage failure: it passes through.
  const typed = (error: unknown, method: string) => (error instanceof DOMException && error.name !== 'AbortError' ? storageError(error, `${name}.${method}`) : error);
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string' || property === 'constructor') return value;
      return (...args: unknown[]) => {
        try {
          const result = value.apply(object, args);
          return result instanceof Promise ? result.catch((error) => Promise.reject(typed(error, property))) : result;
        } catch (error) {
          throw typed(error, property);
        }
      };
    },
  });
}
