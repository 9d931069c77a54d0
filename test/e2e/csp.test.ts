// Sieve under `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'`: no inline style
// attributes, no eval, nothing from elsewhere; training (built-in backbone), labeling and prediction work.
import { expect, it } from 'vitest';
import { servedBrowser, TRANSFORMERS_FLOW } from './served-browser.js';
import { serveStatic } from '../../scripts/static-server.mjs';

const fixture = servedBrowser();

it('works under a strict Content-Security-Policy, drawing rows and bars without inline styles', async () => {
  const page = await fixture.browser.newPage();
  const console: string[] = [];
  page.on('console', (message) => message.type() === 'error' && console.push(message.text()));
  await page.goto(`${fixture.server.url}/test/e2e/csp.html`);
  await page.waitForFunction(() => typeof (window as unknown as { runCspFlow?: unknown }).runCspFlow === 'function');
  const result = (await page.evaluate('window.runCspFlow()')) as { label: string; scores: number[]; rows: number[]; fills: number[]; violations: string[] };
  expect(result.violations).toEqual([]);
  expect(console.filter((text) => /Content.Security.Policy|violates/i.test(text))).toEqual([]);
  expect(result.label).toBe('pos');
  // Each row at its own position (not stacked), each bar as wide as its score.
  expect(new Set(result.rows).size).toBe(result.rows.length);
  expect(result.rows.length).toBeGreaterThan(5);
  result.fills.forEach((fill, i) => expect(Math.abs(fill - result.scores[i])).toBeLessThan(0.02));
});

it('trains on a self-hosted Transformers.js model when every response carries that policy (the worker too)', async () => {
  const strict = await serveStatic(process.cwd(), { 'content-security-policy': "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'" });
  try {
    const page = await fixture.browser.newPage();
    const errors: string[] = [];
    page.on('console', (message) => /Content.Security.Policy|violates/i.test(message.text()) && errors.push(message.text()));
    await page.goto(`${strict.url}/test/e2e/blank.html`);
    const result = (await page.evaluate(TRANSFORMERS_FLOW)) as { status: string; label: string };
    expect(result).toEqual({ status: 'FINISHED', label: 'sports' });
    expect(errors).toEqual([]);
  } finally {
    await strict.close();
  }
});

it('featurizes alike under a policy that forbids WebAssembly (the featurizer runs its JavaScript versions then)', async () => {
  const noWasm = await serveStatic(process.cwd(), { 'content-security-policy': "default-src 'self'; script-src 'self'" });
  try {
    const features = async (url: string) => {
      const page = await fixture.browser.newPage();
      await page.goto(`${url}/test/e2e/blank.html`);
      // A string, so that the test runner leaves its import() alone.
      const result = (await page.evaluate(`(async () => {
        let wasm = true;
        try { new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])); } catch { wasm = false; }
        const { openWorkspace } = await import('/dist/sieve.js');
        const ws = await openWorkspace({ name: 'wasm-' + Math.random(), backend: 'cpu', trainIn: 'page' });
        const batch = await ws.features(['Free money!!! Claim your prize now', 'The meeting moved to Tuesday at ten.']);
        return { wasm, dense: Array.from(batch.dense), indices: Array.from(batch.sparse.indices), values: Array.from(batch.sparse.values) };
      })()`)) as { wasm: boolean; dense: number[]; indices: number[]; values: number[] };
      await page.close();
      return result;
    };
    const [without, withWasm] = [await features(noWasm.url), await features(fixture.server.url)];
    expect([without.wasm, withWasm.wasm]).toEqual([false, true]);
    expect(without.dense.length).toBe(200);
    expect(without.indices.length).toBeGreaterThan(50);
    expect(without).toEqual({ ...withWasm, wasm: false });
  } finally {
    await noWasm.close();
  }
});
