// The fixture most end-to-end tests share: this repository served statically, and a Chromium.
import type { Browser } from 'playwright';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from '../../scripts/chromium.mjs';
import { serveStatic } from '../../scripts/static-server.mjs';

/** Starts the server and the browser before the file's tests and stops them after; read them from the result. */
export function servedBrowser(): { server: { url: string; close: () => Promise<void> }; browser: Browser } {
  const fixture = {} as { server: { url: string; close: () => Promise<void> }; browser: Browser };
  beforeAll(async () => {
    fixture.server = await serveStatic(process.cwd());
    fixture.browser = await launchChromium();
  });
  afterAll(async () => {
    await fixture.browser?.close();
    await fixture.server?.close();
  });
  return fixture;
}

/**
 * A page script (a string, so that the test runner does not rewrite its dynamic import) that
 * trains on the tiny self-hosted Transformers.js model and predicts; resolves with { status, label }.
 */
export const TRANSFORMERS_FLOW = `(async () => {
  const sieve = await import('/dist/sieve.js');
  const ws = await sieve.openWorkspace({ name: 'transformers-' + Math.random().toString(36).slice(2) });
  const ds = await ws.datasets.create({ name: 'n', labels: ['sports', 'cooking'] });
  const sports = ['the team won the match', 'a goal by the striker', 'the players won'];
  const cooking = ['bake the bread', 'soup with garlic', 'eggs and sauce in the oven'];
  await ws.datasets.addRecords(ds.id, [...sports.map((text) => ({ text, label: 'sports' })), ...cooking.map((text) => ({ text, label: 'cooking' }))].flatMap((r) => [r, r, r]));
  const backbone = { type: 'transformers', model: 'sieve-tests/tiny-static', localModelPath: '/test/generated/models/', device: 'wasm' };
  const run = await ws.train({ datasetId: ds.id, backbone, params: { learning_rate: 0.1 } });
  const clf = await ws.classifier(run.id);
  return { status: run.status, label: (await clf.predict('the striker won the match')).label };
})()`;
