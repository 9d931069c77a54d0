const LF = 0x0a;
const CR = 0x0d;

/** The character that ends each line of a file of `newline` endings, as an editor counts lines: \r in a file of \r endings, else \n (also ending \r\n). */
export function editorLineEnd(newline: string | undefined): '\r' | '\n' {
  return newline === '\r' ? '\r' : '\n';
}

/** A line break in bytes: where it starts, and where the line after it starts. */
export interface LineBreak {
  at: number;
  next: number;
}

/**
 * The line breaks of `bytes` from `from` on, in order, as text readers and CSV parsers see them: a
 * line feed, a carriage return and line feed, or a carriage return alone (files saved on old Macs,
 * "CSV (Macintosh)" from Excel). A carriage return at the very end counts as a break on its own.
 * Each byte is searched once. For UTF-8 and the single-byte encodings, whose line breaks are these
 * bytes.
 */
export function* lineBreaksOf(bytes: Uint8Array, from = 0): Generator<LineBreak> {
  let lf = bytes.indexOf(LF, from);
  let cr = bytes.indexOf(CR, from);
  while (lf >= 0 || cr >= 0) {
    if (cr >= 0 && (lf < 0 || cr < lf)) {
      const next = bytes[cr + 1] === LF ? cr + 2 : cr + 1;
      yield { at: cr, next };
      cr = bytes.indexOf(CR, next);
      if (lf >= 0 && lf < next) lf = bytes.indexOf(LF, next);
    } else {
      yield { at: lf, next: lf + 1 };
      lf = bytes.indexOf(LF, lf + 1);
    }
  }
}

/**
 * Counts the line breaks (see `lineBreaksOf`) of bytes given piece by piece, such as a file's
 * chunks: a carriage return that ends one piece waits for the next to say whether a line feed
 * follows it (one break either way, never two). `start` is where, in the stream, the line after
 * the last break counted begins; a carriage return still waiting belongs to that line.
 */
export class LineBreakCounter {
  /** Line breaks before `start`. */
  breaks = 0;
  /** Offset in the stream of the first byte after the last break counted. */
  start = 0;
  private offset = 0;
  private waitingReturn = false;

  /** Counts the breaks in the next piece of the stream. */
  add(piece: Uint8Array): void {
    let from = 0;
    if (this.waitingReturn && piece.length) {
      this.waitingReturn = false;
      from = piece[0] === LF ? 1 : 0;
      this.count(from);
    }
    for (const { at, next } of lineBreaksOf(piece, from)) {
      if (piece[at] === CR && at === piece.length - 1) {
        this.waitingReturn = true;
        break;
      }
      this.count(next);
    }
    this.offset += piece.length;
  }

  /** The stream has ended: a carriage return still waiting is a break. */
  end(): void {
    if (this.waitingReturn) this.count(0);
    this.waitingReturn = false;
  }

  private count(nextInPiece: number): void {
    this.breaks++;
    this.start = this.offset + nextInPiece;
  }
}
