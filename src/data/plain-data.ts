/** How deep metadata may nest. */
export const MAX_METADATA_DEPTH = 32;
/** How large one record's metadata may be, as JSON. */
export const MAX_METADATA_BYTES = 1 << 20;

/**
 * Why `value` is not plain data that survives IndexedDB and a JSON/CSV export unchanged (strings,
 * finite numbers, booleans, null, dense arrays and plain objects, at most MAX_METADATA_DEPTH deep
 * and MAX_METADATA_BYTES as JSON), naming the offending path; undefined when it is.
 */
export function plainDataProblem(value: unknown, path: string): string | undefined {
  const problem = walk(value, path, 0, new Set());
  if (problem) return problem;
  const bytes = new TextEncoder().encode(JSON.stringify(value)).length;
  return bytes > MAX_METADATA_BYTES ? `${path} takes ${bytes} bytes as JSON; at most ${MAX_METADATA_BYTES} are kept per record` : undefined;
}

function walk(value: unknown, path: string, depth: number, open: Set<object>): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${path} is ${value}; only finite numbers survive an export`;
  if (typeof value !== 'object') return `${path} is a ${typeof value}; metadata holds strings, numbers, booleans, null, arrays and plain objects`;
  if (depth >= MAX_METADATA_DEPTH) return `${path} nests deeper than ${MAX_METADATA_DEPTH} levels`;
  if (open.has(value)) return `${path} refers back to an object that contains it (a cycle)`;
  const proto = Object.getPrototypeOf(value);
  const isArray = Array.isArray(value);
  if (!isArray && proto !== Object.prototype && proto !== null) {
    return `${path} is a ${(value as object).constructor?.name ?? 'non-plain object'}; metadata holds plain objects only`;
  }
  open.add(value);
  try {
    if (isArray) {
      for (let i = 0; i < value.length; i++) {
        if (!(i in value)) return `${path}[${i}] is a hole in the array`;
        const problem = walk(value[i], `${path}[${i}]`, depth + 1, open);
        if (problem) return problem;
      }
      return undefined;
    }
    if (Object.getOwnPropertySymbols(value).length) return `${path} has symbol keys`;
    for (const [key, item] of Object.entries(value)) {
      const problem = walk(item, `${path}.${key}`, depth + 1, open);
      if (problem) return problem;
    }
    return undefined;
  } finally {
    open.delete(value);
  }
}
