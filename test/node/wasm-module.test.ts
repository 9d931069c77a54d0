import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { compiledModuleSource, MODULE_PATH } from '../../scripts/build-wasm.mjs';

it('the committed WebAssembly module is pool-rows.wat compiled (run `npm run build:wasm` after editing it)', async () => {
  expect(readFileSync(MODULE_PATH, 'utf8')).toBe(await compiledModuleSource());
});
