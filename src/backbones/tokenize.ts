// Tokens are runs of letters and digits (Unicode \p{L}, \p{N}) with inner apostrophes or dots
// (as in "don't" or "3.5"), or single other characters that are not white space: the tokens of
// /[\p{L}\p{N}]+(?:['’.][\p{L}\p{N}]+)*|[^\s\p{L}\p{N}]/gu on the lower-cased text, each with its
// first ’ written as '. A hand-written scanner (in WebAssembly, tokenize.wat, and in JavaScript
// where that cannot run) finds the same tokens several times faster than the regular expression
// (both tested against it and against each other), as spans of the text's code units: the featurizer
// hashes, compares and cuts tokens there, without a string per token (in Node, those strings were
// much of the garbage collector's work; explanations slice the original text by the spans).

import { fnv1aUnits } from '../util/hash.js';
import { ASCII_CLASSES, classify, SPACE, SYMBOL, WORD } from './char-classes.js';
import { copyUnits, type LowerCasedText } from './lower-cased-text.js';
import { sharedWasmTokenizer } from './wasm-tokenizer.js';

/** Character class per code point above ASCII, filled in as they are met (0: not yet known). */
let unicode: Uint8Array | undefined;

function classOf(codePoint: number): number {
  if (codePoint < 128) return ASCII_CLASSES[codePoint];
  unicode ??= new Uint8Array(0x110000);
  let cls = unicode[codePoint];
  if (cls === 0) cls = unicode[codePoint] = classify(codePoint);
  return cls;
}

/**
 * Spans of a code-unit buffer, each with its hash: a text's tokens (`tokenSpans`), or its distinct
 * tokens with how often each occurs (`distinctTokens`). Entries past `count` are stale.
 */
export interface TokenSpans {
  /** The lower-cased text's UTF-16 code units, each token's first ’ written as '. */
  units: Uint16Array;
  count: number;
  /** Span `t` covers `units[starts[t]]` up to, not including, `units[ends[t]]`. */
  starts: Int32Array;
  ends: Int32Array;
  /** FNV-1a hash of each span's code units (as `fnv1a` of the token's string), as a signed 32-bit integer. */
  hashes: Int32Array;
  /** 1 for a word (letters and digits), 0 for a single other character. */
  words: Uint8Array;
  /** How often each span occurs in the text (distinct tokens only; otherwise once each). */
  times?: Int32Array;
}

/** The storage `scanTokens` hands out, reused from text to text. */
const out: TokenSpans = { units: new Uint16Array(1024), count: 0, starts: new Int32Array(256), ends: new Int32Array(256), hashes: new Int32Array(256), words: new Uint8Array(256) };

/**
 * The tokens of `text` (at most `maxTokens`) as spans of its lower-cased code units, found in
 * WebAssembly where it runs (tokenize.wat), else by `scanTokens`: the same spans. A
 * `LowerCasedText` is tokenized as the string it was decoded from. Valid until the next call: the
 * arrays are reused from text to text (and may be views of WebAssembly memory that a later call
 * detaches).
 */
export function tokenSpans(text: string | LowerCasedText, maxTokens = Infinity): TokenSpans {
  const lower = typeof text === 'string' ? text.toLowerCase() : text.units;
  return sharedWasmTokenizer()?.spans(lower, maxTokens) ?? scanTokens(lower, maxTokens);
}

/** The JavaScript scanner: the tokens of a lower-cased text, or of its code units (see `tokenSpans`). */
export function scanTokens(lower: string | Uint16Array, maxTokens = Infinity): TokenSpans {
  const n = lower.length;
  if (out.units.length < n) out.units = new Uint16Array(n * 2);
  const units = out.units;
  copyUnits(lower, units);
  let count = 0;
  let i = 0;
  while (i < n && count < maxTokens) {
    const codePoint = codePointAt(units, i, n);
    const size = codePoint > 0xffff ? 2 : 1;
    const cls = classOf(codePoint);
    if (cls === SPACE) {
      i += size;
      continue;
    }
    const start = i;
    if (cls === SYMBOL) {
      if (codePoint === 0x2019) units[i] = 0x27;
      i += size;
    } else {
      i = skipWord(units, i + size, n);
      // A joiner followed by a letter or digit continues the word.
      while (i + 1 < n && isJoiner(units[i]) && classOf(codePointAt(units, i + 1, n)) === WORD) i = skipWord(units, i + 1, n);
      for (let k = start; k < i; k++) {
        if (units[k] === 0x2019) {
          units[k] = 0x27;
          break;
        }
      }
    }
    if (count === out.starts.length) reserveSpans(out, count * 2);
    out.starts[count] = start;
    out.ends[count] = i;
    out.hashes[count] = fnv1aUnits(units, start, i);
    out.words[count] = cls === WORD ? 1 : 0;
    count++;
  }
  out.count = count;
  return out;
}

/** The code point at `i` of `n` code units (a lone surrogate as itself), as `String.codePointAt` reads it. */
export function codePointAt(units: Uint16Array, i: number, n: number): number {
  const unit = units[i];
  if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < n) {
    const next = units[i + 1];
    if (next >= 0xdc00 && next <= 0xdfff) return (unit - 0xd800) * 0x400 + (next - 0xdc00) + 0x10000;
  }
  return unit;
}

/** Whether `a[aStart..aEnd)` holds the same code units as `b` from `bStart` on. */
export function sameUnits(a: Uint16Array, aStart: number, aEnd: number, b: Uint16Array, bStart: number): boolean {
  for (let i = aStart, j = bStart; i < aEnd; i++, j++) if (a[i] !== b[j]) return false;
  return true;
}

/** Whether `code` (a UTF-16 unit) may join two runs of letters and digits. */
function isJoiner(code: number): boolean {
  return code === 0x27 || code === 0x2e || code === 0x2019; // ' . ’
}

/** The end of the run of letters and digits from `i`. */
function skipWord(units: Uint16Array, i: number, n: number): number {
  while (i < n) {
    const codePoint = codePointAt(units, i, n);
    if (classOf(codePoint) !== WORD) break;
    i += codePoint > 0xffff ? 2 : 1;
  }
  return i;
}

/** Gives `spans` room for `size` spans (keeping those it holds), when it has less. */
export function reserveSpans(spans: TokenSpans, size: number): void {
  if (spans.starts.length >= size) return;
  const grown = <T extends Int32Array | Uint8Array>(array: T): T => {
    const bigger = new (array.constructor as new (length: number) => T)(size);
    bigger.set(array);
    return bigger;
  };
  spans.starts = grown(spans.starts);
  spans.ends = grown(spans.ends);
  spans.hashes = grown(spans.hashes);
  spans.words = grown(spans.words);
  if (spans.times) spans.times = grown(spans.times);
}
