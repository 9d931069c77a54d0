// Sieve as a stranger uses it: the packed tarball installed into fresh folders outside this
// repository, then a Vite 8 app (built, and on the dev server), a Vite 6 app, a webpack 5 app, a
// page with no bundler, and Node.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../scripts/chromium.mjs';
import { serveStatic } from '../../scripts/static-server.mjs';

const run = promisify(execFile);
const here = join(process.cwd(), 'test/e2e/consumer');
const versionOf = (name: string) => JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')).version as string;
const npm = (args: string[], cwd: string) => run('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline'], { cwd, maxBuffer: 1 << 26 });

interface FlowResult {
  backend: string;
  labels: string[];
  scores: Record<string, number>[];
  elementLabel?: string;
  defined: boolean[];
  probes: string[];
  modelFile: number[];
  media: { imported: number; zipBytes: number; zipStart: string; vectorLabel: string; vectorProbes: number[][]; vectorScores: Record<string, number>[]; vectorModelFile: number[] };
}

let root: string;
let tarball: string;
let browser: Browser;
const built: { flow?: FlowResult } = {};

/** A Vite app's files: its page, its module importing the package, and the shared flow. */
const VITE_APP = { 'index.html': 'app-index.html', 'main.js': 'app-main.js', 'flow.js': 'flow.js' };

/** A fresh app folder named `name`: the fixture files of `files` (path in the app → fixture) and a package.json. */
function writeApp(dir: string, name: string, files: Record<string, string>): void {
  for (const [target, fixture] of Object.entries(files)) cpSync(join(here, fixture), join(dir, target));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
}

/** Bytes under a folder. */
function folderBytes(path: string): number {
  return readdirSync(path, { withFileTypes: true }).reduce((sum, entry) => {
    const full = join(path, entry.name);
    return sum + (entry.isDirectory() ? folderBytes(full) : statSync(full).size);
  }, 0);
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Opens `url` in Chromium, runs the page's flow, and reports every request that failed or came back as HTML. */
async function flowAt(url: string): Promise<{ result: FlowResult; failures: string[] }> {
  const page = await browser.newPage();
  const failures: string[] = [];
  page.on('requestfailed', (request) => failures.push(`${request.url()} failed: ${request.failure()?.errorText}`));
  page.on('pageerror', (error) => failures.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    const type = response.headers()['content-type'] ?? '';
    if (response.status() >= 400) failures.push(`${response.url()} → HTTP ${response.status()}`);
    else if (type.includes('text/html') && response.request().resourceType() !== 'document') failures.push(`${response.url()} came back as HTML`);
  });
  await page.goto(url);
  await page.waitForFunction(() => typeof (window as unknown as { runFlow?: unknown }).runFlow === 'function');
  const result = (await page.evaluate('window.runFlow()')) as FlowResult;
  await page.close();
  return { result, failures };
}

/** The flow of the Vite app in `dir`, on its dev server. */
async function flowOnViteDevServer(dir: string): Promise<{ result: FlowResult; failures: string[] }> {
  const port = await freePort();
  const server: ChildProcess = spawn('npx', ['vite', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], { cwd: dir, detached: true });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the Vite dev server did not start')), 60_000);
      server.stdout?.on('data', (data: Buffer) => {
        if (data.toString().includes(String(port))) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    return await flowAt(`http://127.0.0.1:${port}/`);
  } finally {
    process.kill(-server.pid!);
  }
}

/** The flow of `folder`/index.html, served statically. */
async function flowServedFrom(folder: string): Promise<{ result: FlowResult; failures: string[] }> {
  const server = await serveStatic(folder);
  try {
    return await flowAt(`${server.url}/index.html`);
  } finally {
    await server.close();
  }
}

function expectTrainedAndPredicted({ result, failures }: { result: FlowResult; failures: string[] }): void {
  expect(failures).toEqual([]);
  expect(result.backend).toBe('wasm');
  expect(result.labels.slice(0, 2)).toEqual(['pos', 'neg']);
  expect(result.elementLabel).toBe('pos');
  expect(result.defined).toEqual([true, true, true, true]);
  expect(result.media).toMatchObject({ imported: 4, zipStart: 'PK', vectorLabel: 'b' });
  expect(result.media.zipBytes).toBeGreaterThan(200);
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'sieve-consumer-'));
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', root], { maxBuffer: 1 << 26 });
  tarball = join(root, (JSON.parse(stdout) as { filename: string }[])[0].filename);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('installs into a fresh project with install scripts on: lit (for the elements\' types) and nothing else, no install script, under 100 MB', async () => {
    const dir = join(root, 'plain');
    writeApp(dir, 'plain', { 'index.html': 'plain-index.html', 'flow.js': 'flow.js' });
    await npm(['install', '--foreground-scripts', tarball], dir);
    const lock = JSON.parse(readFileSync(join(dir, 'node_modules/.package-lock.json'), 'utf8')) as { packages: Record<string, { hasInstallScript?: boolean }> };
    const installed = Object.keys(lock.packages).map((path) => path.replace(/^node_modules\//, ''));
    expect(installed.filter((name) => !/^(lit|lit-html|lit-element|@lit\/reactive-element|@lit-labs\/ssr-dom-shim|@types\/trusted-types)$/.test(name))).toEqual(['sieve-classifier']);
    expect(Object.entries(lock.packages).filter(([, p]) => p.hasInstallScript)).toEqual([]);
    const bytes = folderBytes(join(dir, 'node_modules'));
    console.log(`install adds ${(bytes / 1e6).toFixed(1)} MB; the tarball is ${(statSync(tarball).size / 1e6).toFixed(1)} MB`);
    expect(bytes).toBeLessThan(100e6);
    const pkg = join(dir, 'node_modules/sieve-classifier');
    for (const file of ['LICENSE', 'dist/THIRD-PARTY-LICENSES.md', 'dist/custom-elements.json', 'dist/types/index.d.ts']) expect(statSync(join(pkg, file)).size).toBeGreaterThan(0);
  }, 120_000);

  it('has public types that compile with skipLibCheck off', async () => {
    const dir = join(root, 'plain');
    cpSync(join(here, 'types-check.ts'), join(dir, 'check.ts'));
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', strict: true, skipLibCheck: false, noEmit: true, lib: ['ES2023', 'DOM', 'DOM.Iterable'], types: [] }, files: ['check.ts'] }),
    );
    const tsc = join(process.cwd(), 'node_modules/.bin/tsc');
    const { stdout } = await run(tsc, ['-p', dir]).catch((error: { stdout: string }) => error);
    expect(stdout).toBe('');
  }, 120_000);

  it('works in a page with no bundler', async () => {
    expectTrainedAndPredicted(await flowServedFrom(join(root, 'plain')));
  }, 180_000);

  it('works in a webpack 5 app with no configuration', async () => {
    const dir = join(root, 'webpack');
    writeApp(dir, 'webpack-app', { 'src/main.js': 'app-main.js', 'src/flow.js': 'flow.js', 'dist/index.html': 'app-index.html' });
    await npm(['install', tarball, `webpack@${versionOf('webpack')}`, `webpack-cli@${versionOf('webpack-cli')}`], dir);
    await run('npx', ['webpack', '--mode', 'production', '--entry', './src/main.js'], { cwd: dir, maxBuffer: 1 << 26 });
    expectTrainedAndPredicted(await flowServedFrom(join(dir, 'dist')));
  }, 300_000);

  it('works in a Vite 6 app (Rollup-based) with the two documented lines, built and on the dev server', async () => {
    const dir = join(root, 'vite6');
    writeApp(dir, 'vite6-app', VITE_APP);
    writeFileSync(join(dir, 'vite.config.js'), "export default { worker: { format: 'es' }, optimizeDeps: { exclude: ['sieve-classifier'] } };\n");
    await npm(['install', tarball, 'vite@6'], dir);
    await run('npx', ['vite', 'build'], { cwd: dir, maxBuffer: 1 << 26 });
    expectTrainedAndPredicted(await flowServedFrom(join(dir, 'dist')));
    expectTrainedAndPredicted(await flowOnViteDevServer(dir));
  }, 300_000);

  describe('in a Vite app', () => {
    const app = () => join(root, 'app');

    beforeAll(async () => {
      writeApp(app(), 'app', VITE_APP);
      await npm(['install', tarball, `vite@${versionOf('vite')}`], app());
    }, 300_000);

    it('works after vite build with no configuration at all', async () => {
      const { stdout, stderr } = await run('npx', ['vite', 'build'], { cwd: app(), maxBuffer: 1 << 26 });
      expect(`${stdout}${stderr}`).not.toMatch(/doesn't exist at build time|Could not resolve/);
      const flow = await flowServedFrom(join(app(), 'dist'));
      expectTrainedAndPredicted(flow);
      built.flow = flow.result;
    }, 300_000);

    it('works on the Vite dev server with no configuration either', async () => {
      expectTrainedAndPredicted(await flowOnViteDevServer(app()));
    }, 300_000);

    it('scores in Node from the exported model file exactly as the browser did', async () => {
      const flow = built.flow;
      expect(flow, 'the built app produced a model').toBeDefined();
      const modelPath = join(app(), 'model.sieve');
      writeFileSync(modelPath, Uint8Array.from(flow!.modelFile));
      cpSync(join(here, 'node-score.mjs'), join(app(), 'node-score.mjs'));
      const { stdout } = await run('node', ['node-score.mjs', modelPath, JSON.stringify(flow!.probes)], { cwd: app() });
      const out = JSON.parse(stdout) as { mainExports: number; predictions: { label: string; scores: Record<string, number> }[]; alike: unknown[]; missing: string };
      expect(out.mainExports).toBeGreaterThan(20);
      // Loaded by its path and by its URL, its word vectors from a folder named by path: the same predictions; a path to no file, said with that file.
      for (const predictions of out.alike) expect(predictions).toEqual(out.predictions);
      expect(out.missing).toMatch(/^Could not load the model file from file:\/\/.*\/no-such-model\.sieve: ENOENT/);
      expect(out.predictions.map((p) => p.label)).toEqual(flow!.labels);
      out.predictions.forEach((p, i) => {
        for (const [label, score] of Object.entries(flow!.scores[i])) expect(Math.abs(p.scores[label] - score)).toBeLessThan(1e-5);
      });
    }, 120_000);

    it('scores a file with the package\'s command on two worker threads, as the browser did; refuses bad lines and an existing output, writing nothing partial', async () => {
      const flow = built.flow!;
      const modelPath = join(app(), 'model.sieve');
      writeFileSync(modelPath, Uint8Array.from(flow.modelFile));
      // A stranger's first calls: the installed command's version and its usage.
      expect((await run('npx', ['--no-install', 'sieve-classifier', '--version'], { cwd: app() })).stdout).toBe(`sieve-classifier ${JSON.parse(readFileSync('package.json', 'utf8')).version}\n`);
      expect((await run('npx', ['--no-install', 'sieve-classifier', '--help'], { cwd: app() })).stdout).toMatch(/^Usage: sieve-classifier score --model FILE/);
      // Each probe many times, so that both workers score batches; every other round of the probes
      // written as Python's json.dumps writes it (each character past ASCII a \u escape), and some
      // ids in another script.
      const rows = Array.from({ length: 600 }, (_, i) => ({ id: i % 3 ? `r${i}` : `文档-${i}`, text: flow.probes[i % flow.probes.length] }));
      const escaped = (line: string) => line.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
      writeFileSync(join(app(), 'in.jsonl'), rows.map((r, i) => (Math.floor(i / flow.probes.length) % 2 ? escaped(JSON.stringify(r)) : JSON.stringify(r))).join('\n') + '\n');
      await run('npx', ['--no-install', 'sieve-classifier', 'score', '--model', 'model.sieve', '--input', 'in.jsonl', '--output', 'out.jsonl', '--workers', '2', '--batch', '64'], { cwd: app() });
      const lines = readFileSync(join(app(), 'out.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; label: string; scores: Record<string, number> });
      expect(lines.map((l) => l.id)).toEqual(rows.map((r) => r.id));
      lines.forEach((l, i) => {
        const probe = i % flow.probes.length;
        expect(l.label).toBe(flow.labels[probe]);
        for (const [label, score] of Object.entries(flow.scores[probe])) expect(Math.abs(l.scores[label] - score)).toBeLessThan(1e-5);
      });
      // An existing output is refused without --force; a malformed line aborts with its number and leaves nothing.
      const refused = await run('npx', ['--no-install', 'sieve-classifier', 'score', '--model', 'model.sieve', '--input', 'in.jsonl', '--output', 'out.jsonl'], { cwd: app() }).catch((e) => e);
      expect(String(refused.stderr)).toMatch(/--output out.jsonl exists: pass --force/);
      writeFileSync(join(app(), 'bad.jsonl'), '{"text":"fine"}\nnot json\n');
      const bad = await run('npx', ['--no-install', 'sieve-classifier', 'score', '--model', 'model.sieve', '--input', 'bad.jsonl', '--output', 'bad-out.jsonl'], { cwd: app() }).catch((e) => e);
      expect(String(bad.stderr)).toMatch(/line 2: not JSON .*nothing was written/);
      expect(readdirSync(app()).filter((f) => f.startsWith('bad-out') || f.includes('.partial'))).toEqual([]);
      // A model on precomputed vectors reads each record's vector (CSV: a JSON array), as the browser scored them.
      writeFileSync(join(app(), 'vectors.sieve'), Uint8Array.from(flow.media.vectorModelFile));
      const csv = ['id,vector', ...flow.media.vectorProbes.map((v, i) => `v${i},"${JSON.stringify(v)}"`)].join('\n') + '\n';
      writeFileSync(join(app(), 'vectors.csv'), csv);
      await run('npx', ['--no-install', 'sieve-classifier', 'score', '--model', 'vectors.sieve', '--input', 'vectors.csv', '--output', 'vector-scores.jsonl', '--workers', '1'], { cwd: app() });
      const scored = readFileSync(join(app(), 'vector-scores.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; scores: Record<string, number> });
      expect(scored.map((l) => l.id)).toEqual(['v0', 'v1']);
      scored.forEach((l, i) => {
        for (const [label, score] of Object.entries(flow.media.vectorScores[i])) expect(Math.abs(l.scores[label] - score)).toBeLessThan(1e-5);
      });
    }, 180_000);
  });
});
