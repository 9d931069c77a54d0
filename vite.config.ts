import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defaultClientConditions, defaultServerConditions, type Plugin } from 'vite';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { CHROMIUM_FLAGS } from './scripts/chromium.mjs';
import { packageUrls } from './scripts/package-urls.mjs';

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

/**
 * The Node build: modules that need a browser (training, Transformers.js; reached only through
 * dynamic imports after `openWorkspace`, which needs IndexedDB) become a module that says so.
 */
function browserOnly(suffixes: string[]): Plugin {
  return {
    name: 'sieve-browser-only',
    apply: 'build',
    enforce: 'pre',
    load(id) {
      if (!suffixes.some((suffix) => id.endsWith(suffix))) return null;
      return `throw new Error(${JSON.stringify(`${id.slice(id.lastIndexOf('/src/') + 1)} runs in a browser only`)});`;
    },
  };
}

/**
 * package.json's `sideEffects` describes the built files for apps' bundlers; while the package
 * itself is built, every source module keeps its side effects (tf.ts registers the backends).
 */
function sourcesKeepSideEffects(): Plugin {
  return {
    name: 'sieve-sources-keep-side-effects',
    apply: 'build',
    transform(code, id) {
      return id.includes('/src/') && !id.includes('/node_modules/') ? { code, map: null, moduleSideEffects: true } : null;
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

const COMPONENTS = ['sieve-labeler', 'sieve-trainer', 'sieve-predictor', 'sieve-runs', 'sieve-import', 'sieve-scores'];

/**
 * The package's entry points: the whole library, the library without elements, the
 * inference-only runtime, one per element,
 * and the training worker (its own entry, so that an app's bundler builds it as a worker).
 */
const ENTRIES = {
  sieve: 'src/index.ts',
  core: 'src/core.ts',
  predict: 'src/predict.ts',
  'train-worker': 'src/worker/train-worker.ts',
  ...Object.fromEntries(COMPONENTS.map((tag) => [`components/${tag}`, `src/components/${tag}/${tag}.ts`])),
};

/** Built with `--mode node`: the main entry for Node (server renders, test runners), with lit's server build, and the `sieve-classifier` command. */
const forNode = (mode: string) => mode === 'node';

/** A project of tests in headless Chromium (Vitest browser mode); `groupOrder` orders it among the projects. */
function browserProject(name: string, include: string[], groupOrder: number): TestProjectInlineConfiguration {
  return {
    extends: true,
    test: {
      name,
      include,
      globalSetup: ['test/global-setup.ts'],
      testTimeout: 120_000,
      sequence: { groupOrder },
      browser: {
        enabled: true,
        headless: true,
        provider: playwright({
          launchOptions: { executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_FLAGS },
        }),
        instances: [{ browser: 'chromium' as const }],
      },
    },
  };
}

export default defineConfig(({ mode }) => ({
  plugins: [
    sourcesKeepSideEffects(),
    packageUrls({
      // The Node build sits in dist/node/; the files stay in dist/.
      'src/assets.ts': (path) => (forNode(mode) ? `../${path}` : path),
      'src/worker/worker-trainer.ts': (path) => (forNode(mode) ? '../' : '') + path.replace(/\.ts$/, '.js'),
    }),
    ...(forNode(mode) ? [browserOnly(['/experiments/in-thread.ts', '/backbones/transformers-backbone.ts'])] : [tfjsWasmAssets(), onnxRuntimeAssets()]),
    demoAtRoot(),
  ],
  server: { port: 5173 },
  // ONNX Runtime Web's default build inlines its 27 MB WASM binary (twice, base64) into the bundle;
  // this condition picks the build that loads it from wasmPaths (dist/ort/) instead. In Node, lit's
  // server build gives its elements a DOM shim, so that importing the package does not throw.
  resolve: { conditions: ['onnxruntime-web-use-extern-wasm', ...(forNode(mode) ? defaultServerConditions : defaultClientConditions)] },
  // The training worker is a module worker; its Transformers.js backbone stays a lazy chunk.
  worker: { format: 'es' },
  // Bundled Emscripten and ONNX Runtime code reads Node's __filename/__dirname on paths that only
  // run in Node; in the browser build they are undefined outright, so that no app's bundler
  // (webpack 5 answers `typeof __filename` with "string") takes those paths.
  define: forNode(mode) ? {} : { __filename: 'undefined', __dirname: 'undefined' },
  base: './',
  // Found by the dev server's first scan, so that no test's page reloads when they are discovered later.
  optimizeDeps: { include: ['lit/directives/ref.js', 'fflate'] },
  publicDir: forNode(mode) ? false : 'public',
  build: {
    lib: forNode(mode)
      ? { entry: { sieve: 'src/index.ts', cli: 'src/cli/sieve-cli.ts' }, formats: ['es'], fileName: (_format, name) => `${name}.js` }
      : { entry: ENTRIES, formats: ['es'], fileName: (_format, name) => `${name}.js` },
    outDir: forNode(mode) ? 'dist/node' : 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Licence texts of every bundled package in one file, none inline.
    license: forNode(mode) ? false : { fileName: 'THIRD-PARTY-LICENSES.md' },
    chunkSizeWarningLimit: 4096,
    rolldownOptions: {
      // Node's own modules stay imports in the Node build (the command reads files and starts worker threads).
      external: forNode(mode) ? [/^node:/] : [],
      // Fully minified (a library build otherwise keeps whitespace); licences go to one file instead.
      output: {
        chunkFileNames: 'chunks/[name]-[hash].js',
        minify: true,
        comments: { legal: false },
        // The command (the package's `bin`) runs as a script.
        banner: (chunk) => (chunk.isEntry && chunk.name === 'cli' ? '#!/usr/bin/env node' : ''),
      },
    },
  },
  test: {
    projects: [
      browserProject('browser', ['test/unit/**/*.test.ts'], 0),
      // Timing claims about the page's main thread run alone, once every other project is done.
      browserProject('quiet', ['test/quiet/**/*.test.ts'], 1),
      {
        extends: true,
        test: { name: 'node', include: ['test/node/**/*.test.ts'], environment: 'node', sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          sequence: { groupOrder: 0 },
          globalSetup: ['test/global-setup.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
}));
