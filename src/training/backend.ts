import { assetUrl, fetchAsset } from '../assets.js';
import { SieveError } from '../errors.js';
import { hasHardwareWebGPU } from '../util/webgpu.js';
import type { BackendPreference } from './backend-preference.js';
import { setWasmPaths, tf } from './tf.js';

const WASM_BINARIES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'] as const;

let wasmPathsSet = false;
let selection: { preference: BackendPreference; backend: Promise<string> } | undefined;

async function trySetBackend(name: string): Promise<boolean> {
  try {
    const ok = await tf.setBackend(name);
    if (ok) await tf.ready();
    return ok;
  } catch {
    return false;
  }
}

/**
 * Makes TensorFlow.js use the preferred backend and returns the one in use. `auto` tries WebGPU
 * only on a hardware adapter, then WASM, WebGL and CPU, in that order (WASM beats WebGL and
 * software WebGPU for small heads). A forced backend that cannot start throws.
 */
export function useBackend(preference: BackendPreference, base?: string): Promise<string> {
  // One selection at a time: concurrent callers (a page and its components) share it.
  if (selection?.preference !== preference) {
    const backend = selectBackend(preference, base);
    selection = { preference, backend };
    backend.catch(() => {
      if (selection?.backend === backend) selection = undefined;
    });
  }
  return selection.backend;
}

async function selectBackend(preference: BackendPreference, base: string | undefined): Promise<string> {
  if (!wasmPathsSet) {
    setWasmPaths(Object.fromEntries(WASM_BINARIES.map((file) => [file, assetUrl(file, base)])));
    wasmPathsSet = true;
  }
  if (preference !== 'auto') {
    if (!(await trySetBackend(preference))) {
      if (preference === 'wasm') await checkWasmBinaries(base);
      throw new SieveError(`The ${preference} backend could not start in this browser (try backend: 'auto')`);
    }
    return preference;
  }
  const order = (await hasHardwareWebGPU()) ? ['webgpu', 'wasm', 'webgl', 'cpu'] : ['wasm', 'webgl', 'cpu'];
  for (const name of order) {
    if (await trySetBackend(name)) return name;
    // A WASM backend that cannot start because its binary is not served is a setup error to
    // report, not a reason to train several times slower on WebGL or the CPU.
    if (name === 'wasm') await checkWasmBinaries(base);
  }
  throw new SieveError('No TensorFlow.js backend could start (tried webgpu, wasm, webgl, cpu)');
}

/** Throws a SieveError naming the URL and the fix when a TensorFlow.js WASM binary is not served. */
async function checkWasmBinaries(base: string | undefined): Promise<void> {
  for (const file of WASM_BINARIES) {
    const url = assetUrl(file, base);
    const bytes = await fetchAsset(url, `the TensorFlow.js WASM binary ${file}`);
    const magic = new Uint8Array(bytes, 0, Math.min(4, bytes.byteLength));
    if (magic.join() !== '0,97,115,109') throw new SieveError(`${url} is not a WebAssembly binary (it does not start with \\0asm)`);
  }
}
