/** Least time between two progress reports, in milliseconds. */
const REPORT_EVERY_MS = 100;

/**
 * A progress callback that passes on at most one report every 100 ms, and always the ones marked
 * `last` (the end of a phase). Without a callback, a function that does nothing.
 */
export function throttled<T>(callback: ((progress: T) => void) | undefined): (progress: T, last?: boolean) => void {
  if (!callback) return () => undefined;
  let previous = -Infinity;
  return (progress, last = false) => {
    const now = performance.now();
    if (!last && now - previous < REPORT_EVERY_MS) return;
    previous = now;
    callback(progress);
  };
}
