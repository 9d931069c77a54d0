const QUOTE = 0x22;
const utf8 = new TextDecoder();

/** A CSV file's delimiter and line ending, as bytes of its UTF-8 text. */
export interface CsvBytes {
  /** The delimiter: one ASCII character (those papaparse guesses among, or its default comma). */
  delimiter: number;
  /** The line ending: \n, \r or \r\n. */
  newline: string;
}

/**
 * Where the CSV row that starts at `start` of `bytes` (UTF-8 text) ends, as papaparse (5.x, quote
 * and escape `"`) reads that text: the offset just past the row's line break. Or -1 when the bytes
 * so far cannot tell: the row runs past their end, or how it ends turns on what comes next (a
 * closing quote, or a line break, that they cut off). Only finds where rows end, so that the main
 * thread can cut a CSV into batches of whole rows with native byte searches, and the workers
 * parse each batch with papaparse itself, as the whole file would be parsed.
 *
 * Papaparse's rules, followed here step by step (tested against it on malformed text too):
 * - a field that starts with a quote is quoted: it ends at a quote that is followed (after white
 *   space, by `String.trim`'s measure) by the delimiter or the line break; `""` is a quote inside
 *   it; a quote followed by anything else is part of the field (its InvalidQuotes), and the
 *   search goes on, across line breaks;
 * - any other field ends at the next delimiter, or the row at the next line break, whichever
 *   comes first: a quote inside such a field is an ordinary character.
 *
 * The bytes searched for are ASCII, which no other character's UTF-8 bytes contain.
 */
export function csvRowEnd(bytes: Buffer, start: number, { delimiter, newline }: CsvBytes): number {
  const length = bytes.length;
  const newlineLength = newline.length;
  const newlineByte = newline.charCodeAt(0);
  const newlineAt = (at: number) => (newlineLength === 1 ? bytes.indexOf(newlineByte, at) : bytes.indexOf(newline, at, 'latin1'));
  let cursor = start;
  for (;;) {
    if (bytes[cursor] !== QUOTE) {
      const nextDelimiter = bytes.indexOf(delimiter, cursor);
      const nextNewline = newlineAt(cursor);
      if (nextDelimiter >= 0 && (nextDelimiter < nextNewline || nextNewline < 0)) {
        cursor = nextDelimiter + 1;
        continue;
      }
      return nextNewline < 0 ? -1 : nextNewline + newlineLength;
    }
    let quote = cursor;
    for (;;) {
      quote = bytes.indexOf(QUOTE, quote + 1);
      // No closing quote yet, or one the bytes end with (which closes the field only at the file's end).
      if (quote < 0 || quote === length - 1) return -1;
      if (bytes[quote + 1] === QUOTE) {
        quote++;
        continue;
      }
      const nextDelimiter = bytes.indexOf(delimiter, quote + 1);
      const nextNewline = newlineAt(quote + 1);
      if (nextDelimiter < 0 && nextNewline < 0) return -1;
      // Papaparse measures the white space before the delimiter up to the nearer of the two (and
      // to none where no delimiter follows at all); here as there.
      const toDelimiter = quote + 1 + spacesUpTo(bytes, quote + 1, nextNewline < 0 ? nextDelimiter : Math.min(nextDelimiter, nextNewline));
      if (toDelimiter + 1 > length) return -1;
      if (bytes[toDelimiter] === delimiter) {
        cursor = toDelimiter + 1;
        break;
      }
      const toNewline = quote + 1 + spacesUpTo(bytes, quote + 1, nextNewline);
      if (toNewline + newlineLength > length) return -1;
      if (bytes[toNewline] === newlineByte && (newlineLength === 1 || bytes[toNewline + 1] === 0x0a)) return toNewline + newlineLength;
    }
  }
}

/** The bytes from `from` up to `to` where they are white space (and not none), else 0; 0 for `to` -1. */
function spacesUpTo(bytes: Buffer, from: number, to: number): number {
  if (to <= from) return 0;
  // Most often a character that is plainly no white space: no need to decode.
  const first = bytes[from];
  if (first < 0x80 && first !== 0x20 && (first < 0x09 || first > 0x0d)) return 0;
  return utf8.decode(bytes.subarray(from, to)).trim() === '' ? to - from : 0;
}
