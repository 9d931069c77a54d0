const compiled = new Map<string, WebAssembly.Module | null>();

/**
 * The WebAssembly module whose bytes `base64` holds (compiled once per thread), or null where
 * WebAssembly, or a feature the module uses (SIMD, bulk memory), is missing, or where a page's
 * Content-Security-Policy forbids compiling it (no `'wasm-unsafe-eval'`): callers then run their
 * JavaScript version, which computes the same.
 */
export function wasmModule(base64: string): WebAssembly.Module | null {
  let module = compiled.get(base64);
  if (module !== undefined) return module;
  try {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    module = WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  } catch {
    module = null;
  }
  compiled.set(base64, module);
  return module;
}

/** 64 KiB, WebAssembly's page of memory. */
export const WASM_PAGE = 65536;

/** `offset` rounded up to a multiple of `to`. */
export const alignUp = (offset: number, to: number): number => Math.ceil(offset / to) * to;

/** Grows `memory` to hold at least `bytes` (it never shrinks); views of its old buffer are then detached. */
export function reserveMemory(memory: WebAssembly.Memory, bytes: number): void {
  const { byteLength } = memory.buffer;
  if (bytes > byteLength) memory.grow(Math.ceil((bytes - byteLength) / WASM_PAGE));
}
