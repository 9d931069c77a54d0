// Letters/digits runs (with inner apostrophes or dots, as in "don't" or "3.5"), or single symbols.
const TOKEN = /[\p{L}\p{N}]+(?:['’.][\p{L}\p{N}]+)*|[^\s\p{L}\p{N}]/gu;

/** Lower-cased word and symbol tokens of a text, at most `maxTokens` of them. */
export function tokenize(text: string, maxTokens = Infinity): string[] {
  const tokens: string[] = [];
  for (const match of text.toLowerCase().matchAll(TOKEN)) {
    tokens.push(match[0].replace('’', "'"));
    if (tokens.length >= maxTokens) break;
  }
  return tokens;
}
