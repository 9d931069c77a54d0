import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { compiledModuleSource, WASM_SOURCES } from '../../scripts/build-wasm.mjs';

it('each committed WebAssembly module is its .wat compiled (run `npm run build:wasm` after editing one)', async () => {
  expect(WASM_SOURCES.map(({ wat }) => wat.split('/').pop()).sort()).toEqual(['count-buckets.wat', 'head-sums.wat', 'json-string.wat', 'pool-rows.wat', 'tokenize.wat']);
  for (const { wat, module } of WASM_SOURCES) expect(readFileSync(module, 'utf8'), module).toBe(await compiledModuleSource(wat));
});
