import { editorLineEnd, lineBreaksOf, type LineBreak } from './line-breaks.js';

/**
 * The line ends of `bytes`, in order: its line breaks (`lineBreaksOf`), or with a `newline` given,
 * as an editor counts a file of those line endings: at each \n (also in \r\n), or at each \r in a
 * file of \r endings.
 */
function* lineEnds(bytes: Uint8Array, newline?: string): Generator<LineBreak> {
  if (newline === undefined) return yield* lineBreaksOf(bytes);
  const end = editorLineEnd(newline).charCodeAt(0);
  for (let at = bytes.indexOf(end); at >= 0; at = bytes.indexOf(end, at + 1)) yield { at, next: at + 1 };
}

/**
 * The first line of `bytes` (numbered from 1, ended by a line feed, a carriage return and line
 * feed, or a carriage return alone, or as in a file of `newline` endings: see `lineEnds`) that
 * `encoding` cannot read, with its bytes; undefined when each line reads alone. For UTF-8 and the
 * single-byte encodings, whose line breaks are those bytes.
 */
export function undecodableLine(bytes: Uint8Array, encoding: string, newline?: string): { line: number; bytes: Uint8Array } | undefined {
  const strict = new TextDecoder(encoding, { fatal: true });
  let line = 1;
  let start = 0;
  const fails = (stop: number) => {
    try {
      strict.decode(bytes.subarray(start, stop));
      return false;
    } catch {
      return true;
    }
  };
  for (const { at, next } of lineEnds(bytes, newline)) {
    if (fails(at)) return { line, bytes: bytes.subarray(start, at) };
    line++;
    start = next;
  }
  return fails(bytes.length) ? { line, bytes: bytes.subarray(start) } : undefined;
}

/** The line of `bytes` (see `undecodableLine`) with the first bytes `encoding` cannot read: the last line when none fails alone (a character cut by the end). */
export function lineOfUndecodable(bytes: Uint8Array, encoding: string, newline?: string): number {
  const found = undecodableLine(bytes, encoding, newline);
  if (found) return found.line;
  let lines = 1;
  for (const _ of lineEnds(bytes, newline)) lines++;
  return lines;
}
