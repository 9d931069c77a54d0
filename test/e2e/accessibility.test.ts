import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright';
import { servedBrowser } from './served-browser.js';

// axe-core on the demo in each state a visitor reaches (before and after training, comparing
// runs), in the light and the dark scheme (followed from the system, and forced by the page), and
// the keyboard's focus after each action that replaces or disables what was pressed.
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const fixture = servedBrowser();
let page: Page;

/** Every axe violation on the page (any impact), as "rule: targets" lines. */
async function violations(): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(() => (window as unknown as { axe: { run: (context: Document) => Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } }).axe.run(document));
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`);
}

/** Runs axe with the system in light and in dark, and with the page forcing dark. */
async function violationsInEveryScheme(): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {};
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    found[`system ${scheme}`] = await violations();
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.selectOption('#theme', 'dark');
  found['forced dark'] = await violations();
  await page.selectOption('#theme', '');
  return found;
}

const noViolations = { 'system light': [], 'system dark': [], 'forced dark': [] };

/** The focused element, looking into shadow roots: its tag and text (BODY when focus is lost). */
function focused(): Promise<string> {
  return page.evaluate(() => {
    let element = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    return `${element?.tagName} ${element?.textContent?.trim() ?? ''}`;
  });
}

/** The text of the trainer's status line. */
const trainerStatus = () => page.evaluate(() => document.querySelector('sieve-trainer')!.shadowRoot!.querySelector('.status')!.textContent ?? '');

beforeAll(async () => {
  // A new page has a context of its own: empty storage, so the demo imports its sample afresh.
  page = await fixture.browser.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(`${fixture.server.url}/demo/`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
});

afterAll(() => page?.close());

describe('accessibility of the demo', () => {
  it('has no axe violations before training, in light and dark', async () => {
    await expect.poll(() => page.locator('sieve-labeler .row').count()).toBeGreaterThan(10);
    expect(await violationsInEveryScheme()).toEqual(noViolations);
  });

  it('keeps focus on Train through a run, and has no violations after it', async () => {
    await page.locator('sieve-trainer [part="start"]').focus();
    await page.keyboard.press('Enter');
    await expect.poll(trainerStatus).not.toBe('Ready');
    // Enter again while the run goes starts nothing more.
    await page.keyboard.press('Enter');
    await expect.poll(trainerStatus, { timeout: 120_000 }).toMatch(/^Finished/);
    expect(await focused()).toBe('BUTTON Train');
    await expect.poll(() => page.locator('sieve-runs tbody tr[data-run-id]').count()).toBe(1);
    await page.locator('sieve-predictor textarea').fill('FREE money!!! Click here to claim your prize');
    await expect.poll(() => page.locator('sieve-predictor .label').count(), { timeout: 30_000 }).toBe(1);
    // The evaluation's curves open, with a drawn chart and a table for each.
    await page.locator('sieve-trainer .curves summary').click();
    expect(await page.locator('sieve-trainer .curves .uplot').count()).toBe(3);
    expect(await page.locator('sieve-trainer .curves table.stack').count()).toBe(3);
    expect(await violationsInEveryScheme()).toEqual(noViolations);
  });

  it('has no violations while reviewing an output by score, and the review opens in the labeler', async () => {
    await page.locator('#score-all').click();
    await page.locator('sieve-scores .plot canvas').first().waitFor({ timeout: 30_000 });
    await page.locator('sieve-scores input[name="min-score"]').fill('0.5');
    await page.locator('sieve-scores input[name="min-score"]').press('Tab');
    await page.locator('sieve-scores input[name="max-score"]').fill('1');
    await page.locator('sieve-scores input[name="max-score"]').press('Tab');
    const selected = Number(/(\d+) records in this range/.exec((await page.locator('sieve-scores [role="status"]').textContent()) ?? '')?.[1]);
    expect(selected).toBeGreaterThan(0);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('sieve-labeler .hint').textContent()).toMatch(new RegExp(`^Record 1 of ${selected}\\b`));
    expect(await page.locator('sieve-labeler .row .chip.score').count()).toBeGreaterThan(0);
    expect(await violationsInEveryScheme()).toEqual(noViolations);
  });

  it('has no violations while comparing runs, and deleting a run keeps focus in the list', async () => {
    await page.locator('sieve-trainer [part="start"]').focus();
    await page.keyboard.press('Enter');
    await expect.poll(trainerStatus, { timeout: 120_000 }).toMatch(/^Finished/);
    await expect.poll(() => page.locator('sieve-runs tbody tr[data-run-id]').count()).toBe(2);
    for (const box of await page.locator('sieve-runs tbody input[type="checkbox"]').all()) await box.check();
    await page.locator('sieve-runs [part="compare-button"]').click();
    await expect.poll(() => page.locator('sieve-runs [part="compare"]').count()).toBe(1);
    expect(await violationsInEveryScheme()).toEqual(noViolations);
    // Phone-sized: the stacked tables too.
    const wide = page.viewportSize()!;
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await violationsInEveryScheme()).toEqual(noViolations);
    await page.setViewportSize(wide);
    await page.locator('sieve-runs button[data-action="delete"]').first().focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('sieve-runs tbody tr[data-run-id]').count()).toBe(1);
    expect(await focused()).toBe('BUTTON Delete');
  });

  it('closes the shortcuts help back to the record list', async () => {
    await page.locator('sieve-labeler .list').focus();
    await page.keyboard.press('?');
    await page.locator('sieve-labeler .help button').click();
    expect(await focused()).toMatch(/^DIV/);
    expect(await page.evaluate(() => document.querySelector('sieve-labeler')!.shadowRoot!.activeElement?.getAttribute('role'))).toBe('listbox');
  });
});
