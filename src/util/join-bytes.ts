/**
 * The byte arrays one after another in a new array of its own (its whole buffer its own, so that it
 * can be moved to another thread: `Buffer.concat` may hand out a slice of a pool that other
 * buffers share).
 */
export function joinBytes(parts: readonly Uint8Array[]): Uint8Array {
  const joined = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  return joined;
}
