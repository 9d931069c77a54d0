import { Readable } from 'node:stream';

/**
 * `bytes` cut at `cuts` (positions), as a pipe delivers it in chunks; or, `reused`, each chunk read
 * into the same buffer, overwritten by the next (as FileChunks reads a file).
 */
export function chunked(bytes: Buffer, cuts: number[], reused = false): AsyncIterable<Buffer> {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks = [0, ...points, bytes.length].slice(1).map((end, i, ends) => bytes.subarray(i ? ends[i - 1] : 0, end)).filter((c) => c.length);
  if (!reused) return Readable.from(chunks);
  const shared = Buffer.alloc(Math.max(1, ...chunks.map((c) => c.length)));
  return (async function* () {
    for (const chunk of chunks) {
      shared.fill(0x7e);
      chunk.copy(shared);
      yield shared.subarray(0, chunk.length);
    }
  })();
}
