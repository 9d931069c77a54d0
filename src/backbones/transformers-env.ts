import { env } from '@huggingface/transformers';
import { assetUrl, fetchAsset } from '../assets.js';
import { SieveError } from '../errors.js';
import { hasHardwareWebGPU } from '../util/webgpu.js';
import type { TransformersBackboneRef } from './backbone.js';

const HUB = { remoteHost: env.remoteHost, remotePathTemplate: env.remotePathTemplate };

/**
 * Gets Transformers.js ready to load `ref`: models from its self-hosted folder (checked first, so
 * that a missing or broken file is named) or the Hub, ONNX Runtime's files from Sieve's own
 * (never a CDN), and the device (`auto`: WebGPU on a hardware adapter, else WASM). Returns the
 * device and where the model comes from, in words.
 */
export async function prepareTransformers(ref: TransformersBackboneRef, base: string | undefined, requiredFiles: readonly string[]): Promise<{ device: 'webgpu' | 'wasm'; where: string }> {
  pointAt(ref.localModelPath);
  const wasm = (env.backends.onnx as { wasm?: { wasmPaths?: unknown } }).wasm;
  if (wasm) {
    // ONNX Runtime's small loader is checked first, so that a file the server lacks is reported
    // by URL rather than as a failed compile.
    const paths = { mjs: assetUrl('ort.mjs', base), wasm: assetUrl('ort.wasm', base) };
    await fetchAsset(paths.mjs, "ONNX Runtime's loader");
    wasm.wasmPaths = paths;
    // Not Transformers.js's copy in Cache Storage: it hands ONNX Runtime its loader as a blob:
    // URL, which a Content-Security-Policy of script-src 'self' forbids; the HTTP cache serves.
    env.useWasmCache = false;
  }
  const device = ref.device === 'auto' ? ((await hasHardwareWebGPU()) ? 'webgpu' : 'wasm') : ref.device;
  const where = ref.localModelPath !== undefined ? `${ref.localModelPath}${ref.model}/` : `the Hugging Face Hub (${ref.model})`;
  if (ref.localModelPath !== undefined) await checkModelFolder(new URL(`${ref.model}/`, new URL(ref.localModelPath, globalThis.location?.href)).href, ref, requiredFiles);
  return { device, where };
}

/**
 * Where Transformers.js loads models from: the Hub, or a self-hosted folder. Transformers.js reads
 * "local" models only from same-origin paths, so a folder on another origin is served to it as the
 * remote host instead (still never the Hub).
 */
function pointAt(localModelPath: string | undefined): void {
  Object.assign(env, HUB);
  if (localModelPath === undefined) {
    env.allowLocalModels = false;
    env.allowRemoteModels = true;
    return;
  }
  const url = new URL(localModelPath, globalThis.location?.href);
  if (url.origin === globalThis.location?.origin) {
    env.allowLocalModels = true;
    env.allowRemoteModels = false;
    env.localModelPath = url.pathname;
  } else {
    env.allowLocalModels = false;
    env.allowRemoteModels = true;
    env.remoteHost = url.href;
    env.remotePathTemplate = '{model}/';
  }
}

const ONNX_FILES: Record<TransformersBackboneRef['dtype'], string> = { fp32: 'onnx/model.onnx', fp16: 'onnx/model_fp16.onnx', q8: 'onnx/model_quantized.onnx' };

/**
 * Checks a self-hosted model folder before Transformers.js sees it: every required file is there,
 * and the ONNX file starts like an ONNX protobuf. (Besides clearer errors, this keeps a broken
 * file from reaching ONNX Runtime, whose failed session creation makes later loads in the page fail.)
 */
async function checkModelFolder(folder: string, ref: TransformersBackboneRef, requiredFiles: readonly string[]): Promise<void> {
  const onnx = ONNX_FILES[ref.dtype];
  const files = [...requiredFiles.filter((f) => !f.startsWith('onnx/')), onnx];
  const heads = await Promise.all(files.map((file) => fetch(new URL(file, folder), { headers: { Range: 'bytes=0-15' } }).catch((error: Error) => error)));
  files.forEach((file, i) => {
    const head = heads[i];
    if (head instanceof Error || !head.ok) {
      const why = head instanceof Error ? head.message : `HTTP ${head.status}`;
      throw new SieveError(`Could not load the Transformers.js model ${JSON.stringify(ref.model)} from ${folder}: the folder has no ${file} (${why}; a model folder needs ${files.join(', ')})`);
    }
    // A server's page fallback answers a missing file with HTML and status 200.
    if ((head.headers.get('content-type') ?? '').includes('text/html')) {
      throw new SieveError(`Could not load the Transformers.js model ${JSON.stringify(ref.model)} from ${folder}: the server answered ${file} with an HTML page, so the file is missing there (a model folder needs ${files.join(', ')})`);
    }
  });
  const start = new Uint8Array(await (heads[files.length - 1] as Response).arrayBuffer());
  // An ONNX ModelProto starts with field 1 (ir_version), a varint: tag byte 0x08.
  if (start[0] !== 0x08) {
    throw new SieveError(`Could not load the Transformers.js model ${JSON.stringify(ref.model)} from ${folder}: ${onnx} is not a valid ONNX model (it does not start like an ONNX protobuf)`);
  }
}

/** A load error in words: which required file is missing, or that the ONNX file is not a model. */
export function describeLoadError(error: unknown, requiredFiles: readonly string[]): string {
  const message = String((error as Error)?.message ?? error);
  const missing = requiredFiles.find((file) => message.includes(file));
  if (/locate file|404|not found/i.test(message) && missing) return `the folder has no ${missing} (a model folder needs ${requiredFiles.join(', ')})`;
  if (/protobuf|onnx|session|model format|invalid/i.test(message)) return `onnx/model.onnx is not a valid ONNX model (${message})`;
  return message;
}
