import type { FeatureBatch } from '../backbones/backbone.js';
import { alignUp, reserveMemory, WASM_PAGE, wasmModule } from '../util/wasm-module.js';
import type { HeadWeights } from './head-weights.js';
import { HEAD_SUMS_WASM } from './head-sums-module.js';

interface HeadSumsExports {
  addDenseOfTwo(kernel: number, dims: number, dense: number, rows: number, logits: number): void;
  addDense(kernel: number, classes: number, dims: number, dense: number, rows: number, logits: number): void;
  addRowsOfTwo(table: number, offsets: number, indices: number, values: number, rows: number, logits: number): void;
  addRows(table: number, classes: number, offsets: number, indices: number, values: number, rows: number, logits: number): void;
}

/** The weights a head's sums in WebAssembly read: its n-gram table, and a linear head's dense kernel (each empty where it has none). */
interface SummedParts {
  table: Float32Array;
  kernel: Float32Array;
}

function summedParts(head: HeadWeights): SummedParts {
  const linearKernel = !head.hiddenKernel && head.shape.dims > 0 ? head.denseKernel : undefined;
  return { table: head.sparseTable ?? new Float32Array(0), kernel: linearKernel ?? new Float32Array(0) };
}

/**
 * A head's sums in WebAssembly (`head-sums.wat`): a linear head's dense part and any head's n-gram
 * part of the logits, the same sums in the same order as `headLogits` adds in JavaScript, so the
 * same logits bit for bit. Holds its own copy of the head's sparse table (buckets × classes
 * float32: 1 MB per class for the default backbone) and of a linear head's dense kernel, made
 * once; one per classifier.
 */
export class WasmHeadSums {
  private readonly memory: WebAssembly.Memory;
  private readonly wasm: HeadSumsExports;
  private readonly tableAt = 0;
  private readonly kernelAt: number;
  /** Where each batch's input goes: after the table and the kernel. */
  private readonly batchAt: number;
  /** Whether it adds the dense part (a linear head with dense features), and the n-gram part (a head with a sparse table). */
  readonly addsDense: boolean;
  readonly addsSparse: boolean;

  private constructor(
    module: WebAssembly.Module,
    { table, kernel }: SummedParts,
    private readonly classes: number,
    private readonly dims: number,
  ) {
    this.addsSparse = table.length > 0;
    this.addsDense = kernel.length > 0;
    this.kernelAt = alignUp(this.tableAt + table.byteLength, 16);
    this.batchAt = alignUp(this.kernelAt + kernel.byteLength, 16);
    this.memory = new WebAssembly.Memory({ initial: Math.ceil(this.batchAt / WASM_PAGE) + 1 });
    this.wasm = new WebAssembly.Instance(module, { env: { memory: this.memory } }).exports as unknown as HeadSumsExports;
    new Float32Array(this.memory.buffer, this.tableAt, table.length).set(table);
    new Float32Array(this.memory.buffer, this.kernelAt, kernel.length).set(kernel);
  }

  /** Sums for a head with a sparse table or a linear dense part, or null where it has neither or WebAssembly cannot run (`headLogits` then sums in JavaScript). */
  static of(head: HeadWeights): WasmHeadSums | null {
    const parts = summedParts(head);
    if (!parts.table.length && !parts.kernel.length) return null;
    const module = wasmModule(HEAD_SUMS_WASM);
    return module ? new WasmHeadSums(module, parts, head.shape.classes, head.shape.dims) : null;
  }

  /**
   * Adds to `logits` (`count × classes`, row-major, each text's bias already in) the dense part of
   * texts 0 to `count - 1` (`dense`: `addsDense` only), then their n-gram part (`sparse`:
   * `addsSparse` only, every entry of them: the caller cuts none), in that order, as `headLogits`.
   */
  addTo(logits: Float64Array, features: FeatureBatch, count: number, parts: { dense: boolean; sparse: boolean }): void {
    const denseAt = this.batchAt;
    const denseLength = parts.dense ? count * this.dims : 0;
    const entries = parts.sparse ? features.sparse : undefined;
    const [first, last] = entries ? [entries.offsets[0], entries.offsets[count]] : [0, 0];
    const offsetsAt = alignUp(denseAt + denseLength * 4, 16);
    const indicesAt = alignUp(offsetsAt + (count + 1) * 4, 16);
    const valuesAt = indicesAt + (last - first) * 4;
    const logitsAt = alignUp(valuesAt + (last - first) * 4, 16);
    reserveMemory(this.memory, logitsAt + logits.byteLength);
    const { buffer } = this.memory;
    const sums = new Float64Array(buffer, logitsAt, logits.length);
    sums.set(logits);
    if (parts.dense) {
      new Float32Array(buffer, denseAt, denseLength).set(features.dense.subarray(0, denseLength));
      if (this.classes === 2) this.wasm.addDenseOfTwo(this.kernelAt, this.dims, denseAt, count, logitsAt);
      else this.wasm.addDense(this.kernelAt, this.classes, this.dims, denseAt, count, logitsAt);
    }
    if (entries) {
      const rebased = new Int32Array(buffer, offsetsAt, count + 1);
      for (let i = 0; i <= count; i++) rebased[i] = entries.offsets[i] - first;
      new Int32Array(buffer, indicesAt, last - first).set(entries.indices.subarray(first, last));
      new Float32Array(buffer, valuesAt, last - first).set(entries.values.subarray(first, last));
      if (this.classes === 2) this.wasm.addRowsOfTwo(this.tableAt, offsetsAt, indicesAt, valuesAt, count, logitsAt);
      else this.wasm.addRows(this.tableAt, this.classes, offsetsAt, indicesAt, valuesAt, count, logitsAt);
    }
    logits.set(sums);
  }
}
