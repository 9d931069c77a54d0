import { nextLineBreak } from './line-breaks.js';

/**
 * Where each line of `bytes` from `from` ends: the next line break (`nextLineBreak`), or with a
 * `newline` given, as an editor counts a file of those line endings: at each \n (also in \r\n),
 * or at each \r in a file of \r endings.
 */
function lineEnd(bytes: Uint8Array, from: number, newline?: string): { at: number; next: number } | undefined {
  if (newline === undefined) return nextLineBreak(bytes, from);
  const at = bytes.indexOf(newline === '\r' ? 0x0d : 0x0a, from);
  return at < 0 ? undefined : { at, next: at + 1 };
}

/**
 * The first line of `bytes` (numbered from 1, ended by a line feed, a carriage return and line
 * feed, or a carriage return alone, or as a file of `newline` endings: see `lineEnd`) that
 * `encoding` cannot read, with its bytes; undefined when each line reads alone. For UTF-8 and the
 * single-byte encodings, whose line breaks are those bytes.
 */
export function undecodableLine(bytes: Uint8Array, encoding: string, newline?: string): { line: number; bytes: Uint8Array } | undefined {
  const strict = new TextDecoder(encoding, { fatal: true });
  for (let start = 0, line = 1; start <= bytes.length; line++) {
    const found = lineEnd(bytes, start, newline);
    const stop = found ? found.at : bytes.length;
    try {
      strict.decode(bytes.subarray(start, stop));
    } catch {
      return { line, bytes: bytes.subarray(start, stop) };
    }
    if (!found) return undefined;
    start = found.next;
  }
  return undefined;
}

/** The line of `bytes` (see `undecodableLine`) with the first bytes `encoding` cannot read: the last line when none fails alone (a character cut by the end). */
export function lineOfUndecodable(bytes: Uint8Array, encoding: string, newline?: string): number {
  const found = undecodableLine(bytes, encoding, newline);
  if (found) return found.line;
  let lines = 1;
  for (let end = lineEnd(bytes, 0, newline); end; end = lineEnd(bytes, end.next, newline)) lines++;
  return lines;
}
