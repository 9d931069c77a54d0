import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defaultClientConditions, type Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { CHROMIUM_FLAGS } from './scripts/chromium.mjs';

const require = createRequire(import.meta.url);

/** Puts the TensorFlow.js WASM binaries beside sieve.js (dist/tfjs/), where the library loads them. */
function tfjsWasmAssets(): Plugin {
  const dir = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  const files = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];
  return {
    name: 'sieve-tfjs-wasm-assets',
    apply: 'build',
    generateBundle() {
      for (const file of files) this.emitFile({ type: 'asset', fileName: `tfjs/${file}`, source: readFileSync(join(dir, file)) });
    },
  };
}

/**
 * Puts ONNX Runtime Web's WASM build (the one Transformers.js runs on WebGPU and WASM) beside
 * sieve.js (dist/ort/), so Transformers.js backbones never fetch it from a CDN.
 */
function onnxRuntimeAssets(): Plugin {
  // The package's exports hide package.json; its main entry lives in dist/.
  const dir = dirname(require.resolve('onnxruntime-web'));
  const files = ['ort-wasm-simd-threaded.asyncify.mjs', 'ort-wasm-simd-threaded.asyncify.wasm'];
  return {
    name: 'sieve-onnx-runtime-assets',
    apply: 'build',
    generateBundle() {
      for (const file of files) this.emitFile({ type: 'asset', fileName: `ort/${file}`, source: readFileSync(join(dir, file)) });
    },
  };
}

/** The dev server (`npm start`) opens on the demo. */
function demoAtRoot(): Plugin {
  return {
    name: 'sieve-demo-at-root',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (req.url !== '/') return next();
        res.statusCode = 302;
        res.setHeader('location', '/demo/');
        res.end();
      });
    },
  };
}

export default defineConfig({
  plugins: [tfjsWasmAssets(), onnxRuntimeAssets(), demoAtRoot()],
  server: { port: 5173 },
  // ONNX Runtime Web's default build inlines its 27 MB WASM binary (twice, base64) into the bundle;
  // this condition picks the build that loads it from wasmPaths (dist/ort/) instead.
  resolve: { conditions: ['onnxruntime-web-use-extern-wasm', ...defaultClientConditions] },
  // The training worker is a module worker; its Transformers.js backbone stays a lazy chunk.
  worker: { format: 'es' },
  // Built URLs (the worker's) relative to sieve.js, wherever a page serves it from.
  base: './',
  build: {
    lib: { entry: 'src/index.ts', formats: ['es'], fileName: () => 'sieve.js' },
    outDir: 'dist',
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/unit/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 120_000,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({
              launchOptions: { executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_FLAGS },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
