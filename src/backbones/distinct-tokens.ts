import { slotsFor } from '../util/hash-slots.js';
import { reserveSpans, sameUnits, type TokenSpans } from './tokenize.js';
import { sharedWasmTokenizer } from './wasm-tokenizer.js';

/** Open-addressing slots (distinct position + 1; 0 empty), reused across texts. */
let slots = new Int32Array(1024);
/** The spans handed out, reused across texts. */
const out: Required<TokenSpans> = { units: new Uint16Array(0), count: 0, starts: new Int32Array(256), ends: new Int32Array(256), hashes: new Int32Array(256), words: new Uint8Array(256), times: new Int32Array(256) };

/**
 * Groups a text's tokens into distinct tokens (each the span of its first occurrence) and how
 * often each occurs, in order of first occurrence: the features that depend on a word alone (its
 * characters, its vector) are then computed once per word of a text, not once per occurrence (a
 * text repeats most of its words). In WebAssembly when the tokens are the WebAssembly
 * tokenizer's (see `tokenSpans`), else by `distinctTokensInJavaScript`: the same spans. Valid
 * until the next call (and the next `tokenSpans`): the arrays are reused from text to text.
 */
export function distinctTokens(tokens: TokenSpans): Required<TokenSpans> {
  return sharedWasmTokenizer()?.distinct(tokens) ?? distinctTokensInJavaScript(tokens);
}

/**
 * `distinctTokens` in JavaScript, for spans of any origin, in arrays reused from text to text
 * (new ones per text were a large share of the featurizer's garbage).
 */
export function distinctTokensInJavaScript(tokens: TokenSpans): Required<TokenSpans> {
  const { units, count, starts, ends, hashes, words } = tokens;
  const size = slotsFor(count);
  if (slots.length < size) slots = new Int32Array(size);
  const mask = size - 1;
  const table = slots.subarray(0, size);
  if (out.starts.length < count) reserveSpans(out, count * 2);
  let distinct = 0;
  for (let t = 0; t < count; t++) {
    const hash = hashes[t];
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const held = table[slot];
      if (held === 0) {
        table[slot] = distinct + 1;
        out.starts[distinct] = starts[t];
        out.ends[distinct] = ends[t];
        out.hashes[distinct] = hash;
        out.words[distinct] = words[t];
        out.times[distinct] = 1;
        distinct++;
        break;
      }
      const d = held - 1;
      if (out.hashes[d] === hash && out.ends[d] - out.starts[d] === ends[t] - starts[t] && sameUnits(units, out.starts[d], out.ends[d], units, starts[t])) {
        out.times[d]++;
        break;
      }
    }
  }
  table.fill(0);
  out.units = units;
  out.count = distinct;
  return out;
}
