// Writer of the .svec format read by src/backbones/vector-file.ts:
//   bytes 0..7   magic "SIEVEVEC"
//   bytes 8..11  header length H (uint32, little endian)
//   H bytes      header JSON: { format: 1, dims, count, quantization: 'int8-row-scale', meta }
//   padding to a multiple of 4
//   words        count words joined by '\n', UTF-8, length in header.wordsBytes, padded to 4
//   scales       float32[count]: per-row scale, value = int8 * scale
//   data         int8[count * dims]
const MAGIC = 'SIEVEVEC';

const pad4 = (n) => (n + 3) & ~3;

/** Quantizes each row to int8 with its own scale and lays the file out. */
export function encodeVectorFile({ words, dims, vectors, meta }) {
  const count = words.length;
  const wordBytes = new TextEncoder().encode(words.join('\n'));
  const scales = new Float32Array(count);
  const data = new Int8Array(count * dims);
  for (let i = 0; i < count; i++) {
    let max = 0;
    for (let d = 0; d < dims; d++) max = Math.max(max, Math.abs(vectors[i * dims + d]));
    const scale = max / 127 || 1;
    scales[i] = scale;
    for (let d = 0; d < dims; d++) data[i * dims + d] = Math.round(vectors[i * dims + d] / scale);
  }
  const header = new TextEncoder().encode(
    JSON.stringify({ format: 1, dims, count, quantization: 'int8-row-scale', wordsBytes: wordBytes.length, meta }),
  );
  const headerEnd = pad4(12 + header.length);
  const wordsEnd = headerEnd + pad4(wordBytes.length);
  const scalesEnd = wordsEnd + count * 4;
  const out = new Uint8Array(scalesEnd + data.length);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(8, header.length, true);
  out.set(header, 12);
  out.set(wordBytes, headerEnd);
  out.set(new Uint8Array(scales.buffer), wordsEnd);
  out.set(new Uint8Array(data.buffer), scalesEnd);
  return out;
}
