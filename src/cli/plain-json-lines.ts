import { Buffer } from 'node:buffer';
import { LowerCasedText } from '../backbones/lower-cased-text.js';
import { alignUp, reserveMemory, WASM_PAGE, wasmModule } from '../util/wasm-module.js';
import type { InputColumns, InputRecord } from './input-records.js';
import { JSON_STRING_WASM } from './json-string-module.js';

interface JsonStringExports {
  decode(table: number, at: number, end: number, out: number, lower: number): number;
  written(): number;
}

/** Bytes of the lower-case table (one u16 per BMP code unit), at the start of the memory; the batch's bytes follow it. */
const TABLE_BYTES = 0x20000;

/** What the table holds for a code unit whose lower case is not one unit whatever its neighbours (no lower case is a surrogate). */
const NOT_SIMPLE = 0xd800;

/**
 * The lower case of each BMP code unit as `toLowerCase` gives it, or NOT_SIMPLE: for surrogates,
 * for characters that become more than one unit (İ), and for Σ, whose lower case is ς at the end
 * of a word and σ elsewhere (the one mapping that depends on the text around it).
 */
function lowerCaseTable(memory: WebAssembly.Memory): void {
  const table = new Uint16Array(memory.buffer, 0, TABLE_BYTES / 2);
  for (let unit = 0; unit < table.length; unit++) {
    const lower = String.fromCharCode(unit).toLowerCase();
    table[unit] = lower.length !== 1 || unit === 0x3a3 || (unit >= 0xd800 && unit <= 0xdfff) ? NOT_SIMPLE : lower.charCodeAt(0);
  }
}

const [QUOTE, BACKSLASH, COMMA, COLON, MINUS, DOT, OPEN, CLOSE] = [0x22, 0x5c, 0x2c, 0x3a, 0x2d, 0x2e, 0x7b, 0x7d];
const LITERALS = ['true', 'false', 'null'].map((word) => Buffer.from(word));
/** Decoded UTF-16 code units as a string (the decoder gives no lone surrogate, so none is replaced). */
const unitsDecoder = new TextDecoder('utf-16le');

/** What a key names: the text column, the id column, or another field. */
const enum Key {
  Other,
  Text,
  Id,
}

/**
 * Reads the records of plain JSONL lines without JSON.parse, for models on the built-in text
 * backbones: the text straight from the line's UTF-8 bytes into lower-cased code units (a
 * `LowerCasedText`, decoded in WebAssembly by json-string.wat; a text with a character the
 * decoder does not lower-case, such as Σ, as a string instead), the id as a string. Plain: one
 * JSON object whose fields are strings, numbers, true, false or null, with ASCII keys, the text a
 * string, and the id, where there is one, a number or a string. A line that is
 * anything else, valid or not, gives undefined: the caller reads it with JSON.parse, which gives
 * the same record or says what is wrong. So this reader only ever takes work off that one, never
 * decides a line's fate. The records' texts are views of the reader's memory, valid until `load`
 * is next called.
 */
export class PlainJsonLines {
  private readonly memory = new WebAssembly.Memory({ initial: TABLE_BYTES / WASM_PAGE + 1 });
  private readonly wasm: JsonStringExports;
  private readonly textKey: Buffer;
  private readonly idKey: Buffer;
  private bytes = Buffer.alloc(0);
  /** Where the next text's code units go. */
  private cursor = 0;

  private constructor(
    module: WebAssembly.Module,
    private readonly columns: InputColumns,
  ) {
    this.wasm = new WebAssembly.Instance(module, { env: { memory: this.memory } }).exports as unknown as JsonStringExports;
    lowerCaseTable(this.memory);
    this.textKey = Buffer.from(columns.textColumn);
    this.idKey = Buffer.from(columns.idColumn);
  }

  /**
   * A reader for records with these columns, or null where it would find none plain: the model
   * reads vectors, a column's name would be escaped or is not ASCII, or WebAssembly cannot run.
   */
  static create(columns: InputColumns): PlainJsonLines | null {
    const plainName = (name: string) => /^[\x20-\x7e]*$/.test(name) && !/["\\]/.test(name);
    if (columns.vectorDims !== undefined || !plainName(columns.textColumn) || !plainName(columns.idColumn)) return null;
    const module = wasmModule(JSON_STRING_WASM);
    return module ? new PlainJsonLines(module, columns) : null;
  }

  /** Takes a batch's bytes (lines are then read by their offsets into it); texts read from the last batch are gone. */
  load(bytes: Uint8Array): void {
    // The bytes after the table, then room for every byte as a code unit, and a page beyond (the
    // decoder reads and writes whole vectors past a text's end: see json-string.wat).
    const unitsAt = alignUp(TABLE_BYTES + bytes.length, 16);
    reserveMemory(this.memory, unitsAt + 2 * bytes.length + WASM_PAGE);
    this.bytes = Buffer.from(this.memory.buffer, TABLE_BYTES, bytes.length);
    this.bytes.set(bytes);
    this.cursor = unitsAt;
  }

  /** The record of the loaded batch's line from `start` up to `end` (its line break), or undefined where it is not plain (see the class). */
  record(line: number, start: number, end: number): InputRecord<LowerCasedText | string> | undefined {
    const bytes = this.bytes;
    let i = skipSpace(bytes, start, end);
    if (i === end || bytes[i] !== OPEN) return undefined;
    let text: LowerCasedText | string | undefined;
    let id: string | undefined;
    do {
      i = skipSpace(bytes, i + 1, end);
      if (i === end || bytes[i] !== QUOTE) return undefined;
      const keyEnd = plainStringEnd(bytes, i + 1, end);
      if (keyEnd < 0) return undefined;
      const key = this.keyOf(i + 1, keyEnd);
      i = skipSpace(bytes, keyEnd + 1, end);
      if (i === end || bytes[i] !== COLON) return undefined;
      i = skipSpace(bytes, i + 1, end);
      if (i === end) return undefined;
      const first = bytes[i];
      if (first === QUOTE && key === Key.Id) {
        const idEnd = plainStringEnd(bytes, i + 1, end);
        if (idEnd >= 0) {
          id = bytes.toString('latin1', i + 1, idEnd);
          i = idEnd + 1;
        } else {
          // Escaped or not ASCII (a name in another script): decoded as it is, where the next
          // text's units go (it is a string before they are written).
          const after = this.decode(i, end, false);
          if (after < 0) return undefined;
          id = unitsDecoder.decode(this.decoded());
          i = after;
        }
        // An empty id is no id (see `recordOf`): left to JSON.parse with the other rare cases.
        if (id === '') return undefined;
      } else if (first === QUOTE && key === Key.Text) {
        let after = this.decode(i, end, true);
        if (after >= 0) {
          const units = this.decoded();
          text = new LowerCasedText(units);
          this.cursor = alignUp(this.cursor + units.byteLength, 16);
        } else {
          // A character the decoder does not lower-case (Σ, whose lower case depends on the letters
          // around it; a cased letter above the BMP), or a string JSON.parse must judge: decoded as
          // it is, the text is a string the featurizer lower-cases as a page's would be.
          after = this.decode(i, end, false);
          if (after < 0) return undefined;
          text = unitsDecoder.decode(this.decoded());
        }
        i = after;
      } else if (first === QUOTE) {
        const after = this.decode(i, end, false);
        if (after < 0) return undefined;
        i = after;
      } else if (first === MINUS || isDigit(first)) {
        const numberEnd = jsonNumberEnd(bytes, i, end);
        if (numberEnd < 0 || key === Key.Text) return undefined;
        if (key === Key.Id) {
          const value = Number(bytes.toString('latin1', i, numberEnd));
          if (!Number.isFinite(value)) return undefined;
          id = String(value);
        }
        i = numberEnd;
      } else {
        const literal = key === Key.Other ? LITERALS.find((word) => i + word.length <= end && bytes.compare(word, 0, word.length, i, i + word.length) === 0) : undefined;
        if (!literal) return undefined;
        i += literal.length;
      }
      i = skipSpace(bytes, i, end);
    } while (i < end && bytes[i] === COMMA);
    if (i === end || bytes[i] !== CLOSE || skipSpace(bytes, i + 1, end) !== end) return undefined;
    if (!text || (id === undefined && this.columns.idRequired)) return undefined;
    return id === undefined ? { line, item: text } : { line, id, item: text };
  }

  /**
   * Decodes the JSON string whose opening quote is at `quote` (in a line ending at `end`) into code
   * units at the cursor, lower-cased or not (see json-string.wat): the offset just past its
   * closing quote, or -1 where the decoder leaves the string to another reading.
   */
  private decode(quote: number, end: number, lower: boolean): number {
    const after = this.wasm.decode(0, TABLE_BYTES + quote + 1, TABLE_BYTES + end, this.cursor, lower ? 1 : 0);
    return after === 0 ? -1 : after - TABLE_BYTES;
  }

  /** The code units the last `decode` wrote, a view of the memory. */
  private decoded(): Uint16Array {
    return new Uint16Array(this.memory.buffer, this.cursor, this.wasm.written());
  }

  /** Which column the key from `start` up to `end` names. */
  private keyOf(start: number, end: number): Key {
    if (this.isKey(this.textKey, start, end)) return Key.Text;
    if (this.isKey(this.idKey, start, end)) return Key.Id;
    return Key.Other;
  }

  /** Whether the bytes from `start` up to `end` are `key`'s (compared here: a key is a few bytes, and a native compare cost more to call than to run). */
  private isKey(key: Buffer, start: number, end: number): boolean {
    if (end - start !== key.length) return false;
    for (let k = 0; k < key.length; k++) if (this.bytes[start + k] !== key[k]) return false;
    return true;
  }
}

/** The first offset from `i` that is not JSON white space (space, tab, CR; a line holds no LF), or `end`. */
function skipSpace(bytes: Uint8Array, i: number, end: number): number {
  while (i < end) {
    const b = bytes[i];
    if (b !== 0x20 && b !== 0x09 && b !== 0x0d) return i;
    i++;
  }
  return end;
}

function isDigit(b: number): boolean {
  return b >= 0x30 && b <= 0x39;
}

/** The closing quote of a string from `i` (after its opening quote) of printable ASCII without escapes, or -1. */
function plainStringEnd(bytes: Uint8Array, i: number, end: number): number {
  for (; i < end; i++) {
    const b = bytes[i];
    if (b === QUOTE) return i;
    if (b === BACKSLASH || b < 0x20 || b > 0x7e) return -1;
  }
  return -1;
}

/** The end of the JSON number from `i` (-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?), or -1. */
function jsonNumberEnd(bytes: Uint8Array, i: number, end: number): number {
  const digits = (from: number) => {
    let k = from;
    while (k < end && isDigit(bytes[k])) k++;
    return k;
  };
  if (bytes[i] === MINUS) i++;
  if (i === end || !isDigit(bytes[i])) return -1;
  i = bytes[i] === 0x30 ? i + 1 : digits(i);
  if (i < end && bytes[i] === DOT) {
    const after = digits(i + 1);
    if (after === i + 1) return -1;
    i = after;
  }
  if (i < end && (bytes[i] | 0x20) === 0x65) {
    let k = i + 1;
    if (k < end && (bytes[k] === 0x2b || bytes[k] === MINUS)) k++;
    const after = digits(k);
    if (after === k) return -1;
    i = after;
  }
  return i;
}
