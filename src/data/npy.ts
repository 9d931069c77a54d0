import { ValidationError } from '../errors.js';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/**
 * The rows of a NumPy `.npy` file holding a 2-D float array (`<f4` or `<f8`, C order), e.g. the
 * embeddings a model computed elsewhere (`np.save('vectors.npy', embeddings)`), as Float32Arrays.
 * Anything else is refused with a ValidationError saying what the file holds.
 */
export function readNpy(bytes: ArrayBuffer, name = 'the .npy file'): Float32Array[] {
  const view = new DataView(bytes);
  const refuse = (reason: string) => new ValidationError('vectors', [{ field: 'vectors', value: name, reason }]);
  if (bytes.byteLength < 10 || MAGIC.some((b, i) => view.getUint8(i) !== b)) throw refuse('not a NumPy .npy file (it does not start with \\x93NUMPY)');
  const major = view.getUint8(6);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  const header = new TextDecoder(major >= 3 ? 'utf-8' : 'latin1').decode(new Uint8Array(bytes, start, headerLength));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1].split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (descr !== '<f4' && descr !== '<f8') throw refuse(`its values are ${JSON.stringify(descr)}; expected little-endian float32 or float64 ('<f4', '<f8')`);
  if (fortran !== 'False') throw refuse('it is in Fortran order; save a C-ordered array (np.ascontiguousarray)');
  if (!shape || shape.length !== 2 || shape.some((n) => !Number.isInteger(n))) throw refuse(`its shape is (${shape?.join(', ') ?? '?'}); expected (rows, dimensions)`);
  const [rows, dims] = shape;
  const size = descr === '<f4' ? 4 : 8;
  const dataStart = start + headerLength;
  if (bytes.byteLength < dataStart + rows * dims * size) throw refuse(`it is cut short: ${rows} × ${dims} values need ${rows * dims * size} bytes after the header`);
  const values = descr === '<f4' ? new Float32Array(bytes.slice(dataStart, dataStart + rows * dims * 4)) : Float32Array.from(new Float64Array(bytes.slice(dataStart, dataStart + rows * dims * 8)));
  return Array.from({ length: rows }, (_, r) => values.subarray(r * dims, (r + 1) * dims));
}
