import { ValidationError } from '../errors.js';
import type { Run, StoredModel } from '../store/schema.js';
import { sha256Hex } from '../util/hash.js';

/** Marks a Sieve model file: the first bytes of a version 1 file, `__metadata__.format` of later ones. */
export const MODEL_FILE_MAGIC = 'SIEVEMDL';
/** Version of the file layout this build writes (it reads this one and every earlier one). */
export const MODEL_FILE_VERSION = 2;
/** Version 1 layout: magic · u32 version · SHA-256 hex · u32 header length · header · weights. */
const V1 = { checksumAt: 12, headerLengthAt: 76, headerAt: 80 };

/** What a model file holds besides the weights. */
export interface ModelFileHeader {
  format: number;
  /** The run that trained the model: params (label maps, backbone, arguments), metrics, history. */
  run: Run;
  /** The stored model without its weight bytes; `weightSpecs` describe them in order (tf.io format). */
  model: Omit<StoredModel, 'weights'>;
}

/**
 * Encodes a model as one file in the safetensors layout, so that any safetensors reader (Python's
 * `safetensors`, Hugging Face's tools) loads its tensors by name:
 * u64 little-endian length N · N bytes of JSON, padded with spaces to a multiple of 8 ·
 * the tensors' bytes. The JSON maps each weight's name (`model.weightSpecs` order: `dense/kernel`,
 * `dense/bias`, …) to `{ "dtype": "F32", "shape": […], "data_offsets": [begin, end] }` and holds
 * `__metadata__` (strings only): `format` ("SIEVEMDL"), `version` ("2"), `header` (the
 * ModelFileHeader JSON: run, label maps, backbone, head), and `sha256` (hex SHA-256 of the
 * `header` string's UTF-8 bytes followed by the tensors' bytes: a changed or truncated file is refused).
 */
export async function encodeModelFile(run: Run, model: StoredModel): Promise<Blob> {
  const { weights, ...rest } = model;
  const header: ModelFileHeader = { format: MODEL_FILE_VERSION, run, model: rest };
  const headerJson = JSON.stringify(header, keepNonFinite);
  const data = new Uint8Array(weights);
  let offset = 0;
  // Entries, not assignments: a weight named "__proto__" stays a tensor like any other.
  const tensors = Object.fromEntries(
    model.weightSpecs.map((spec) => {
      const bytes = spec.shape.reduce((a, b) => a * b, 1) * 4;
      offset += bytes;
      return [spec.name, { dtype: 'F32', shape: spec.shape, data_offsets: [offset - bytes, offset] }];
    }),
  );
  const checksum = await sha256Hex(concat(new TextEncoder().encode(headerJson), data));
  const json = JSON.stringify({ __metadata__: { format: MODEL_FILE_MAGIC, version: String(MODEL_FILE_VERSION), header: headerJson, sha256: checksum }, ...tensors });
  let jsonBytes = new TextEncoder().encode(json);
  const padded = Math.ceil(jsonBytes.length / 8) * 8;
  if (padded !== jsonBytes.length) jsonBytes = new TextEncoder().encode(json + ' '.repeat(padded - jsonBytes.length));
  const length = new Uint8Array(8);
  new DataView(length.buffer).setBigUint64(0, BigInt(jsonBytes.length), true);
  return new Blob([length, jsonBytes, data], { type: 'application/octet-stream' });
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** JSON has no NaN or ±Infinity (metrics use NaN for "not measured"): they travel as `{ "$number": "NaN" }`. */
function keepNonFinite(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? { $number: String(value) } : value;
}

function restoreNonFinite(_key: string, value: unknown): unknown {
  const marker = (value as { $number?: unknown } | null)?.$number;
  return typeof value === 'object' && value !== null && Object.keys(value).length === 1 && typeof marker === 'string' ? Number(marker) : value;
}

function refuse(reason: string, field = 'file'): never {
  throw new ValidationError('model file', [{ field, reason }]);
}

/**
 * Decodes and checks a model file (a Blob or its bytes), in the current safetensors layout or the
 * version 1 one: format, version, checksum, header and weight sizes; throws a ValidationError
 * naming what is wrong. The weights come back in `weightSpecs` order.
 */
export async function decodeModelFile(file: Blob | ArrayBuffer | ArrayBufferView): Promise<{ header: ModelFileHeader; weights: ArrayBuffer }> {
  let bytes: Uint8Array;
  if (file instanceof Blob) bytes = new Uint8Array(await file.arrayBuffer());
  else if (file instanceof ArrayBuffer) bytes = new Uint8Array(file);
  else if (ArrayBuffer.isView(file)) bytes = new Uint8Array(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer);
  else refuse(`expected a Blob, File or the file's bytes, got ${Object.prototype.toString.call(file)}`);
  const { headerJson, weights } = bytes.length >= 8 && new TextDecoder().decode(bytes.subarray(0, 8)) === MODEL_FILE_MAGIC ? await readVersion1(bytes) : await readSafetensors(bytes);
  let header: ModelFileHeader;
  try {
    header = JSON.parse(headerJson, restoreNonFinite);
  } catch (error) {
    refuse(`the header is not valid JSON (${(error as Error).message})`, 'header');
  }
  const { run, model } = header ?? ({} as ModelFileHeader);
  if (!run || typeof run.id !== 'string' || !model || !Array.isArray(model.weightSpecs)) refuse('the header lacks its run or model', 'header');
  if (run.status !== 'FINISHED') refuse(`only models of FINISHED runs can be imported (status ${run.status})`, 'run.status');
  const expected = model.weightSpecs.reduce((n, spec) => n + spec.shape.reduce((a, b) => a * b, 1) * 4, 0);
  if (weights.byteLength !== expected) refuse(`the weights take ${weights.byteLength} bytes; their specs need ${expected}`, 'weights');
  return { header, weights };
}

/** Refuses a version this build cannot read, saying what to do. */
function checkVersion(version: number): void {
  if (version > MODEL_FILE_VERSION || version < 1 || !Number.isInteger(version)) {
    refuse(`model file version ${version} is not supported: this build reads versions 1 to ${MODEL_FILE_VERSION} (${version > MODEL_FILE_VERSION ? 'update sieve-classifier to read it' : 'export it again from the workspace that trained it'})`, 'version');
  }
}

/** The header JSON and the weights of a safetensors-layout file (version 2 on), checksum checked. */
async function readSafetensors(bytes: Uint8Array): Promise<{ headerJson: string; weights: ArrayBuffer }> {
  const notOurs: () => never = () => refuse(`not a Sieve model file (neither ${MODEL_FILE_MAGIC} nor safetensors with Sieve's metadata; ${bytes.length} bytes)`);
  if (bytes.length < 8) notOurs();
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  if (length < 2 || 8 + length > bytes.length) notOurs();
  let json: Record<string, { dtype?: string; shape?: number[]; data_offsets?: [number, number] } | Record<string, string>>;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length)));
  } catch {
    notOurs();
  }
  const metadata = (json.__metadata__ ?? {}) as Record<string, string>;
  if (metadata.format !== MODEL_FILE_MAGIC) notOurs();
  checkVersion(Number(metadata.version));
  const data = bytes.subarray(8 + length);
  if (typeof metadata.header !== 'string' || (await sha256Hex(concat(new TextEncoder().encode(metadata.header), data))) !== metadata.sha256) {
    refuse('checksum mismatch: the file is truncated or was changed after export', 'checksum');
  }
  // The tensors, in the header's weightSpecs order (safetensors itself does not keep an order).
  const specs = (() => {
    try {
      return (JSON.parse(metadata.header) as ModelFileHeader).model?.weightSpecs ?? [];
    } catch {
      return [];
    }
  })();
  const parts: Uint8Array[] = [];
  for (const spec of Array.isArray(specs) ? specs : []) {
    const tensor = json[spec?.name] as { dtype?: string; shape?: number[]; data_offsets?: [number, number] } | undefined;
    const [begin = -1, end = -1] = tensor?.data_offsets ?? [];
    if (!tensor || tensor.dtype !== 'F32' || !Array.isArray(tensor.shape) || tensor.shape.join() !== spec.shape?.join() || !(begin >= 0 && end <= data.length && end - begin === spec.shape.reduce((a: number, b: number) => a * b, 1) * 4)) {
      refuse(`tensor "${spec?.name}" is missing or does not match its spec (F32, shape [${spec?.shape?.join(', ')}])`, 'weights');
    }
    parts.push(data.subarray(begin, end));
  }
  const weights = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    weights.set(part, at);
    at += part.length;
  }
  return { headerJson: metadata.header, weights: weights.buffer };
}

/** The header JSON and the weights of a version 1 file, checksum checked. */
async function readVersion1(bytes: Uint8Array): Promise<{ headerJson: string; weights: ArrayBuffer }> {
  if (bytes.length < V1.headerAt) refuse(`not a Sieve model file (${bytes.length} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  checkVersion(view.getUint32(8, true));
  const checksum = new TextDecoder().decode(bytes.subarray(V1.checksumAt, V1.headerLengthAt));
  if ((await sha256Hex(bytes.subarray(V1.headerLengthAt))) !== checksum) refuse('checksum mismatch: the file is truncated or was changed after export', 'checksum');
  const headerLength = view.getUint32(V1.headerLengthAt, true);
  return { headerJson: new TextDecoder().decode(bytes.subarray(V1.headerAt, V1.headerAt + headerLength)), weights: bytes.slice(V1.headerAt + headerLength).buffer };
}
