/** A text's distinct tokens, each with how often it occurs and its hash, in order of first occurrence. */
export interface DistinctTokens {
  words: string[];
  hashes: Int32Array;
  counts: Int32Array;
}

/** Open-addressing slots (token position + 1; 0 empty), reused across texts. */
let slots = new Int32Array(1024);
/** The hashes and counts handed out, reused across texts. */
let hashesOut = new Int32Array(1024);
let countsOut = new Int32Array(1024);

/**
 * Groups `tokens` (with their FNV-1a `hashes`) into distinct tokens and counts: the features that
 * depend on a word alone (its characters, its vector) are then computed once per word of a text,
 * not once per occurrence (a text repeats most of its words). The `hashes` and `counts` returned
 * are valid until the next call: they are views of arrays reused from text to text (two new typed
 * arrays per text were a large share of the featurizer's garbage).
 */
export function distinctTokens(tokens: readonly string[], hashes: ArrayLike<number>): DistinctTokens {
  let size = 1024;
  while (size < tokens.length * 2) size *= 2;
  if (slots.length < size) slots = new Int32Array(size);
  const mask = size - 1;
  const table = slots.subarray(0, size);
  const words: string[] = [];
  if (hashesOut.length < tokens.length) {
    hashesOut = new Int32Array(tokens.length * 2);
    countsOut = new Int32Array(tokens.length * 2);
  }
  const wordHashes = hashesOut;
  const counts = countsOut;
  for (let t = 0; t < tokens.length; t++) {
    let slot = hashes[t] & mask;
    for (;;) {
      const held = table[slot];
      if (held === 0) {
        table[slot] = words.length + 1;
        wordHashes[words.length] = hashes[t];
        counts[words.length] = 1;
        words.push(tokens[t]);
        break;
      }
      if (words[held - 1] === tokens[t]) {
        counts[held - 1]++;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  table.fill(0);
  return { words, hashes: wordHashes.subarray(0, words.length), counts: counts.subarray(0, words.length) };
}
