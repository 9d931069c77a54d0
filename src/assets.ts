import { kindOf } from './data/arguments.js';
import { SieveError, ValidationError } from './errors.js';

/** Sieve's shipped files, by name, as the package lays them out under its `dist/` folder. */
export const ASSET_FILES = {
  glove: 'backbones/glove-100d-40k.svec',
  'tfjs-backend-wasm.wasm': 'tfjs/tfjs-backend-wasm.wasm',
  'tfjs-backend-wasm-simd.wasm': 'tfjs/tfjs-backend-wasm-simd.wasm',
  'tfjs-backend-wasm-threaded-simd.wasm': 'tfjs/tfjs-backend-wasm-threaded-simd.wasm',
  'ort.mjs': 'ort/ort-wasm-simd-threaded.asyncify.mjs',
  'ort.wasm': 'ort/ort-wasm-simd-threaded.asyncify.wasm',
} as const;

/** Name of a shipped file. */
export type AssetName = keyof typeof ASSET_FILES;

/**
 * Where each file is when no base path is set: beside the built module. The build writes these as
 * `new URL('./…', import.meta.url)`, the pattern Vite, webpack 5 and other bundlers follow to copy
 * the file into an app's output; without a bundler they point into the package's `dist/` folder.
 */
function packagedUrl(name: AssetName): URL {
  switch (name) {
    case 'glove':
      return new URL('./backbones/glove-100d-40k.svec', import.meta.url);
    case 'tfjs-backend-wasm.wasm':
      return new URL('./tfjs/tfjs-backend-wasm.wasm', import.meta.url);
    case 'tfjs-backend-wasm-simd.wasm':
      return new URL('./tfjs/tfjs-backend-wasm-simd.wasm', import.meta.url);
    case 'tfjs-backend-wasm-threaded-simd.wasm':
      return new URL('./tfjs/tfjs-backend-wasm-threaded-simd.wasm', import.meta.url);
    case 'ort.mjs':
      return new URL('./ort/ort-wasm-simd-threaded.asyncify.mjs', import.meta.url);
    case 'ort.wasm':
      return new URL('./ort/ort-wasm-simd-threaded.asyncify.wasm', import.meta.url);
  }
}

let basePath: string | undefined;

/**
 * Makes Sieve load its files (word vectors, WASM binaries) from a folder laid out as the package's
 * `dist/` folder, e.g. a copy on your own server or CDN: `setBasePath('/static/sieve/')`. Without
 * it, each file is loaded from where your bundler put it (or, with no bundler, from beside the
 * module). `openWorkspace({ assetsUrl })` sets it for one workspace. In Node, a folder's path works too.
 */
export function setBasePath(url: string): void {
  if (typeof url !== 'string' || url === '') throw new SieveError(`setBasePath expects the URL of a folder, got ${JSON.stringify(url)}`);
  basePath = absoluteFolder(url, 'setBasePath', 'url');
}

/** The base path set by `setBasePath`, if any. */
export function getBasePath(): string | undefined {
  return basePath;
}

/**
 * `source` as an absolute URL: a URL (relative to the page's address in a page), or in Node a file
 * path as well ("spam.sieve", "/opt/sieve/", "C:\\sieve\\", which would otherwise read as a URL
 * of scheme "c:"); undefined when it is neither.
 */
export function absoluteUrl(source: string): string | undefined {
  const page = globalThis.location?.href;
  let url: string | undefined;
  try {
    url = new URL(source, page).href;
  } catch {
    // Not a URL.
  }
  return !page && (url === undefined || /^[a-z]:[\\/]/i.test(source)) ? localFileUrl(source) : url;
}

/** `url` made absolute (see `absoluteUrl`) and ending in a slash; anything else (no string, an empty one, neither URL nor path) is refused as `call`'s `field`. */
export function absoluteFolder(url: unknown, call: string, field: string): string {
  const absolute = typeof url === 'string' && url !== '' ? absoluteUrl(url) : undefined;
  if (absolute === undefined) {
    const reason = typeof url === 'string' && url !== '' ? notAUrl() : "the URL of a folder laid out as the package's dist/ (in Node, also its path)";
    throw new ValidationError(call, [{ field, value: kindOf(url), reason }]);
  }
  return absolute.replace(/\/?$/, '/');
}

/** Why a string is no URL or path here. */
export function notAUrl(): string {
  return globalThis.location ? 'not a URL' : 'not a URL, and no file system here to read it as a path';
}

/** URL of a shipped file: under `base` when one is given (or set by `setBasePath`), else where the build put it. */
export function assetUrl(name: AssetName, base: string | undefined = basePath): string {
  return base ? new URL(ASSET_FILES[name], base).href : packagedUrl(name).href;
}

/** The package's own folder (its `dist/`, where nothing moved its files; in a bundled app, where the bundler put them). */
export function packageFolder(): string {
  // The word vectors sit in backbones/ under it.
  return new URL('..', packagedUrl('glove')).href;
}

/** How to fix a file that does not arrive, for error messages. */
export const ASSET_HELP =
  'Serve the package\'s dist/ folder with the page, or call setBasePath("<URL of a copy of dist/>") (openWorkspace({ assetsUrl }) for one workspace); ' +
  "on the dev server of Vite 7 or older add optimizeDeps: { exclude: ['sieve-classifier'] } to vite.config";

/**
 * Fetches one of Sieve's files (or reads it, for `file:` URLs in Node). A failed request, an error
 * status or an HTML page (a server's fallback for a missing file) is refused with a SieveError
 * naming the URL and `help`, what to do about it.
 */
export async function fetchAsset(url: string, what: string, help = ASSET_HELP): Promise<ArrayBuffer> {
  let bytes: ArrayBuffer;
  if (url.startsWith('file:')) {
    bytes = await readLocalFile(url, what);
  } else {
    let response: Response;
    try {
      response = await fetch(url);
    } catch (error) {
      throw new SieveError(`Could not load ${what} from ${url}: ${(error as Error).message}. ${help}`, { cause: error });
    }
    if (!response.ok) throw new SieveError(`Could not load ${what} from ${url}: HTTP ${response.status}. ${help}`);
    bytes = await response.arrayBuffer();
    if ((response.headers.get('content-type') ?? '').includes('text/html') || looksLikeHtml(bytes)) {
      throw new SieveError(`Could not load ${what} from ${url}: the server answered with an HTML page, not the file (it is missing there). ${help}`);
    }
  }
  return bytes;
}

/** Whether a response body starts like an HTML document. */
export function looksLikeHtml(bytes: ArrayBuffer): boolean {
  const start = new TextDecoder().decode(new Uint8Array(bytes, 0, Math.min(bytes.byteLength, 64))).trimStart().toLowerCase();
  return start.startsWith('<!doctype') || start.startsWith('<html') || start.startsWith('<head') || start.startsWith('<body');
}

/** The `file:` URL of a file path (relative to the working folder), where Node's modules are at hand; else undefined. */
function localFileUrl(path: string): string | undefined {
  return nodeBuiltin<{ pathToFileURL(path: string): URL }>('node:url')?.pathToFileURL(path).href;
}

/** One of Node's own modules, where Node 20.16 or later runs; else undefined. */
function nodeBuiltin<T>(id: string): T | undefined {
  return (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.(id) as T | undefined;
}

/** Reads a `file:` URL where Node's file system is at hand (server-side use of the package). */
async function readLocalFile(url: string, what: string): Promise<ArrayBuffer> {
  const fs = nodeBuiltin<{ readFile(path: URL): Promise<Uint8Array> }>('node:fs/promises');
  if (!fs) throw new SieveError(`Could not load ${what} from ${url}: file: URLs are read only in Node 20.16 or later`);
  try {
    const data = await fs.readFile(new URL(url));
    return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
  } catch (error) {
    throw new SieveError(`Could not load ${what} from ${url}: ${(error as Error).message}`, { cause: error });
  }
}
