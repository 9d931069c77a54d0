/**
 * Default URL of Sieve's assets (word vectors, WASM binaries): the folder of the built module,
 * where `npm run build` puts them beside `sieve.js`.
 */
export function defaultAssetsUrl(): string {
  // Not `new URL('./', import.meta.url)`: bundlers rewrite that pattern into an asset import.
  const moduleUrl = import.meta.url;
  return moduleUrl.slice(0, moduleUrl.lastIndexOf('/') + 1);
}
