const LF = 0x0a;
const CR = 0x0d;

/**
 * The next line break in `bytes` from `from`, as text readers and CSV parsers see them: a line feed,
 * a carriage return and line feed, or a carriage return alone (files saved on old Macs, "CSV
 * (Macintosh)" from Excel). Gives where the break starts and where the next line starts, or
 * undefined when no break follows. A carriage return at the very end counts as a break on its own.
 * For UTF-8 and the single-byte encodings, whose line breaks are these bytes.
 */
export function nextLineBreak(bytes: Uint8Array, from: number): { at: number; next: number } | undefined {
  const lf = bytes.indexOf(LF, from);
  const cr = bytes.indexOf(CR, from);
  if (cr >= 0 && (lf < 0 || cr < lf)) return { at: cr, next: bytes[cr + 1] === LF ? cr + 2 : cr + 1 };
  return lf >= 0 ? { at: lf, next: lf + 1 } : undefined;
}

/**
 * Counts the line breaks (see `nextLineBreak`) of bytes given piece by piece, such as a file's
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
    for (let found = nextLineBreak(piece, from); found; found = nextLineBreak(piece, found.next)) {
      if (piece[found.at] === CR && found.at === piece.length - 1) {
        this.waitingReturn = true;
        break;
      }
      this.count(found.next);
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
