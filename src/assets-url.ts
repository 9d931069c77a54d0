/**
 * Default URL of Sieve's assets (word vectors, WASM binaries): the folder of the built module,
 * where `npm run build` puts them beside `sieve.js`.
 */
export function defaultAssetsUrl(): string {
  return new URL('./', import.meta.url).href;
}
