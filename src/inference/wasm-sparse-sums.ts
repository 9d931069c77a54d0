import type { FeatureBatch } from '../backbones/backbone.js';
import { alignUp, reserveMemory, WASM_PAGE, wasmModule } from '../util/wasm-module.js';
import type { HeadWeights } from './head-weights.js';
import { SPARSE_SUMS_WASM } from './sparse-sums-module.js';

interface SparseSumsExports {
  addRowsOfTwo(table: number, offsets: number, indices: number, values: number, rows: number, logits: number): void;
  addRows(table: number, classes: number, offsets: number, indices: number, values: number, rows: number, logits: number): void;
}

/**
 * The n-gram part of a head's logits in WebAssembly (`sparse-sums.wat`): the same sums, in the same
 * order, as `headLogits` adds in JavaScript, so the same logits bit for bit. Holds its own copy of
 * the head's sparse table (buckets × classes float32: 1 MB per class for the default backbone),
 * made once; one per classifier.
 */
export class WasmSparseSums {
  private readonly memory: WebAssembly.Memory;
  private readonly wasm: SparseSumsExports;
  /** Where each batch's input goes: after the table. */
  private readonly batchAt: number;

  private constructor(
    module: WebAssembly.Module,
    table: Float32Array,
    private readonly classes: number,
  ) {
    this.batchAt = alignUp(table.byteLength, 16);
    this.memory = new WebAssembly.Memory({ initial: Math.ceil(this.batchAt / WASM_PAGE) + 1 });
    this.wasm = new WebAssembly.Instance(module, { env: { memory: this.memory } }).exports as unknown as SparseSumsExports;
    new Float32Array(this.memory.buffer, 0, table.length).set(table);
  }

  /** Sums for a head with a sparse table, or null where it has none or WebAssembly cannot run (`headLogits` then sums in JavaScript). */
  static of(head: HeadWeights): WasmSparseSums | null {
    if (!head.sparseTable) return null;
    const module = wasmModule(SPARSE_SUMS_WASM);
    return module ? new WasmSparseSums(module, head.sparseTable, head.shape.classes) : null;
  }

  /**
   * Adds to `logits` (`count × classes`, row-major, each text's bias and dense part already in)
   * the entries of texts 0 to `count - 1`, every one of them (the caller cuts none).
   */
  addTo(logits: Float64Array, entries: NonNullable<FeatureBatch['sparse']>, count: number): void {
    const { offsets, indices, values } = entries;
    const [first, last] = [offsets[0], offsets[count]];
    const offsetsAt = this.batchAt;
    const indicesAt = alignUp(offsetsAt + (count + 1) * 4, 16);
    const valuesAt = indicesAt + (last - first) * 4;
    const logitsAt = alignUp(valuesAt + (last - first) * 4, 16);
    reserveMemory(this.memory, logitsAt + logits.byteLength);
    const { buffer } = this.memory;
    const rebased = new Int32Array(buffer, offsetsAt, count + 1);
    for (let i = 0; i <= count; i++) rebased[i] = offsets[i] - first;
    new Int32Array(buffer, indicesAt, last - first).set(indices.subarray(first, last));
    new Float32Array(buffer, valuesAt, last - first).set(values.subarray(first, last));
    const sums = new Float64Array(buffer, logitsAt, logits.length);
    sums.set(logits);
    if (this.classes === 2) this.wasm.addRowsOfTwo(0, offsetsAt, indicesAt, valuesAt, count, logitsAt);
    else this.wasm.addRows(0, this.classes, offsetsAt, indicesAt, valuesAt, count, logitsAt);
    logits.set(sums);
  }
}
