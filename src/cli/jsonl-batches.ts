import { isAscii } from 'node:buffer';
import { joinBytes } from '../util/join-bytes.js';
import { recordOf, type InputColumns, type JsonlRecord } from './input-records.js';
import type { PlainJsonLines } from './plain-json-lines.js';

/** A run of whole JSONL lines, as bytes (moved to a worker thread, not copied), and the number of its first line. */
export interface JsonlBatch {
  bytes: Uint8Array;
  firstLine: number;
}

const NEWLINE = 0x0a;

/**
 * Cuts a JSONL stream into batches of `lines` whole lines without decoding or parsing it: the
 * worker threads do that, so the main thread only finds line ends (a native byte search) and
 * hands the bytes over. Pulled: the stream is read only as fast as batches are taken. A chunk is
 * not kept past the next one (the part of a line it ends with is copied), so chunks may be read
 * into one reused buffer.
 */
export async function* jsonlBatches(stream: AsyncIterable<Buffer>, lines: number): AsyncGenerator<JsonlBatch> {
  let parts: Buffer[] = [];
  let counted = 0;
  let firstLine = 1;
  const joined = (): JsonlBatch => {
    // The held parts as one array of its own (stream chunks may share a pooled buffer).
    const batch = { bytes: joinBytes(parts), firstLine };
    firstLine += counted;
    parts = [];
    counted = 0;
    return batch;
  };
  for await (const chunk of stream) {
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end >= 0; end = chunk.indexOf(NEWLINE, end + 1)) {
      if (++counted < lines) continue;
      parts.push(chunk.subarray(start, end + 1));
      start = end + 1;
      yield joined();
    }
    if (start < chunk.length) parts.push(Buffer.from(chunk.subarray(start)));
  }
  if (parts.length) yield joined();
}

const decoder = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder();

/**
 * The records of a batch of JSONL lines: one per line that is not blank (numbered from `firstLine`),
 * or why it could not be read. A plain line is read by `plain`, where given (see `PlainJsonLines`);
 * any other is decoded on its own and parsed: a line of ASCII bytes (most JSON,
 * which escapes what it likes) is copied as Latin-1, several times faster than UTF-8 decoding, and
 * the one-byte string it gives is cheaper to parse; other lines are decoded as UTF-8 (a byte-order
 * mark at a line's start is dropped, as the file's first line may have one), and a line that is
 * not UTF-8 is a bad line (JSON text is UTF-8; replacing its bytes would score other text).
 */
export function jsonlRecords({ bytes, firstLine }: JsonlBatch, columns: InputColumns, plain?: PlainJsonLines | null): JsonlRecord[] {
  const records: JsonlRecord[] = [];
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  plain?.load(bytes);
  let line = firstLine;
  for (let start = 0; start < buffer.length; line++) {
    const newline = buffer.indexOf(NEWLINE, start);
    const end = newline < 0 ? buffer.length : newline;
    const record = plain?.record(line, start, end);
    if (record) {
      records.push(record);
      start = end + 1;
      continue;
    }
    const bytesOfLine = buffer.subarray(start, end);
    start = end + 1;
    let text: string;
    try {
      text = isAscii(bytesOfLine) ? bytesOfLine.toString('latin1') : decoder.decode(bytesOfLine);
    } catch {
      records.push({ line, problem: `not UTF-8 (got ${JSON.stringify(lenient.decode(bytesOfLine.subarray(0, 120)).slice(0, 40))})` });
      continue;
    }
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      records.push({ line, problem: `not JSON (${(error as Error).message})` });
      continue;
    }
    records.push(recordOf(line, value, columns));
  }
  return records;
}
