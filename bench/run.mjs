// Benchmarks Sieve in headless Chromium on the SpamAssassin corpus (6,046 emails, subject +
// body, spam vs ham), stratified 80/20 split with a fixed seed.
// Usage: npm run bench [-- --backbones] [-- --backend wasm]
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { launchChromium } from '../scripts/chromium.mjs';
import { seededRandom, shuffleByKeys } from '../scripts/seeded-shuffle.mjs';
import { loadSpamCorpus } from '../scripts/spam-corpus.mjs';
import { serveStatic } from '../scripts/static-server.mjs';

const { values } = parseArgs({
  options: {
    backbones: { type: 'boolean', default: false },
    backend: { type: 'string', default: 'auto' },
    params: { type: 'string', default: '{}' },
  },
});
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function stratifiedSplit(items, testRatio, seed) {
  const random = seededRandom(seed);
  const train = [];
  const test = [];
  for (const label of ['ham', 'spam']) {
    const group = shuffleByKeys(items.filter((e) => e.label === label), random);
    const cut = Math.round(group.length * testRatio);
    test.push(...group.slice(0, cut));
    train.push(...group.slice(cut));
  }
  return { train, test };
}

const corpus = loadSpamCorpus();
const { train, test } = stratifiedSplit(corpus, 0.2, 1234);
console.log(`SpamAssassin: ${corpus.length} emails, train ${train.length}, test ${test.length}`);
const server = await serveStatic(root);
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`${server.url}/bench/bench.html`);
  await page.waitForFunction(() => window.sieveBenchReady === true);
  const backbones = values.backbones ? ['sieve-text', 'glove-100d', 'hashed-ngrams'] : [undefined];
  const rows = [];
  for (const backbone of backbones) {
    const result = await page.evaluate((config) => window.sieveBench.trainAndEvaluate(config), {
      name: `bench-${Date.now()}`,
      backend: values.backend,
      backbone,
      params: JSON.parse(values.params),
      train,
      test,
    });
    rows.push(result);
    console.log(JSON.stringify(result));
  }
  console.table(
    rows.map((r) => ({
      backbone: r.backbone,
      backend: r.backend,
      'test acc': r.testAccuracy.toFixed(4),
      'val acc': r.validationAccuracy.toFixed(4),
      epochs: `${r.epochs} (best ${r.bestEpoch})`,
      'featurize s': r.featurizeSeconds.toFixed(2),
      'featurize+train s': r.totalTrainSeconds.toFixed(2),
      'predictBatch /s': Math.round(r.predictBatchPerSecond),
      'predict p50 ms': r.predictP50Ms.toFixed(2),
    })),
  );
} finally {
  await browser.close();
  await server.close();
}
