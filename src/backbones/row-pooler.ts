import { alignUp, WASM_PAGE, wasmModule } from '../util/wasm-module.js';
import { POOL_ROWS_WASM } from './pool-rows-module.js';

/**
 * A word-vector table held in WebAssembly memory, with the pooling loop (`pool-rows.wat`) run
 * there: four values at a time, and at one speed in every engine (Node 20 ran the JavaScript loop
 * a fifth slower than Chromium). It gives the JavaScript loop's float32 sums bit for bit.
 */
export interface RowPooler {
  /** The table's int8 rows (`rows × dims`), in the module's memory: written once, after creation. */
  readonly quantized: Int8Array;
  /** Each row's scale, in the module's memory: written once, after creation. */
  readonly scales: Float32Array;
  /** Where the caller writes the rows to sum (room for one of each row)... */
  readonly rows: Int32Array;
  /** ...and the weight of each. */
  readonly weights: Float64Array;
  /** Writes into `out` (length `dims`) the sum of the first `count` rows of `rows`, each times its weight. */
  pool(count: number, out: Float32Array): void;
}

/**
 * A pooler for a table of `rowCount` rows of `dims` values, or undefined where WebAssembly with
 * SIMD cannot run (the caller then pools in JavaScript, to the same result).
 */
export function createRowPooler(rowCount: number, dims: number): RowPooler | undefined {
  const module = wasmModule(POOL_ROWS_WASM);
  if (!module) return undefined;
  const tableAt = 0;
  const scalesAt = alignUp(tableAt + rowCount * dims, 16);
  const outAt = alignUp(scalesAt + rowCount * 4, 16);
  const rowsAt = alignUp(outAt + dims * 4, 16);
  const weightsAt = alignUp(rowsAt + rowCount * 4, 16);
  const end = weightsAt + rowCount * 8;
  const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(end / WASM_PAGE)) });
  const { pool } = new WebAssembly.Instance(module, { env: { memory } }).exports as {
    pool(out: number, table: number, scales: number, rows: number, weights: number, count: number, dims: number): void;
  };
  // The memory never grows, so these views stay valid.
  const { buffer } = memory;
  const sums = new Float32Array(buffer, outAt, dims);
  return {
    quantized: new Int8Array(buffer, tableAt, rowCount * dims),
    scales: new Float32Array(buffer, scalesAt, rowCount),
    rows: new Int32Array(buffer, rowsAt, rowCount),
    weights: new Float64Array(buffer, weightsAt, rowCount),
    pool(count, out) {
      pool(outAt, tableAt, scalesAt, rowsAt, weightsAt, count, dims);
      out.set(sums);
    },
  };
}
