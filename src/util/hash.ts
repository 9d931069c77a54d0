/** 32-bit FNV-1a hash of a string's UTF-16 code units. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The storage `tokenHashes` hands out, reused from call to call. */
let hashesOut = new Int32Array(4096);

/**
 * The FNV-1a hashes of `tokens`, as `fnv1a` gives them but stored as signed 32-bit integers (the
 * same bits: every user masks or mixes them); valid until the next call (a view of storage reused
 * from text to text). Always an Int32Array: in an array of numbers, hashes of 2^31 and more are
 * doubles, so such arrays switch storage from text to text and the optimised n-gram code was
 * thrown away again and again.
 */
export function tokenHashes(tokens: readonly string[]): Int32Array {
  if (hashesOut.length < tokens.length) hashesOut = new Int32Array(tokens.length * 2);
  const hashes = hashesOut.subarray(0, tokens.length);
  for (let t = 0; t < tokens.length; t++) hashes[t] = fnv1a(tokens[t]);
  return hashes;
}

/** Murmur3's finalizer: spreads the bits of a 32-bit integer. */
export function mix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hex SHA-256 of a string or of bytes (Web Crypto). */
export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
