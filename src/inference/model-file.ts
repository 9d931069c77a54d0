import { ValidationError } from '../errors.js';
import type { Run, StoredModel } from '../store/schema.js';
import { sha256Hex } from '../util/hash.js';

/** First bytes of every exported model file. */
export const MODEL_FILE_MAGIC = 'SIEVEMDL';
/** Version of the file layout this build writes and reads. */
export const MODEL_FILE_VERSION = 1;
const CHECKSUM_AT = 12;
const HEADER_LENGTH_AT = 76;
const HEADER_AT = 80;

/** What a model file holds besides the weights. */
export interface ModelFileHeader {
  format: typeof MODEL_FILE_VERSION;
  /** The run that trained the model: params (label maps, backbone, arguments), metrics, history. */
  run: Run;
  /** The stored model without its weight bytes; `weightSpecs` describe them in order (tf.io format). */
  model: Omit<StoredModel, 'weights'>;
}

/**
 * Encodes a model as one file:
 * `"SIEVEMDL"` · u32 version · 64 hex chars SHA-256 of the rest · u32 header length · header JSON ·
 * float32 weights (little-endian, in `model.weightSpecs` order, as `tf.io.decodeWeights` reads them).
 */
export async function encodeModelFile(run: Run, model: StoredModel): Promise<Blob> {
  const { weights, ...rest } = model;
  const header: ModelFileHeader = { format: MODEL_FILE_VERSION, run, model: rest };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header, keepNonFinite));
  const body = new Uint8Array(4 + headerBytes.length + weights.byteLength);
  new DataView(body.buffer).setUint32(0, headerBytes.length, true);
  body.set(headerBytes, 4);
  body.set(new Uint8Array(weights), 4 + headerBytes.length);
  const prefix = new Uint8Array(HEADER_LENGTH_AT);
  prefix.set(new TextEncoder().encode(MODEL_FILE_MAGIC), 0);
  new DataView(prefix.buffer).setUint32(8, MODEL_FILE_VERSION, true);
  prefix.set(new TextEncoder().encode(await sha256Hex(body)), CHECKSUM_AT);
  return new Blob([prefix, body], { type: 'application/octet-stream' });
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
 * Decodes and checks a model file (a Blob or its bytes): magic, version, checksum, header and
 * weight sizes; throws a ValidationError naming what is wrong.
 */
export async function decodeModelFile(file: Blob | ArrayBuffer | ArrayBufferView): Promise<{ header: ModelFileHeader; weights: ArrayBuffer }> {
  let bytes: Uint8Array;
  if (file instanceof Blob) bytes = new Uint8Array(await file.arrayBuffer());
  else if (file instanceof ArrayBuffer) bytes = new Uint8Array(file);
  else if (ArrayBuffer.isView(file)) bytes = new Uint8Array(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer);
  else refuse(`expected a Blob, File or the file's bytes, got ${Object.prototype.toString.call(file)}`);
  if (bytes.length < HEADER_AT || new TextDecoder().decode(bytes.subarray(0, 8)) !== MODEL_FILE_MAGIC) {
    refuse(`not a Sieve model file (it does not start with ${MODEL_FILE_MAGIC}; ${bytes.length} bytes)`);
  }
  const view = new DataView(bytes.buffer);
  const version = view.getUint32(8, true);
  if (version !== MODEL_FILE_VERSION) {
    refuse(`model file version ${version} is not supported: this build reads version ${MODEL_FILE_VERSION} (${version > MODEL_FILE_VERSION ? 'update sieve-classifier to read it' : 'export it again from the workspace that trained it'})`, 'version');
  }
  const checksum = new TextDecoder().decode(bytes.subarray(CHECKSUM_AT, HEADER_LENGTH_AT));
  if ((await sha256Hex(bytes.subarray(HEADER_LENGTH_AT))) !== checksum) {
    refuse('checksum mismatch: the file is truncated or was changed after export', 'checksum');
  }
  const headerLength = view.getUint32(HEADER_LENGTH_AT, true);
  let header: ModelFileHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(HEADER_AT, HEADER_AT + headerLength)), restoreNonFinite);
  } catch (error) {
    refuse(`the header is not valid JSON (${(error as Error).message})`, 'header');
  }
  const { run, model } = header ?? ({} as ModelFileHeader);
  if (!run || typeof run.id !== 'string' || !model || !Array.isArray(model.weightSpecs)) refuse('the header lacks its run or model', 'header');
  if (run.status !== 'FINISHED') refuse(`only models of FINISHED runs can be imported (status ${run.status})`, 'run.status');
  const weights = bytes.slice(HEADER_AT + headerLength).buffer;
  const expected = model.weightSpecs.reduce((n, spec) => n + spec.shape.reduce((a, b) => a * b, 1) * 4, 0);
  if (weights.byteLength !== expected) refuse(`the weights take ${weights.byteLength} bytes; their specs need ${expected}`, 'weights');
  return { header, weights };
}
