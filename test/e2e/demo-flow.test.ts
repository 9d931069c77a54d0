import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright';
import { launchChromium } from '../../scripts/chromium.mjs';
import { serveStatic } from '../../scripts/static-server.mjs';

// Drives the demo as a visitor would: browse, label, train, predict, reload. `npm test` builds
// dist/ first; the demo loads /dist/sieve.js like any page embedding Sieve.
let server: { url: string; close: () => Promise<void> };
let browser: Browser;
let page: Page;
const requests: string[] = [];

beforeAll(async () => {
  server = await serveStatic(process.cwd());
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => console.error('page error:', error.message));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('demo site', () => {
  it('loads the shipped sample', async () => {
    await page.goto(`${server.url}/demo/`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/400 emails loaded; backend: wasm/);
    // A virtual list: only the rows in view (and a few around them) are in the page.
    await expect.poll(() => page.locator('sieve-labeler .row').count()).toBeGreaterThan(10);
    expect(await page.locator('sieve-labeler .row').count()).toBeLessThan(40);
    expect(await page.locator('sieve-labeler').getByText('360 of 400 labeled').count()).toBe(1);
  });

  it('labels the current record with a number key and by click', async () => {
    await page.locator('sieve-labeler .list').focus();
    expect(await page.locator('sieve-labeler .hint').textContent()).toBe('Record 361 of 400');
    await page.keyboard.press('2');
    await expect.poll(() => page.locator('sieve-labeler').getByText('361 of 400 labeled').count()).toBe(1);
    expect(await page.locator('sieve-labeler .hint').textContent()).toBe('Record 362 of 400');
    await page.locator('sieve-labeler button', { hasText: 'ham' }).click();
    await expect.poll(() => page.locator('sieve-labeler').getByText('362 of 400 labeled').count()).toBe(1);
  });

  it('trains with live curves and shows final metrics', async () => {
    await page.locator('sieve-trainer button', { hasText: 'Train' }).click();
    await expect.poll(() => page.locator('sieve-trainer .status').textContent(), { timeout: 120_000 }).toMatch(/^Finished: validation accuracy/);
    expect(await page.locator('sieve-trainer .chart .uplot').count()).toBe(1);
    const accuracy = await page.locator('sieve-trainer table[part="metrics"] tr', { hasText: 'accuracy' }).first().textContent();
    expect(Number(/([\d.]+)%/.exec(accuracy ?? '')?.[1])).toBeGreaterThan(85);
  });

  it('predicts what is typed, with a bar per class', async () => {
    await page.locator('sieve-predictor textarea').fill('FREE money!!! Click here to claim your prize, limited offer, act now');
    await expect.poll(() => page.locator('sieve-predictor .label').textContent(), { timeout: 30_000 }).toBe('spam');
    expect(await page.locator('sieve-predictor [role="meter"]').count()).toBe(2);
    await expect.poll(() => page.locator('sieve-runs tbody tr[data-run-id] .status').textContent()).toMatch(/FINISHED/);
    await page.locator('sieve-runs button[data-action="use"]').click();
    await expect.poll(() => page.locator('sieve-runs button[data-action="use"]').getAttribute('aria-pressed')).toBe('true');
    // With a model, the labeler suggests, and can put the most uncertain records first.
    await expect.poll(() => page.locator('sieve-labeler [part="suggestion"]').count(), { timeout: 30_000 }).toBe(1);
    await page.locator('#queue').check();
    await expect.poll(() => page.locator('sieve-labeler .row .chip.score').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.locator('#queue').uncheck();
  });

  it('fits a phone-sized screen: nothing overflows the page sideways', async () => {
    const wide = page.viewportSize();
    await page.setViewportSize({ width: 390, height: 844 });
    // With the trained run's tables and the runs list on the page, the widest parts there are.
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // The labeler stacks its list above the record.
    const list = await page.locator('sieve-labeler .list').boundingBox();
    const record = await page.locator('sieve-labeler .text').boundingBox();
    expect(record!.y).toBeGreaterThanOrEqual(list!.y + list!.height);
    // Every table shows all its columns: none is wider than the box it sits in.
    const clipped = await page.evaluate(() =>
      [...document.querySelectorAll('sieve-trainer, sieve-runs')].flatMap((el) =>
        [...el.shadowRoot!.querySelectorAll('table')].filter((t) => t.getBoundingClientRect().width > 0 && t.scrollWidth > t.clientWidth + 1).map((t) => `${el.localName} ${t.getAttribute('aria-label')}`),
      ),
    );
    expect(clipped).toEqual([]);
    // Every action is on screen and is what a tap at its centre reaches.
    const actions = page.locator('sieve-labeler .labels button, sieve-trainer [part="start"], sieve-trainer [part="cancel"], sieve-runs button[data-action], sieve-runs [part="compare-button"], sieve-predictor textarea');
    expect(await actions.count()).toBeGreaterThan(5);
    for (const action of await actions.all()) {
      await action.scrollIntoViewIfNeeded();
      const box = (await action.boundingBox())!;
      expect(box.x, await action.textContent() ?? '').toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, await action.textContent() ?? '').toBeLessThanOrEqual(390);
      const reached = await action.evaluate((el) => {
        const r = el.getBoundingClientRect();
        let hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
        while (hit?.shadowRoot) {
          const inner = hit.shadowRoot.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
          if (!inner || inner === hit) break;
          hit = inner;
        }
        return hit === el || el.contains(hit);
      });
      expect(reached, await action.textContent() ?? '').toBe(true);
    }
    if (wide) await page.setViewportSize(wide);
  });

  it('keeps labels and the model after a reload', async () => {
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    await expect.poll(() => page.locator('sieve-labeler').getByText('362 of 400 labeled').count()).toBe(1);
    await page.locator('sieve-predictor textarea').fill('Meeting notes from the kernel developers list: patch review for the scheduler');
    await expect.poll(() => page.locator('sieve-predictor .label').textContent(), { timeout: 30_000 }).toBe('ham');
  });

  it('sent no request outside the page origin', () => {
    const foreign = requests.filter((url) => !url.startsWith(`${server.url}/`) && !url.startsWith('data:') && !url.startsWith('blob:'));
    expect(requests.length).toBeGreaterThan(5);
    expect(foreign).toEqual([]);
  });
});
