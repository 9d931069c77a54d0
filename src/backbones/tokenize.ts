// Tokens are runs of letters and digits (Unicode \p{L}, \p{N}) with inner apostrophes or dots
// (as in "don't" or "3.5"), or single other characters that are not white space: the tokens of
// /[\p{L}\p{N}]+(?:['’.][\p{L}\p{N}]+)*|[^\s\p{L}\p{N}]/gu on the lower-cased text, each with its
// first ’ written as '. A hand-written scanner finds the same tokens several times faster than
// the regular expression (tested against it).

const SYMBOL = 1;
const WORD = 2;
const SPACE = 3;

/** Character class per ASCII code. */
const ASCII = new Uint8Array(128).map((_, c) => (/[\p{L}\p{N}]/u.test(String.fromCharCode(c)) ? WORD : /\s/u.test(String.fromCharCode(c)) ? SPACE : SYMBOL));
/** Character class per code point above ASCII, filled in as they are met (0: not yet known). */
let unicode: Uint8Array | undefined;

function classOf(codePoint: number): number {
  if (codePoint < 128) return ASCII[codePoint];
  unicode ??= new Uint8Array(0x110000);
  let cls = unicode[codePoint];
  if (cls === 0) {
    const char = String.fromCodePoint(codePoint);
    cls = unicode[codePoint] = /[\p{L}\p{N}]/u.test(char) ? WORD : /\s/u.test(char) ? SPACE : SYMBOL;
  }
  return cls;
}

/** Whether `code` (a UTF-16 unit) may join two runs of letters and digits. */
function isJoiner(code: number): boolean {
  return code === 0x27 || code === 0x2e || code === 0x2019; // ' . ’
}

/**
 * Lower-cased word and symbol tokens of a text, at most `maxTokens` of them. With `spans`, each
 * token's start and end (UTF-16 offsets into the lower-cased text) are pushed onto it.
 */
export function tokenize(text: string, maxTokens = Infinity, spans?: number[]): string[] {
  const tokens: string[] = [];
  const lower = text.toLowerCase();
  const n = lower.length;
  let i = 0;
  while (i < n && tokens.length < maxTokens) {
    const codePoint = lower.codePointAt(i) as number;
    const size = codePoint > 0xffff ? 2 : 1;
    const cls = classOf(codePoint);
    if (cls === SPACE) {
      i += size;
      continue;
    }
    if (cls === SYMBOL) {
      tokens.push(codePoint === 0x2019 ? "'" : lower.slice(i, i + size));
      spans?.push(i, i + size);
      i += size;
      continue;
    }
    const start = i;
    i = skipWord(lower, i + size);
    // A joiner followed by a letter or digit continues the word.
    while (i + 1 < n && isJoiner(lower.charCodeAt(i)) && classOf(lower.codePointAt(i + 1) as number) === WORD) i = skipWord(lower, i + 1);
    const token = lower.slice(start, i);
    tokens.push(token.includes('’') ? token.replace('’', "'") : token);
    spans?.push(start, i);
  }
  return tokens;
}

/** The end of the run of letters and digits from `i`. */
function skipWord(text: string, i: number): number {
  while (i < text.length) {
    const codePoint = text.codePointAt(i) as number;
    if (classOf(codePoint) !== WORD) break;
    i += codePoint > 0xffff ? 2 : 1;
  }
  return i;
}
