import { describe, expect, it } from 'vitest';
import { servedBrowser } from './served-browser.js';

// A page whose only script is the library: the elements open their workspace by name (once, shared),
// find the dataset and the run by name, and say so in the element when a name does not resolve.
const fixture = servedBrowser();

describe('elements configured from HTML alone', () => {
  it('import, label, train and predict on a named workspace and dataset; unknown names show a message and a console error', async () => {
    const page = await fixture.browser.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
    await page.goto(`${fixture.server.url}/test/e2e/html-config.html`);
    const shadowText = (selector: string) => page.evaluate((s) => document.querySelector(s)?.shadowRoot?.textContent ?? '', selector);
    // Nothing exists yet: the elements say so; the import creates the workspace and the dataset.
    await expect.poll(() => shadowText('sieve-labeler:not([id])')).toContain('workspace="html-project": No workspace named "html-project"');
    const ham = ['see you at the meeting tomorrow', 'the report is attached', 'lunch on friday?', 'notes from the call'];
    const spam = ['win a free prize now', 'cheap pills click here', 'claim your free money', 'you won the lottery click'];
    const csv = ['message,category', ...ham.map((t) => `${t},ham`), ...spam.map((t) => `${t},spam`), 'free prize inside,'].join('\n');
    await page.locator('sieve-import input[type="file"]').setInputFiles({ name: 'emails.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await expect.poll(() => shadowText('sieve-import')).toContain('A new dataset “emails” will be created with the labels “ham”, “spam”.');
    expect(await page.locator('sieve-import select[name="column-text"]').inputValue()).toBe('message');
    expect(await page.locator('sieve-import select[name="column-label"]').inputValue()).toBe('category');
    await expect.poll(() => shadowText('sieve-import')).toContain('9 records ready.');
    await page.locator('sieve-import [part="import"]').click();
    await expect.poll(() => shadowText('sieve-import')).toContain('9 records added to “emails”.');

    await expect.poll(() => shadowText('sieve-labeler:not([id])')).toContain('8 of 9 labeled');
    // One workspace object for the whole page.
    await expect.poll(() => page.evaluate(() => {
      const elements = [...document.querySelectorAll('sieve-import, sieve-labeler:not([id]), sieve-trainer, sieve-predictor:not([id]), sieve-runs')] as unknown as { workspace: unknown }[];
      return elements.every((e) => e.workspace && e.workspace === elements[0].workspace);
    })).toBe(true);

    await expect.poll(() => shadowText('#unknown-workspace')).toContain('workspace="no-such-project": No workspace named "no-such-project"');
    expect(await page.evaluate(() => document.querySelector('#unknown-workspace')!.shadowRoot!.querySelector('[role="alert"]') !== null)).toBe(true);
    await expect.poll(() => shadowText('#unknown-dataset')).toContain('dataset="no-such-dataset": No dataset with that name or id in workspace "html-project" (it has: "emails")');
    expect(consoleErrors.some((e) => e.startsWith('<sieve-labeler workspace="no-such-project">'))).toBe(true);
    expect(consoleErrors.some((e) => e.startsWith('<sieve-predictor dataset="no-such-dataset">'))).toBe(true);
    // Asking for an unknown workspace does not create it.
    expect(await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).not.toContain('sieve:no-such-project');

    // The predictor names a run by its experiment: none yet, then the trainer's run.
    await expect.poll(() => shadowText('sieve-predictor:not([id])')).toContain('run="from-html": No run');
    await page.locator('sieve-trainer [part="start"]').click();
    await expect.poll(() => shadowText('sieve-trainer'), { timeout: 120_000 }).toContain('Finished');
    await page.locator('sieve-predictor:not([id]) textarea').fill('claim your free prize now');
    await expect.poll(() => page.locator('sieve-predictor:not([id]) .label').textContent(), { timeout: 30_000 }).toBe('spam');
    await expect.poll(() => page.locator('sieve-runs tbody tr[data-run-id]').count()).toBe(1);
    await page.close();
  });
});
