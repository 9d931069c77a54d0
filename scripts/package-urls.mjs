// A build plugin: keeps `new URL('./file', import.meta.url)` (the pattern bundlers follow to copy
// a file into an app) in the built package, relative to each output chunk, instead of letting the
// library build inline the file. Applies to the modules that locate the package's own files. The
// same pattern left in bundled third-party code (ONNX Runtime's Node-only paths) is neutralised, so
// that an app's bundler looks for no file the package does not ship.

const MARKER = '__sievePackageUrl';
const PATTERN = /new URL\(\s*'\.\/([^']+)'\s*,\s*import\.meta\.url\s*\)/g;
const ANY_PATTERN = /new URL\(\s*(`[^`$]*`|"[^"]*"|'[^']*')\s*,\s*import\.meta\.url\s*\)/g;

/**
 * @param {Record<string, (path: string) => string>} modules module path suffix → maps a source-relative
 *   path to the file's path under the package's dist/ folder
 * @returns {import('vite').Plugin}
 */
export function packageUrls(modules) {
  return {
    name: 'sieve-package-urls',
    apply: 'build',
    enforce: 'pre',
    transform(code, id) {
      const entry = Object.entries(modules).find(([suffix]) => id.endsWith(suffix));
      if (!entry) return null;
      const [, toDist] = entry;
      return { code: code.replace(PATTERN, (_, path) => `${MARKER}(${JSON.stringify(toDist(path))})`), map: null };
    },
    renderChunk(code, chunk) {
      const foreign = code.replace(ANY_PATTERN, (_, url) => `new URL(${url}, '' + import.meta.url)`);
      if (!foreign.includes(MARKER)) return foreign === code ? null : { code: foreign, map: null };
      const depth = chunk.fileName.split('/').length - 1;
      const up = depth === 0 ? './' : '../'.repeat(depth);
      const out = foreign.replace(new RegExp(`${MARKER}\\(\\s*"([^"]+)"\\s*\\)`, 'g'), (_, path) => `new URL(${JSON.stringify(up + path)}, import.meta.url)`);
      if (out.includes(MARKER)) this.error(`${chunk.fileName}: a package URL was left unresolved`);
      return { code: out, map: null };
    },
  };
}
