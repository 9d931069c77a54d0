import { SieveError } from '../errors.js';
import { WordIndex } from './word-index.js';

/** A table of word vectors decoded from a `.svec` file (written by scripts/vector-file.mjs). */
export interface VectorTable {
  dims: number;
  words: string[];
  /** Word → row. */
  index: WordIndex;
  /** Row-major float32 vectors, `words.length × dims`. */
  vectors: Float32Array;
  meta: Record<string, unknown>;
}

const MAGIC = 'SIEVEVEC';

/** Decodes a `.svec` file: int8 rows with a float32 scale each, dequantized to float32. */
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
  const scales = new Float32Array(buffer, scalesStart, header.count);
  const data = new Int8Array(buffer, dataStart, header.count * header.dims);
  const vectors = new Float32Array(data.length);
  for (let row = 0; row < header.count; row++) {
    const scale = scales[row];
    for (let d = 0, at = row * header.dims; d < header.dims; d++, at++) vectors[at] = data[at] * scale;
  }
  return { dims: header.dims, words, index: new WordIndex(words), vectors, meta: header.meta };
}
