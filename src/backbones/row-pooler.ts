import { alignUp, WASM_PAGE, wasmModule } from '../util/wasm-module.js';
import { POOL_ROWS_WASM } from './pool-rows-module.js';
import type { TokenSpans } from './tokenize.js';
import type { WordIndexSizes, WordIndexStorage } from './word-index.js';

/**
 * A word-vector table and its word index held in WebAssembly memory, with a text's pooling
 * (`pool-rows.wat`: the lookups and the sum of scaled rows) run there: four values at a time,
 * and at one speed in every engine (Node 20 ran the JavaScript a fifth slower than Chromium). It
 * gives the JavaScript pooling's float32 sums bit for bit.
 */
export interface RowPooler {
  /** The table's int8 rows (`rows × dims`), in the module's memory: written once, after creation. */
  readonly quantized: Int8Array;
  /** Each row's scale, in the module's memory: written once, after creation. */
  readonly scales: Float32Array;
  /** Where the table's `WordIndex` keeps its arrays, in the module's memory: written once, by the index. */
  readonly index: WordIndexStorage;
  /**
   * Writes into `out` (length `dims`) the sum of the vectors of the words of distinct tokens that
   * the table has, each times its count (and its row's weight in `weights`, when given), and
   * returns how many tokens it found (each occurrence counted); undefined, writing nothing, for
   * a text past the room the module keeps for one (the caller then pools in JavaScript).
   */
  poolTokens(tokens: Required<TokenSpans>, weights: Float32Array | undefined, out: Float32Array): number | undefined;
}

interface PoolRowsExports {
  init(table: number, scales: number, rowWeights: number, slots: number, mask: number, offsets: number, words: number, out: number, dims: number): void;
  poolTokens(weighted: number, units: number, starts: number, ends: number, hashes: number, times: number, count: number): number;
}

/** The most code units (up to the last distinct token's end) and distinct tokens of a text pooled in WebAssembly: 512 kB and 512 kB of the module's memory. */
const UNIT_ROOM = 1 << 18;
const TOKEN_ROOM = 1 << 15;

/**
 * A pooler for a table of `rowCount` rows of `dims` values whose word index has arrays of
 * `indexSizes`, or undefined where WebAssembly with SIMD cannot run (the caller then pools in
 * JavaScript, to the same result).
 */
export function createRowPooler(rowCount: number, dims: number, indexSizes: WordIndexSizes): RowPooler | undefined {
  const module = wasmModule(POOL_ROWS_WASM);
  if (!module) return undefined;
  const tableAt = 0;
  const scalesAt = alignUp(tableAt + rowCount * dims, 16);
  const rowWeightsAt = scalesAt + rowCount * 4;
  const outAt = alignUp(rowWeightsAt + rowCount * 4, 16);
  const slotsAt = alignUp(outAt + dims * 4, 16);
  const offsetsAt = slotsAt + indexSizes.slots * 4;
  const wordsAt = offsetsAt + indexSizes.offsets * 4;
  const unitsAt = alignUp(wordsAt + indexSizes.units * 2, 16);
  const startsAt = unitsAt + UNIT_ROOM * 2;
  const endsAt = startsAt + TOKEN_ROOM * 4;
  const hashesAt = endsAt + TOKEN_ROOM * 4;
  const timesAt = hashesAt + TOKEN_ROOM * 4;
  const end = timesAt + TOKEN_ROOM * 4;
  const memory = new WebAssembly.Memory({ initial: Math.ceil(end / WASM_PAGE) });
  const wasm = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as PoolRowsExports;
  wasm.init(tableAt, scalesAt, rowWeightsAt, slotsAt, indexSizes.slots - 1, offsetsAt, wordsAt, outAt, dims);
  // The memory never grows, so these views stay valid.
  const { buffer } = memory;
  const sums = new Float32Array(buffer, outAt, dims);
  const rowWeights = new Float32Array(buffer, rowWeightsAt, rowCount);
  const units = new Uint16Array(buffer, unitsAt, UNIT_ROOM);
  const [starts, ends, hashes, times] = [startsAt, endsAt, hashesAt, timesAt].map((at) => new Int32Array(buffer, at, TOKEN_ROOM));
  /** The weights last copied into the module (backbones sharing a table may weigh it differently). */
  let copiedWeights: Float32Array | undefined;
  return {
    quantized: new Int8Array(buffer, tableAt, rowCount * dims),
    scales: new Float32Array(buffer, scalesAt, rowCount),
    index: { slots: new Int32Array(buffer, slotsAt, indexSizes.slots), offsets: new Int32Array(buffer, offsetsAt, indexSizes.offsets), units: new Uint16Array(buffer, wordsAt, indexSizes.units) },
    poolTokens(tokens, weights, out) {
      const { count } = tokens;
      // Distinct tokens come in the order of their first occurrence: the last one ends last.
      const unitCount = count > 0 ? tokens.ends[count - 1] : 0;
      if (unitCount > UNIT_ROOM || count > TOKEN_ROOM) return undefined;
      if (weights && weights !== copiedWeights) {
        rowWeights.set(weights);
        copiedWeights = weights;
      }
      units.set(tokens.units.subarray(0, unitCount));
      starts.set(tokens.starts.subarray(0, count));
      ends.set(tokens.ends.subarray(0, count));
      hashes.set(tokens.hashes.subarray(0, count));
      times.set(tokens.times.subarray(0, count));
      const found = wasm.poolTokens(weights ? 1 : 0, unitsAt, startsAt, endsAt, hashesAt, timesAt, count);
      out.set(sums);
      return found;
    },
  };
}
