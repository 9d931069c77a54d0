import Papa from 'papaparse';
import { ValidationError } from '../errors.js';
import { LineBreakCounter } from '../util/line-breaks.js';
import { lineOfUndecodable } from '../util/undecodable-line.js';
import { BatchBytes } from './batch-bytes.js';
import { CsvLines, lineBreaks } from './csv-lines.js';
import { csvRowEnd } from './csv-row-end.js';
import { recordOf, type InputColumns, type InputRecord } from './input-records.js';
import { PendingBytes } from './pending-bytes.js';

const utf8 = new TextDecoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** A CSV file's line ending. */
export type CsvNewline = '\r\n' | '\n' | '\r';

/**
 * A run of whole rows of a CSV file, after its header, as UTF-8 bytes, with what it takes to parse
 * them as papaparse parses the whole file (see `csvBatches`): the main thread cuts the file into
 * these, and the workers parse them (`csvRecords`).
 */
export interface CsvBatch {
  /**
   * The file's header (its text up to the end of its first row that is not blank), then whole
   * rows (in the last batch, the rest of the file), as UTF-8: moved to a worker, not copied.
   */
  bytes: Uint8Array;
  /** The line breaks in the header. */
  headerLines: number;
  /** The line of the file that the rows start on. */
  firstLine: number;
  /** The delimiter papaparse guessed from the start of the file. */
  delimiter: string;
  newline: CsvNewline;
}

/**
 * A CSV stream with a header row, in `encoding` (a TextDecoder label), cut into batches of up to
 * `rowsPerBatch` whole rows without decoding or parsing them: the rows' ends are found in the
 * bytes by `csvRowEnd`, which follows papaparse's rules, so that each batch, parsed after the
 * header (`csvRecords`), gives the records the whole file would. Decoding and parsing are then the
 * workers' work, not the main thread's (papaparse took some 20 µs an email there, a third of a
 * core with two workers scoring). A file in another encoding than UTF-8 is decoded here and cut as
 * UTF-8. Pulled: the stream is read only as fast as batches are taken, so memory stays flat on
 * any size, and its chunks may be read into one reused buffer (none is kept past the next).
 *
 * The line ending is read from the first line break, and the delimiter guessed by papaparse from
 * the text read up to it (its first chunk, as when papaparse streamed the file itself). A header
 * without the columns the command reads is refused before any batch. Bytes the encoding cannot
 * read stop the reading with an error naming their line (a row cut by them could not be told from
 * a good one): here for other encodings, in the workers for UTF-8 (see `csvRecords`).
 */
export async function* csvBatches(source: AsyncIterable<Uint8Array>, columns: InputColumns, encoding = 'utf-8', rowsPerBatch = 256): AsyncGenerator<CsvBatch> {
  try {
    yield* batchesOf(encoding === 'utf-8' ? source : asUtf8(decodedText(source, encoding)), columns, rowsPerBatch);
  } catch (error) {
    throw error instanceof UndecodableInput ? undecodable(error) : error;
  }
}

async function* batchesOf(chunks: AsyncIterable<Uint8Array>, columns: InputColumns, rowsPerBatch: number): AsyncGenerator<CsvBatch> {
  const reader = chunks[Symbol.asyncIterator]();
  /** Bytes read and not yet in a batch, and where in them the next row starts. */
  const pending = new PendingBytes();
  let cursor = 0;
  /** The batch being cut: the header, then the whole rows found so far. */
  const batch = new BatchBytes();
  /** Moves the whole rows found so far to the batch. */
  const moveRows = () => {
    batch.add(pending.bytes.subarray(0, cursor));
    pending.drop(cursor);
    cursor = 0;
  };
  /** Reads the next chunk onto what is pending, or says there is none. */
  const more = async (): Promise<boolean> => {
    const next = await reader.next();
    if (next.done) return false;
    // Rows found whole move out first, so that a row's scan runs over that row only, however many chunks it spans.
    moveRows();
    pending.append(next.value);
    return true;
  };
  const newline = await lineEnding(() => pending.bytes, more);
  if (!newline) return requireColumns(utf8.decode(pending.bytes), columns);
  const delimiter = (Papa.parse(utf8.decode(pending.bytes), { newline, skipEmptyLines: 'greedy', preview: 1 }).meta.delimiter as string | undefined) ?? ',';
  const dialect = { delimiter: delimiter.charCodeAt(0), newline };
  // The header: the first row that is not blank, read after a byte-order mark (which the decoders drop).
  const { bytes: start } = pending;
  if (start[0] === 0xef && start[1] === 0xbb && start[2] === 0xbf) cursor = 3;
  for (;;) {
    const end = csvRowEnd(pending.bytes, cursor, dialect);
    if (end < 0 && (await more())) continue;
    if (end < 0) return requireColumns(utf8.decode(pending.bytes), columns, delimiter, newline);
    const blank = blankRow(utf8.decode(pending.bytes.subarray(cursor, end)), delimiter, newline);
    cursor = end;
    if (!blank) break;
  }
  moveRows();
  // Every batch starts with it.
  const header = batch.bytes.slice();
  requireColumns(utf8.decode(header), columns, delimiter, newline);
  const headerLines = lineBreaks(asBuffer(header), newline);
  let firstLine = 1 + headerLines;
  for (let rows = 0; ; ) {
    const end = csvRowEnd(pending.bytes, cursor, dialect);
    if (end < 0 && (await more())) continue;
    // At the file's end, the rest is the last batch (papaparse ends its last row there, however it stands).
    cursor = end < 0 ? pending.bytes.length : end;
    if (end >= 0 && ++rows < rowsPerBatch) continue;
    moveRows();
    const bytes = batch.take();
    batch.add(header);
    // Counted before it goes: it is moved to a worker.
    const lines = lineBreaks(asBuffer(bytes), newline, header.length);
    if (bytes.length > header.length) yield { bytes, headerLines, firstLine, delimiter, newline };
    if (end < 0) return;
    firstLine += lines;
    rows = 0;
  }
}

/** A Buffer over the same memory as `bytes`. */
const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);

/**
 * The records of a batch (see `csvBatches`), each on the line of the file it starts on, or why a
 * row could not be read: the batch decoded and parsed by papaparse, header first, as the whole file
 * would be (its delimiter and line ending given, blank rows skipped). Bytes that are not UTF-8
 * give `refused`, naming their line: the run stops there.
 */
export function csvRecords({ bytes, headerLines, firstLine, delimiter, newline }: CsvBatch, columns: InputColumns): { records: InputRecord[]; refused?: string } {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    // The batch's line, as the file's (its header is the file's start).
    const line = lineOfUndecodable(bytes, 'utf-8', newline);
    return { records: [], refused: undecodableReason('utf-8', line > headerLines ? line - headerLines - 1 + firstLine : line) };
  }
  // The rows start on the file's `firstLine`, after the header's lines.
  return { records: parsedRecords(text, delimiter, newline, columns, firstLine - 1 - headerLines) };
}

/**
 * The records of CSV `text` with its header row, as papaparse parses it (`delimiter` and `newline`
 * given, blank rows skipped), or why a row could not be read, each numbered by the line of `text`
 * it starts on (`CsvLines`) plus `shift`.
 */
export function parsedRecords(text: string, delimiter: string, newline: CsvNewline, columns: InputColumns, shift = 0): InputRecord[] {
  const lines = new CsvLines(text, newline);
  const records: InputRecord[] = [];
  Papa.parse<Record<string, string>>(text, {
    header: true,
    delimiter,
    newline,
    skipEmptyLines: 'greedy',
    step: (results) => {
      const line = lines.rowStart(results.meta.cursor, Object.values(results.data)) + shift;
      records.push(results.errors.length ? { line, problem: `CSV: ${results.errors[0].message}` } : recordOf(line, results.data, columns));
    },
  });
  return records;
}

/** The text as UTF-8 bytes, piece by piece. */
async function* asUtf8(text: AsyncIterable<string>): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  for await (const piece of text) yield encoder.encode(piece);
}

/**
 * The line ending of the bytes `more` reads, from their first line break (papaparse guesses it from
 * its first chunk alone, which a pipe may cut anywhere: a CRLF header cut between its CR and LF was
 * read with a column named "text\r"). Undefined when the text has no line break.
 */
async function lineEnding(bytes: () => Buffer, more: () => Promise<boolean>): Promise<CsvNewline | undefined> {
  for (;;) {
    const head = bytes();
    const lf = head.indexOf(0x0a);
    const cr = head.indexOf(0x0d);
    const at = cr < 0 || (lf >= 0 && lf < cr) ? lf : cr;
    if (at >= 0 && (head[at] === 0x0a || at + 1 < head.length)) return head[at] === 0x0a ? '\n' : head[at + 1] === 0x0a ? '\r\n' : '\r';
    if (!(await more())) return at >= 0 ? '\r' : undefined;
  }
}

/**
 * Refuses a header (`text`: the file up to the end of its first row that is not blank) that lacks
 * the columns the command reads, naming those it has. Blank text (a file with no rows) passes.
 */
function requireColumns(text: string, columns: InputColumns, delimiter?: string, newline?: CsvNewline): void {
  if (!text.trim()) return;
  const fields = (Papa.parse(text, { header: true, delimiter, newline, skipEmptyLines: 'greedy', preview: 1 }).meta.fields as string[] | undefined) ?? [];
  const missing = headerProblem(fields, columns);
  if (missing) throw new ValidationError('score', [{ reason: `${missing}; nothing was written` }]);
}

/** Whether papaparse skips `row` as blank ('greedy': its fields, joined, are white space). */
function blankRow(row: string, delimiter: string, newline: CsvNewline): boolean {
  return Papa.parse(row, { delimiter, newline, skipEmptyLines: 'greedy' }).data.length === 0;
}

/** Bytes of the input that its encoding cannot read, first met on `line`. */
class UndecodableInput extends Error {
  constructor(
    readonly encoding: string,
    readonly line: number,
  ) {
    super(`line ${line} is not ${encoding}`);
  }
}

/**
 * The bytes as text, decoded by one decoder that carries a character split between two chunks over
 * to the next (papaparse decodes each Buffer on its own, turning such a character into two U+FFFD).
 * Bytes it cannot read end the text with the line they are on (lines ended by a line feed, a
 * carriage return and line feed, or a carriage return alone, as in UTF-8 and the single-byte
 * encodings). A chunk is not kept past the next one (the bytes of its last line are copied), so
 * chunks may be read into one reused buffer.
 */
async function* decodedText(source: AsyncIterable<Uint8Array>, encoding: string): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding, { fatal: true });
  const lines = new LineBreakCounter();
  let partial = new Uint8Array(0); // the bytes from `lines.start`, the start of the line being read
  let read = 0; // bytes before the chunk
  const decode = (bytes?: Uint8Array) => {
    try {
      return bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode();
    } catch {
      throw new UndecodableInput(encoding, lines.breaks + lineOfUndecodable(bytes ? Buffer.concat([partial, bytes]) : partial, encoding));
    }
  };
  for await (const chunk of source) {
    yield decode(chunk);
    lines.add(chunk);
    partial = lines.start >= read ? Buffer.from(chunk.subarray(lines.start - read)) : Buffer.concat([partial, chunk]);
    read += chunk.length;
  }
  yield decode();
}

/** The error for bytes the input's encoding cannot read. */
function undecodable({ encoding, line }: UndecodableInput): ValidationError {
  return new ValidationError('score', [{ reason: undecodableReason(encoding, line) }]);
}

/** Why the input stops at `line`, which has bytes `encoding` cannot read, and what to do. */
function undecodableReason(encoding: string, line: number): string {
  const fix = encoding === 'utf-8' ? ' (pass --encoding with its encoding: a CSV saved by Excel is often windows-1252)' : '';
  return `line ${line} is not valid ${encoding}${fix}; nothing was written`;
}

/** What the CSV header lacks of the columns the command reads (the text or vector column, a named id column), or '' when nothing. */
function headerProblem(fields: string[], { textColumn, idColumn, idRequired, vectorColumn, vectorDims }: InputColumns): string {
  const [column, option] = vectorDims === undefined ? [textColumn, '--text-column'] : [vectorColumn, '--vector-column'];
  const missing = [...(fields.includes(column) ? [] : [`"${column}" (name it with ${option})`]), ...(idRequired && !fields.includes(idColumn) ? [`"${idColumn}" (--id-column)`] : [])];
  return missing.length ? `the CSV header has no column ${missing.join(' and no column ')}: its columns are ${fields.map((f) => JSON.stringify(f)).join(', ')}` : '';
}
