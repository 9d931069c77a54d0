/**
 * The first line of `bytes` (numbered from 1, ended by the byte 0x0A as in UTF-8 and the
 * single-byte encodings) that `encoding` cannot read, with its bytes; undefined when each line
 * reads alone.
 */
export function undecodableLine(bytes: Uint8Array, encoding: string): { line: number; bytes: Uint8Array } | undefined {
  const strict = new TextDecoder(encoding, { fatal: true });
  for (let start = 0, line = 1; start <= bytes.length; line++) {
    const end = bytes.indexOf(0x0a, start);
    const stop = end < 0 ? bytes.length : end;
    try {
      strict.decode(bytes.subarray(start, stop));
    } catch {
      return { line, bytes: bytes.subarray(start, stop) };
    }
    if (end < 0) return undefined;
    start = end + 1;
  }
  return undefined;
}
