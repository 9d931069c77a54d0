import { SieveError } from '../errors.js';
import { createRowPooler, type RowPooler } from './row-pooler.js';
import { WordIndex, wordIndexSizes } from './word-index.js';

/** A table of word vectors decoded from a `.svec` file (written by scripts/vector-file.mjs). */
export interface VectorTable {
  dims: number;
  words: string[];
  /** Word → row. */
  index: WordIndex;
  /**
   * Row-major int8 vectors, `words.length × dims`, kept as the file stores them (a quarter of the
   * float32 size, so that the rows a text looks up stay in cache): value `d` of row `r` is
   * `Math.fround(quantized[r * dims + d] * scales[r])` (see `vectorRow`).
   */
  quantized: Int8Array;
  /** Each row's scale. */
  scales: Float32Array;
  /**
   * Pools texts in WebAssembly; `quantized`, `scales` and the index's arrays then live in its
   * memory. Absent where WebAssembly cannot run: `poolStaticVectors` then pools in JavaScript, to
   * the same values.
   */
  pooler?: RowPooler;
  meta: Record<string, unknown>;
}

/** Row `row` of `table` as float32 values. */
export function vectorRow(table: VectorTable, row: number): Float32Array {
  const { dims, quantized, scales } = table;
  const out = new Float32Array(dims);
  for (let d = 0; d < dims; d++) out[d] = quantized[row * dims + d] * scales[row];
  return out;
}

const MAGIC = 'SIEVEVEC';

/** Decodes a `.svec` file: int8 rows with a float32 scale each (kept so, see `VectorTable.quantized`). */
export function decodeVectorFile(buffer: ArrayBuffer, source: string): VectorTable {
  const bytes = new Uint8Array(buffer);
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) {
    throw new SieveError(`${source} is not a Sieve vector file (it does not start with "${MAGIC}")`);
  }
  const headerLength = new DataView(buffer).getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength))) as {
    format: number;
    dims: number;
    count: number;
    quantization: string;
    wordsBytes: number;
    meta: Record<string, unknown>;
  };
  if (header.format !== 1 || header.quantization !== 'int8-row-scale') {
    throw new SieveError(`${source} has format ${header.format}/${header.quantization}; this version reads 1/int8-row-scale`);
  }
  const pad4 = (n: number) => (n + 3) & ~3;
  const wordsStart = pad4(12 + headerLength);
  const scalesStart = wordsStart + pad4(header.wordsBytes);
  const dataStart = scalesStart + header.count * 4;
  if (bytes.length !== dataStart + header.count * header.dims) {
    throw new SieveError(`${source} is truncated: expected ${dataStart + header.count * header.dims} bytes, got ${bytes.length}`);
  }
  const words = new TextDecoder().decode(bytes.subarray(wordsStart, wordsStart + header.wordsBytes)).split('\n');
  // Copies: a table must not keep the whole file (its words and header) alive.
  const pooler = createRowPooler(header.count, header.dims, wordIndexSizes(words));
  const scales = pooler?.scales ?? new Float32Array(header.count);
  const quantized = pooler?.quantized ?? new Int8Array(header.count * header.dims);
  scales.set(new Float32Array(buffer, scalesStart, header.count));
  quantized.set(new Int8Array(buffer, dataStart, header.count * header.dims));
  return { dims: header.dims, words, index: new WordIndex(words, pooler?.index), quantized, scales, pooler, meta: header.meta };
}
