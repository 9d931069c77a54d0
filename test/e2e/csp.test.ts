// Sieve under `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'`: no inline style
// attributes, no eval, nothing from elsewhere; training (built-in backbone), labeling and prediction work.
import type { Browser } from 'playwright';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from '../../scripts/chromium.mjs';
import { serveStatic } from '../../scripts/static-server.mjs';

let server: { url: string; close: () => Promise<void> };
let browser: Browser;

beforeAll(async () => {
  server = await serveStatic(process.cwd());
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it('works under a strict Content-Security-Policy, drawing rows and bars without inline styles', async () => {
  const page = await browser.newPage();
  const console: string[] = [];
  page.on('console', (message) => message.type() === 'error' && console.push(message.text()));
  await page.goto(`${server.url}/test/e2e/csp.html`);
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
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (message) => /Content.Security.Policy|violates/i.test(message.text()) && errors.push(message.text()));
    await page.goto(`${strict.url}/test/e2e/blank.html`);
    const result = (await page.evaluate(`(async () => {
      const sieve = await import('/dist/sieve.js');
      const ws = await sieve.openWorkspace({ name: 'transformers-csp' });
      const ds = await ws.datasets.create({ name: 'n', labels: ['sports', 'cooking'] });
      const sports = ['the team won the match', 'a goal by the striker', 'the players won'];
      const cooking = ['bake the bread', 'soup with garlic', 'eggs and sauce in the oven'];
      await ws.datasets.addRecords(ds.id, [...sports.map((text) => ({ text, label: 'sports' })), ...cooking.map((text) => ({ text, label: 'cooking' }))].flatMap((r) => [r, r, r]));
      const backbone = { type: 'transformers', model: 'sieve-tests/tiny-static', localModelPath: '/test/generated/models/', device: 'wasm' };
      const run = await ws.train({ datasetId: ds.id, backbone, params: { learning_rate: 0.1 } });
      const clf = await ws.classifier(run.id);
      return { status: run.status, label: (await clf.predict('the striker won the match')).label };
    })()`)) as { status: string; label: string };
    expect(result).toEqual({ status: 'FINISHED', label: 'sports' });
    expect(errors).toEqual([]);
  } finally {
    await strict.close();
  }
});
