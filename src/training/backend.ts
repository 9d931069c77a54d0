import { SieveError, ValidationError } from '../errors.js';
import { hasHardwareWebGPU } from '../util/webgpu.js';
import { setWasmPaths, tf } from './tf.js';

/** Backends a user may ask for; `auto` picks the fastest that really runs here. */
export const BACKENDS = ['auto', 'webgpu', 'wasm', 'webgl', 'cpu'] as const;

/** A backend preference. */
export type BackendPreference = (typeof BACKENDS)[number];

/** Folder, under the assets URL, of the TensorFlow.js WASM binaries. */
export const TFJS_WASM_DIR = 'tfjs/';

/** Throws a ValidationError unless `value` is a known backend preference. */
export function checkBackendPreference(value: unknown): BackendPreference {
  if (!BACKENDS.includes(value as BackendPreference)) {
    throw new ValidationError('backend', [{ field: 'backend', value, reason: `unknown backend (accepted: ${BACKENDS.join(', ')})` }]);
  }
  return value as BackendPreference;
}

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
export function useBackend(preference: BackendPreference, assetsUrl: string): Promise<string> {
  // One selection at a time: concurrent callers (a page and its components) share it.
  if (selection?.preference !== preference) {
    const backend = selectBackend(preference, assetsUrl);
    selection = { preference, backend };
    backend.catch(() => {
      if (selection?.backend === backend) selection = undefined;
    });
  }
  return selection.backend;
}

async function selectBackend(preference: BackendPreference, assetsUrl: string): Promise<string> {
  if (!wasmPathsSet) {
    setWasmPaths(new URL(TFJS_WASM_DIR, assetsUrl).href);
    wasmPathsSet = true;
  }
  if (preference !== 'auto') {
    if (!(await trySetBackend(preference))) {
      throw new SieveError(`The ${preference} backend could not start in this browser (try backend: 'auto')`);
    }
    return preference;
  }
  const order = (await hasHardwareWebGPU()) ? ['webgpu', 'wasm', 'webgl', 'cpu'] : ['wasm', 'webgl', 'cpu'];
  for (const name of order) {
    if (await trySetBackend(name)) return name;
  }
  throw new SieveError('No TensorFlow.js backend could start (tried webgpu, wasm, webgl, cpu)');
}
