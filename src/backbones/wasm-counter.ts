import { alignUp, reserveMemory, WASM_PAGE, wasmModule } from '../util/wasm-module.js';
import { SUBLINEAR, type SparseSink } from './bucket-counts.js';
import type { CharNgramOptions } from './char-ngrams.js';
import { COUNT_BUCKETS_WASM } from './count-buckets-module.js';
import type { HashedNgramOptions } from './hashed-ngrams.js';
import type { TokenSpans } from './tokenize.js';

interface CountBucketsExports {
  init(counts: number, touched: number, ties: number, kept: number, gathered: number, sublinear: number): void;
  countWords(hashes: number, count: number, maxN: number, mask: number): void;
  countChars(units: number, starts: number, ends: number, words: number, times: number, count: number, minN: number, maxN: number, mask: number, codePoints: number): void;
  take(limit: number, offset: number, indices: number, values: number, scratch: number): number;
}

/**
 * A text's hashed word and character n-grams counted in WebAssembly (`count-buckets.wat`): the
 * same entries, in the same order and to the same values, as `countWordNgrams` or
 * `countCharNgrams` followed by `BucketCounter.takeInto`, faster, and as fast in Node 20 as in
 * Chromium. Texts are counted one at a time (one counter per bucket count and thread).
 */
export class WasmBucketCounter {
  private readonly memory: WebAssembly.Memory;
  private readonly wasm: CountBucketsExports;
  /** Where the entries `take` writes go. */
  private readonly indicesAt: number;
  private readonly valuesAt: number;
  /** Where each text's input starts (the counter's own regions lie before). */
  private readonly inputAt: number;
  private i32!: Int32Array;
  private u16!: Uint16Array;
  private u8!: Uint8Array;
  private f32!: Float32Array;

  constructor(module: WebAssembly.Module, readonly buckets: number) {
    const region = buckets * 4;
    const [counts, touched, ties, kept, gathered] = [0, region, 2 * region, 3 * region, 4 * region];
    this.indicesAt = 5 * region;
    this.valuesAt = 6 * region;
    const sublinear = 7 * region;
    this.inputAt = alignUp(sublinear + SUBLINEAR.byteLength, 16);
    this.memory = new WebAssembly.Memory({ initial: Math.ceil(this.inputAt / WASM_PAGE) + 1 });
    this.wasm = new WebAssembly.Instance(module, { env: { memory: this.memory, log: Math.log } }).exports as unknown as CountBucketsExports;
    this.wasm.init(counts, touched, ties, kept, gathered, sublinear);
    this.refreshViews();
    new Float64Array(this.memory.buffer, sublinear, SUBLINEAR.length).set(SUBLINEAR);
  }

  /** Counts the word n-grams of the first `count` token hashes (see `countWordNgrams`). */
  countWords(hashes: Int32Array, count: number, options: HashedNgramOptions): void {
    const at = this.inputAt;
    this.reserve(at + count * 4);
    this.i32.set(hashes.subarray(0, count), at >> 2);
    this.wasm.countWords(at, count, options.maxN, options.buckets - 1);
  }

  /** Counts the character n-grams of distinct tokens (see `countCharNgrams`). */
  countChars(spans: Required<TokenSpans>, options: CharNgramOptions): void {
    const { count, units, starts, ends, words, times } = spans;
    // Distinct tokens come in the order of their first occurrence: the last one ends last.
    const unitCount = count > 0 ? ends[count - 1] : 0;
    const startsAt = this.inputAt;
    const endsAt = startsAt + count * 4;
    const timesAt = endsAt + count * 4;
    const unitsAt = timesAt + count * 4;
    const wordsAt = alignUp(unitsAt + unitCount * 2, 4);
    const codePointsAt = alignUp(wordsAt + count, 4);
    this.reserve(codePointsAt + (unitCount + 2) * 4);
    const { i32 } = this;
    i32.set(starts.subarray(0, count), startsAt >> 2);
    i32.set(ends.subarray(0, count), endsAt >> 2);
    i32.set(times.subarray(0, count), timesAt >> 2);
    this.u16.set(units.subarray(0, unitCount), unitsAt >> 1);
    this.u8.set(words.subarray(0, count), wordsAt);
    this.wasm.countChars(unitsAt, startsAt, endsAt, wordsAt, timesAt, count, options.minN, options.maxN, options.buckets - 1, codePointsAt);
  }

  /** Appends the counted text's entries (at most `limit`, bucket ids plus `offset`) to `sink` and resets the counter, as `BucketCounter.takeInto`. */
  takeInto(sink: SparseSink, limit: number, offset = 0): void {
    const written = this.wasm.take(Math.min(limit, 2 ** 31 - 1), offset, this.indicesAt, this.valuesAt, this.inputAt);
    if (this.i32.buffer !== this.memory.buffer) this.refreshViews(); // a histogram grew the memory
    sink.indices.append(this.i32.subarray(this.indicesAt >> 2, (this.indicesAt >> 2) + written));
    sink.values.append(this.f32.subarray(this.valuesAt >> 2, (this.valuesAt >> 2) + written));
  }

  /** Grows the memory to at least `bytes`. */
  private reserve(bytes: number): void {
    reserveMemory(this.memory, bytes);
    if (this.i32.buffer !== this.memory.buffer) this.refreshViews();
  }

  private refreshViews(): void {
    const { buffer } = this.memory;
    [this.i32, this.u16, this.u8, this.f32] = [new Int32Array(buffer), new Uint16Array(buffer), new Uint8Array(buffer), new Float32Array(buffer)];
  }
}

const counters = new Map<number, WasmBucketCounter | null>();

/** A WebAssembly counter per bucket count (shared: texts are counted one at a time), or null where WebAssembly cannot run. */
export function sharedWasmCounter(buckets: number): WasmBucketCounter | null {
  let counter = counters.get(buckets);
  if (counter === undefined) {
    const module = wasmModule(COUNT_BUCKETS_WASM);
    counters.set(buckets, (counter = module ? new WasmBucketCounter(module, buckets) : null));
  }
  return counter;
}
