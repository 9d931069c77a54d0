import { slotsFor } from '../util/hash-slots.js';
import { alignUp, reserveMemory, WASM_PAGE, wasmModule } from '../util/wasm-module.js';
import { ASCII_CLASSES, classify } from './char-classes.js';
import { copyUnits } from './lower-cased-text.js';
import type { TokenSpans } from './tokenize.js';
import { TOKENIZE_WASM } from './tokenize-module.js';

interface TokenizeExports {
  tokenize(classes: number, units: number, n: number, maxTokens: number, starts: number, ends: number, hashes: number, words: number): number;
  distinct(units: number, starts: number, ends: number, hashes: number, words: number, count: number, slots: number, mask: number, outStarts: number, outEnds: number, outHashes: number, outWords: number, outTimes: number): number;
}

/** Bytes of the class table: one per code point. */
const CLASSES_BYTES = 0x110000;

/**
 * The tokenizer in WebAssembly (`tokenize.wat`): the spans, hashes and kinds `scanTokens` finds,
 * and the distinct tokens among them, as views of its memory, and as fast in Node 20 as in
 * Chromium. One per thread.
 */
export class WasmTokenizer {
  private readonly memory: WebAssembly.Memory;
  private readonly wasm: TokenizeExports;
  private readonly out: TokenSpans = { units: new Uint16Array(0), count: 0, starts: new Int32Array(0), ends: new Int32Array(0), hashes: new Int32Array(0), words: new Uint8Array(0) };
  private readonly distinctOut: Required<TokenSpans> = { ...this.out, times: new Int32Array(0) };
  private unitsAt = CLASSES_BYTES;
  private startsAt = 0;
  private endsAt = 0;
  private hashesAt = 0;
  private wordsAt = 0;
  /** The distinct tokens' spans and counts, and the slots of the table that groups them. */
  private readonly distinctAt = { starts: 0, ends: 0, hashes: 0, times: 0, words: 0, slots: 0 };

  constructor(module: WebAssembly.Module) {
    this.memory = new WebAssembly.Memory({ initial: Math.ceil(CLASSES_BYTES / WASM_PAGE) + 1 });
    this.wasm = new WebAssembly.Instance(module, { env: { memory: this.memory, classify } }).exports as unknown as TokenizeExports;
    new Uint8Array(this.memory.buffer).set(ASCII_CLASSES);
    this.layOut(1024, 256);
  }

  /** The tokens of a lower-cased text, or of its code units, at most `maxTokens` (see `tokenSpans`). */
  spans(lower: string | Uint16Array, maxTokens: number): TokenSpans {
    const n = lower.length;
    const spans = Math.min(n, maxTokens);
    if (this.out.units.length < n || this.out.starts.length < spans) this.layOut(Math.max(n, this.out.units.length * 2), Math.max(spans, this.out.starts.length * 2));
    copyUnits(lower, this.out.units);
    this.out.count = this.wasm.tokenize(0, this.unitsAt, n, Math.min(maxTokens, 2 ** 31 - 1), this.startsAt, this.endsAt, this.hashesAt, this.wordsAt);
    return this.out;
  }

  /**
   * The distinct tokens of `tokens` (see `distinctTokens`), grouped in WebAssembly, when they are
   * this tokenizer's latest spans; null for spans from anywhere else. Valid until the next call
   * of either method.
   */
  distinct(tokens: TokenSpans): Required<TokenSpans> | null {
    if (tokens !== this.out) return null;
    const at = this.distinctAt;
    const out = this.distinctOut;
    out.units = tokens.units;
    out.count = this.wasm.distinct(this.unitsAt, this.startsAt, this.endsAt, this.hashesAt, this.wordsAt, tokens.count, at.slots, slotsFor(tokens.count) - 1, at.starts, at.ends, at.hashes, at.words, at.times);
    return out;
  }

  /** Room for `unitCount` code units and `spanCount` spans (and as many distinct ones) after the class table, and views of them. */
  private layOut(unitCount: number, spanCount: number): void {
    this.startsAt = alignUp(this.unitsAt + unitCount * 2, 16);
    this.endsAt = this.startsAt + spanCount * 4;
    this.hashesAt = this.endsAt + spanCount * 4;
    this.wordsAt = this.hashesAt + spanCount * 4;
    const at = this.distinctAt;
    at.starts = alignUp(this.wordsAt + spanCount, 16);
    at.ends = at.starts + spanCount * 4;
    at.hashes = at.ends + spanCount * 4;
    at.times = at.hashes + spanCount * 4;
    at.words = at.times + spanCount * 4;
    at.slots = alignUp(at.words + spanCount, 16);
    reserveMemory(this.memory, at.slots + slotsFor(spanCount) * 4);
    const { buffer } = this.memory;
    this.out.units = new Uint16Array(buffer, this.unitsAt, unitCount);
    this.out.starts = new Int32Array(buffer, this.startsAt, spanCount);
    this.out.ends = new Int32Array(buffer, this.endsAt, spanCount);
    this.out.hashes = new Int32Array(buffer, this.hashesAt, spanCount);
    this.out.words = new Uint8Array(buffer, this.wordsAt, spanCount);
    const out = this.distinctOut;
    out.starts = new Int32Array(buffer, at.starts, spanCount);
    out.ends = new Int32Array(buffer, at.ends, spanCount);
    out.hashes = new Int32Array(buffer, at.hashes, spanCount);
    out.times = new Int32Array(buffer, at.times, spanCount);
    out.words = new Uint8Array(buffer, at.words, spanCount);
    // `distinct` needs its slots zero; they may now lie where other regions were.
    new Int32Array(buffer, at.slots, slotsFor(spanCount)).fill(0);
  }
}

let shared: WasmTokenizer | null | undefined;

/** This thread's WebAssembly tokenizer, or null where WebAssembly cannot run. */
export function sharedWasmTokenizer(): WasmTokenizer | null {
  if (shared === undefined) {
    const module = wasmModule(TOKENIZE_WASM);
    shared = module ? new WasmTokenizer(module) : null;
  }
  return shared;
}
