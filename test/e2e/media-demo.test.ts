import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright';
import { servedBrowser } from './served-browser.js';

// Drives the media demo as a visitor would: a generated sample of images, then of sounds, each
// labeled, trained on the shipped tiny demo model and tried with a file, all from this server.
const fixture = servedBrowser();
let page: Page;
const requests: string[] = [];

beforeAll(async () => {
  page = await fixture.browser.newPage();
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => console.error('page error:', error.message));
});

/** Every axe-core violation on the page (any impact), as "rule: targets" lines. */
async function violations(): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
  const result = await page.evaluate(() => (window as unknown as { axe: { run: (context: Document) => Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } }).axe.run(document));
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`);
}

/** A PNG drawn in the page, as bytes for a file input. */
const drawn = (colour: string) =>
  page.evaluate(async (fill) => {
    const canvas = new OffscreenCanvas(40, 40);
    const g = canvas.getContext('2d')!;
    g.fillStyle = fill;
    g.fillRect(0, 0, 40, 40);
    return [...new Uint8Array(await (await canvas.convertToBlob()).arrayBuffer())];
  }, colour);

describe('media demo', () => {
  it('says which model it needs and where it loads it from', async () => {
    await page.goto(`${fixture.server.url}/demo/media.html`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    expect(await page.locator('#model-note').textContent()).toMatch(new RegExp(`^Model: sieve-demo/colours \\(a tiny model shipped with this demo that sees colours only\\), loaded from ${fixture.server.url}/dist/models/sieve-demo/colours/\\.`));
  });

  it('imports a generated sample of images, trains on it and classifies a chosen image', async () => {
    await page.locator('#sample').click();
    await expect.poll(() => page.locator('#status').textContent(), { timeout: 60_000 }).toBe('Imported 24 records.');
    await expect.poll(() => page.locator('sieve-labeler img[part="image"]').count()).toBe(1);
    await page.locator('sieve-trainer button', { hasText: 'Train' }).click();
    await expect.poll(() => page.locator('sieve-trainer .status').textContent(), { timeout: 120_000 }).toMatch(/^Finished: validation accuracy/);
    await expect.poll(() => page.locator('sieve-predictor [part="drop"]').count(), { timeout: 30_000 }).toBe(1);
    await page.locator('sieve-predictor input[type="file"]').setInputFiles({ name: 'ember.png', mimeType: 'image/png', buffer: Buffer.from(await drawn('rgb(235, 90, 40)')) });
    await expect.poll(() => page.locator('sieve-predictor .label').textContent(), { timeout: 30_000 }).toBe('warm');
    await page.locator('sieve-predictor input[type="file"]').setInputFiles({ name: 'lake.png', mimeType: 'image/png', buffer: Buffer.from(await drawn('rgb(30, 110, 225)')) });
    await expect.poll(() => page.locator('sieve-predictor .label').textContent(), { timeout: 30_000 }).toBe('cool');
    // The grid of thumbnails, the image, the drop zone and the preview, in light and dark: no axe violation.
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      expect(await violations(), scheme).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('does the same with sounds, cut into windows, and nothing was fetched from another origin', async () => {
    await page.locator('#kind').selectOption('audio');
    await expect.poll(() => page.locator('#model').inputValue()).toBe('sieve-demo/pitch');
    await page.locator('#sample').click();
    await expect.poll(() => page.locator('#status').textContent(), { timeout: 60_000 }).toBe('Imported 24 records.');
    await expect.poll(() => page.locator('sieve-labeler canvas[part="waveform"]').count()).toBe(1);
    await page.locator('sieve-trainer button', { hasText: 'Train' }).click();
    await expect.poll(() => page.locator('sieve-trainer .status').textContent(), { timeout: 120_000 }).toMatch(/^Finished: validation accuracy 100/);
    expect(await violations()).toEqual([]);
    expect(requests.filter((url) => !url.startsWith(fixture.server.url) && !url.startsWith('blob:') && !url.startsWith('data:'))).toEqual([]);
  });
});
