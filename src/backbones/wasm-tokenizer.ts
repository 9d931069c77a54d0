import { alignUp, reserveMemory, WASM_PAGE, wasmModule } from '../util/wasm-module.js';
import { ASCII_CLASSES, classify } from './char-classes.js';
import { copyUnits } from './lower-cased-text.js';
import type { TokenSpans } from './tokenize.js';
import { TOKENIZE_WASM } from './tokenize-module.js';

interface TokenizeExports {
  tokenize(classes: number, units: number, n: number, maxTokens: number, starts: number, ends: number, hashes: number, words: number): number;
}

/** Bytes of the class table: one per code point. */
const CLASSES_BYTES = 0x110000;

/**
 * The tokenizer in WebAssembly (`tokenize.wat`): the spans, hashes and kinds `scanTokens` finds,
 * as views of its memory, and as fast in Node 20 as in Chromium. One per thread.
 */
export class WasmTokenizer {
  private readonly memory: WebAssembly.Memory;
  private readonly wasm: TokenizeExports;
  private readonly out: TokenSpans = { units: new Uint16Array(0), count: 0, starts: new Int32Array(0), ends: new Int32Array(0), hashes: new Int32Array(0), words: new Uint8Array(0) };
  private unitsAt = CLASSES_BYTES;
  private startsAt = 0;
  private endsAt = 0;
  private hashesAt = 0;
  private wordsAt = 0;

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

  /** Room for `unitCount` code units and `spanCount` spans after the class table, and views of them. */
  private layOut(unitCount: number, spanCount: number): void {
    this.startsAt = alignUp(this.unitsAt + unitCount * 2, 16);
    this.endsAt = this.startsAt + spanCount * 4;
    this.hashesAt = this.endsAt + spanCount * 4;
    this.wordsAt = this.hashesAt + spanCount * 4;
    reserveMemory(this.memory, this.wordsAt + spanCount);
    const { buffer } = this.memory;
    this.out.units = new Uint16Array(buffer, this.unitsAt, unitCount);
    this.out.starts = new Int32Array(buffer, this.startsAt, spanCount);
    this.out.ends = new Int32Array(buffer, this.endsAt, spanCount);
    this.out.hashes = new Int32Array(buffer, this.hashesAt, spanCount);
    this.out.words = new Uint8Array(buffer, this.wordsAt, spanCount);
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
