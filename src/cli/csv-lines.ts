import { editorLineEnd } from '../util/line-breaks.js';

/**
 * The line breaks in `text` (a string, or UTF-8 bytes) from `from` up to `to`, as an editor counts
 * them: \n (also in \r\n), or \r in a file of \r endings (`newline`).
 */
export function lineBreaks(text: { indexOf(search: string, from: number): number; length: number }, newline: string | undefined, from = 0, to = text.length): number {
  const lineEnd = editorLineEnd(newline);
  let breaks = 0;
  for (let at = text.indexOf(lineEnd, from); at >= 0 && at < to; at = text.indexOf(lineEnd, at + 1)) breaks++;
  return breaks;
}

/**
 * The line on which each CSV row of `text` starts, as an editor numbers lines, from the character
 * offset (papaparse's `meta.cursor`) where the parser ended each row: blank lines it skipped and
 * line breaks inside quoted fields counted, so that a problem names the line a person finds in the
 * file. Keeps only the text not yet passed.
 */
export class CsvLines {
  /** Offset of `text[0]` in the whole text, and the line it is on. */
  private offset = 0;
  private line = 1;

  constructor(
    private text: string,
    private readonly newline: string | undefined,
  ) {}

  /** The line where the row ending at `cursor` (after its line break, if any) starts; `values` its fields, whose own line breaks are inside the row. */
  rowStart(cursor: number, values: readonly unknown[]): number {
    let end = cursor - this.offset;
    if (this.newline && this.text.startsWith(this.newline, end - this.newline.length)) end -= this.newline.length;
    const lastLine = this.line + lineBreaks(this.text, this.newline, 0, end);
    let inside = 0;
    for (const value of values) if (typeof value === 'string') inside += lineBreaks(value, this.newline);
    // Everything up to the row's end is passed: the next row starts after it.
    const consumed = cursor - this.offset;
    this.line = lastLine + lineBreaks(this.text, this.newline, end, consumed);
    this.text = this.text.slice(consumed);
    this.offset = cursor;
    return lastLine - inside;
  }
}
