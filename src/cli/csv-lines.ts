/**
 * The file's line on which each CSV row starts, as an editor numbers lines, from the text papaparse
 * was given and the character offset (`meta.cursor`) where it ended each row: blank lines it
 * skipped and line breaks inside quoted fields counted, so that a problem names the line a person
 * finds in the file. Keeps only the text not yet passed.
 */
export class CsvLines {
  private text = '';
  /** Offset of `text[0]` in the whole text, and the line it is on. */
  private offset = 0;
  private line = 1;
  /** The character that ends a line: \n (also in \r\n), or \r in a file of \r endings. */
  private readonly lineEnd: string;

  constructor(private readonly newline: string | undefined) {
    this.lineEnd = newline === '\r' ? '\r' : '\n';
  }

  /** Text given to the parser, in order. */
  add(chunk: string): void {
    this.text += chunk;
  }

  /** The line where the row ending at `cursor` (after its line break, if any) starts; `values` its fields, whose own line breaks are inside the row. */
  rowStart(cursor: number, values: readonly unknown[]): number {
    let end = cursor - this.offset;
    if (this.newline && this.text.startsWith(this.newline, end - this.newline.length)) end -= this.newline.length;
    let breaks = 0;
    for (let at = this.text.indexOf(this.lineEnd); at >= 0 && at < end; at = this.text.indexOf(this.lineEnd, at + 1)) breaks++;
    const lastLine = this.line + breaks;
    let inside = 0;
    for (const value of values) if (typeof value === 'string') for (let at = value.indexOf(this.lineEnd); at >= 0; at = value.indexOf(this.lineEnd, at + 1)) inside++;
    // Everything up to the row's end is passed: the next row starts after it.
    const consumed = cursor - this.offset;
    for (let at = this.text.indexOf(this.lineEnd, end); at >= 0 && at < consumed; at = this.text.indexOf(this.lineEnd, at + 1)) breaks++;
    this.text = this.text.slice(consumed);
    this.offset = cursor;
    this.line += breaks;
    return lastLine - inside;
  }
}
