import { expect, it } from 'vitest';
import { servedBrowser, TRANSFORMERS_FLOW } from './served-browser.js';

const fixture = servedBrowser();

it('a page imports /dist/sieve.js and uses it with no options', async () => {
  const page = await fixture.browser.newPage();
  await page.goto(`${fixture.server.url}/test/e2e/blank.html`);
  // A string, so that the test runner does not rewrite the page's dynamic import.
  const result = await page.evaluate(`(async () => {
    const sieve = await import('/dist/sieve.js');
    const ws = await sieve.openWorkspace();
    const ds = await ws.datasets.create({ name: 'n', labels: ['pos', 'neg'] });
    const texts = ['great wonderful film', 'loved it, superb acting', 'awful boring mess', 'terrible, hated the plot'];
    await ws.datasets.addRecords(ds.id, texts.flatMap((text, i) => Array.from({ length: 6 }, () => ({ text, label: i < 2 ? 'pos' : 'neg' }))));
    const run = await ws.train({ datasetId: ds.id });
    const clf = await ws.classifier(run.id);
    const p = await clf.predict('a wonderful, superb film');
    return {
      assetsUrl: ws.assetsUrl,
      backend: run.params.backend,
      label: p.label,
      elements: ['sieve-labeler', 'sieve-trainer', 'sieve-predictor'].map((t) => !!customElements.get(t)),
    };
  })()`) as { assetsUrl: string; backend: string; label: string; elements: boolean[] };
  expect(result.assetsUrl).toBe(`${fixture.server.url}/dist/`);
  expect(result.backend).toBe('wasm');
  expect(result.label).toBe('pos');
  expect(result.elements).toEqual([true, true, true]);
});

it('a page trains on a self-hosted Transformers.js model with ONNX Runtime from dist/, nothing from other origins', async () => {
  const page = await fixture.browser.newPage();
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(`${fixture.server.url}/test/e2e/blank.html`);
  const result = (await page.evaluate(TRANSFORMERS_FLOW)) as { status: string; label: string };
  expect(result).toEqual({ status: 'FINISHED', label: 'sports' });
  expect(requests.some((url) => url.endsWith('/dist/ort/ort-wasm-simd-threaded.asyncify.wasm'))).toBe(true);
  expect(requests.filter((url) => !url.startsWith(fixture.server.url))).toEqual([]);
});
