/** A code point's class for the tokenizer: a single other character, a letter or digit, or white space. */
export const SYMBOL = 1;
export const WORD = 2;
export const SPACE = 3;

/** The class of a code point by its definition (slow: callers keep what it says). */
export function classify(codePoint: number): number {
  const char = String.fromCodePoint(codePoint);
  return /[\p{L}\p{N}]/u.test(char) ? WORD : /\s/u.test(char) ? SPACE : SYMBOL;
}

/** The class of each ASCII code. */
export const ASCII_CLASSES = Uint8Array.from({ length: 128 }, (_, c) => classify(c));
