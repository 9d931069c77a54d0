// Benchmarks Sieve in headless Chromium on the SpamAssassin corpus (6,046 emails, subject +
// body, spam vs ham), stratified 80/20 split with a fixed seed. Sections (default: all but backbones):
//   full     default backbone and arguments on the whole training split: accuracy, time, speed
//   few      8 and 32 labeled examples per class, mean of 5 seeds
//   fit      the training loop against tf.LayersModel.fit on the same head, side by side
//   memory   peak tensor bytes and JS heap of a full run; growth over 20 train/predict/dispose cycles
//   files    model export/import size and time; CSV import speed of a 100,000-row file
//   backbones  each built-in backbone on the same split (plus --model <id> [--local-model-path <url>],
//              a Transformers.js feature-extraction model)
//   cache    featurization rate of short texts (≤ 30 words): first run, cached run, after a reload
//   first    the first run in a new page, with and without ws.prepare() ahead of it
//   labeler  key press → next record rendered in <sieve-labeler> with 100,000 records (p50, p95)
//   active   uncertainty sampling against random order: 10 labels per class, then 10 at a time to 100
//            (learning curve, mean of 5 seeds; a 2,000-email pool, 600 test emails)
//   sets     few labels, any text: SpamAssassin, State of the Union eras, Debian catalogs' languages
//            (scripts/text-sets.mjs) at k = 8 and 32 labels per class (5 seeds) and full, Sieve's
//            defaults against scikit-learn baselines on the same rows (bench/baselines.py, needs
//            Debian's python3-sklearn): test accuracy and macro-F1, mean ± standard deviation
//   score    the sieve-classifier command scoring 96,000 emails (24,000 four times) and 24,000 on 1 and 2 worker threads beside the
//            page's predictBatch and the same predictBatch in a Node worker thread (the engine
//            apart from the command's own work), the command's worker and the page's renderer
//            main thread each pinned to CPU 0, and the worker on CPU 1 (taskset); both at the same time on the emails, on
//            them in Cyrillic and Chinese letters, and on Debian's translated messages (short texts); its resident memory over 1,000,000 generated records
//            (--records N); the Dask distributed recipe (bench/dask-score.py, needs Debian's
//            python3-distributed), its output compared with a single run's; the cost of
//            `explain` per email beside `predict` for a linear head (exact) and an MLP head (occlusion)
//   media    images and sounds: folder import speed (files/s, MB/s; whole clips and 5 s windows),
//            featurization throughput of the media demo's image and audio models on WASM and WebGPU,
//            <sieve-labeler> key press → next image shown with 10,000 image records (p50, p95)
//   size     each entry point's size (raw, gzip, with its static imports) and what a page showing
//            <sieve-predictor> for a stored model downloads per backbone, with its first prediction
//            time (--dist <folder> --core <url> --element <url> measure another build's page)
// Usage: npm run bench [-- --sections full,fit] [-- --sections sets --ks 8,32 --sets sotu-era] [-- --backend wasm] [-- --params '{"learning_rate":0.1}']
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createServer } from 'vite';
import { launchChromium } from '../scripts/chromium.mjs';
import { seededRandom, shuffleByKeys } from '../scripts/seeded-shuffle.mjs';
import { loadSpamCorpus } from '../scripts/spam-corpus.mjs';
import { serveStatic } from '../scripts/static-server.mjs';
import { entrySizes, predictorPage } from './size.mjs';
import { scoreBench } from './score-bench.mjs';
import { textSetsBench } from './text-sets-bench.mjs';

const { values } = parseArgs({
  options: {
    sections: { type: 'string', default: 'full,few,sets,cache,first,active,labeler,media,fit,memory,files,size,score' },
    records: { type: 'string', default: '1000000' },
    ks: { type: 'string', default: '8,32,full' },
    seeds: { type: 'string', default: '5' },
    sets: { type: 'string' },
    backbones: { type: 'boolean', default: false },
    backend: { type: 'string', default: 'auto' },
    params: { type: 'string', default: '{}' },
    model: { type: 'string' },
    'local-model-path': { type: 'string' },
    dist: { type: 'string' },
    core: { type: 'string', default: '/dist/core.js' },
    element: { type: 'string', default: '/dist/components/sieve-predictor.js' },
  },
});
const sections = new Set(values.backbones ? ['backbones'] : values.sections.split(','));
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const params = JSON.parse(values.params);

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

/** `perClass` examples of each label, drawn with `seed` from `train`. */
function fewLabels(train, perClass, seed) {
  const random = seededRandom(seed);
  return ['ham', 'spam'].flatMap((label) => shuffleByKeys(train.filter((e) => e.label === label), random).slice(0, perClass));
}

const corpus = loadSpamCorpus();
const { train, test } = stratifiedSplit(corpus, 0.2, 1234);
console.log(`SpamAssassin: ${corpus.length} emails, train ${train.length}, test ${test.length}`);
const fmt = (x, digits = 4) => (typeof x === 'number' ? x.toFixed(digits) : String(x));
const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

// Precise heap figures and a callable GC for the memory section.
const browser = await launchChromium(['--enable-precise-memory-info', '--js-flags=--expose-gc']);
const server = await serveStatic(root);
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  page.on('console', (m) => m.type() === 'error' && console.error('page console:', m.text()));
  await page.goto(`${server.url}/bench/bench.html`);
  await page.waitForFunction(() => window.sieveBenchReady === true);
  const trainAndEvaluate = (config) => page.evaluate((c) => window.sieveBench.trainAndEvaluate(c), { backend: values.backend, params, test, ...config });

  if (sections.has('full') || sections.has('backbones')) {
    const transformers = values.model && { type: 'transformers', model: values.model, localModelPath: values['local-model-path'] };
    const backbones = sections.has('backbones') ? ['sieve-text', 'glove-100d', 'hashed-ngrams', ...(transformers ? [transformers] : [])] : [undefined];
    const rows = [];
    for (const backbone of backbones) rows.push(await trainAndEvaluate({ backbone, train, latencySamples: 200 }));
    console.log('\nFull training split');
    console.table(
      rows.map((r) => ({
        backbone: typeof r.backbone === 'string' ? r.backbone : r.backbone.model,
        backend: r.backend,
        'test acc': fmt(r.test.accuracy),
        'test macro-F1': fmt(r.test.macroF1),
        'test ROC-AUC': fmt(r.test.rocAuc),
        'ECE before→after': `${fmt(r.calibration.testEceBefore, 3)}→${fmt(r.calibration.testEceAfter, 3)} (T=${fmt(r.calibration.temperature, 2)})`,
        epochs: `${r.epochs} (best ${r.bestEpoch})`,
        'backbone load s': fmt(r.timing.backboneSeconds, 2),
        'featurize s': fmt(r.timing.featurizeSeconds, 2),
        'train s': fmt(r.timing.trainSeconds, 2),
        'train() total s': fmt(r.totalTrainSeconds, 2),
        'predictBatch /s': Math.round(r.predictBatchPerSecond),
        'predict p50 ms': fmt(r.predictP50Ms, 2),
      })),
    );
  }

  if (sections.has('score')) {
    const texts = Array.from({ length: 24_000 }, (_, i) => corpus[i % corpus.length].text);
    await scoreBench(page, { backend: values.backend, root, train, texts, records: Number(values.records) });
  }

  if (sections.has('sets')) await textSetsBench(page, { backend: values.backend, seeds: Number(values.seeds), root, ks: values.ks.split(',').map((k) => (k === 'full' ? Infinity : Number(k))), sets: values.sets?.split(',') });

  if (sections.has('cache')) {
    const shortTexts = train.map((r) => ({ ...r, text: r.text.split(/\s+/).slice(0, 30).join(' ') }));
    const r = await page.evaluate((c) => window.sieveBench.featurizeCache(c), { backend: values.backend, train: shortTexts });
    console.log(`\nFeaturization of ${r.texts} short texts (≤ 30 words), default backbone, training in the worker`);
    console.table([
      { run: 'first (computed)', seconds: fmt(r.firstSeconds, 3), 'texts/s': Math.round(r.texts / r.firstSeconds) },
      { run: 'second (in-memory cache)', seconds: fmt(r.secondSeconds, 3), 'texts/s': Math.round(r.texts / r.secondSeconds), 'vs first': `${(r.firstSeconds / r.secondSeconds).toFixed(0)}× faster` },
      { run: 'after a reload (IndexedDB cache)', seconds: fmt(r.reloadSeconds, 3), 'texts/s': Math.round(r.texts / r.reloadSeconds), 'vs first': `${(r.firstSeconds / r.reloadSeconds).toFixed(1)}× faster` },
    ]);
  }

  if (sections.has('first')) {
    // Each measurement in a new browser context: no compiled code or HTTP cache from earlier runs,
    // as for a visitor opening the page. Cold and prepared alternate, three rounds.
    const random = seededRandom(7);
    const config = { backend: values.backend, train: shuffleByKeys(train, random).slice(0, 2500), test: shuffleByKeys(test, random).slice(0, 500) };
    const once = async (prepared) => {
      const context = await browser.newContext();
      try {
        const fresh = await context.newPage();
        await fresh.goto(`${server.url}/bench/bench.html`);
        await fresh.waitForFunction(() => window.sieveBenchReady === true);
        return await fresh.evaluate((c) => window.sieveBench.firstRun(c), { ...config, prepared });
      } finally {
        await context.close();
      }
    };
    const [cold, prepared] = [[], []];
    for (let round = 0; round < 3; round++) {
      for (const isPrepared of round % 2 ? [true, false] : [false, true]) (isPrepared ? prepared : cold).push(await once(isPrepared));
    }
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    console.log(`\nFirst run in a new page (${config.train.length + config.test.length} emails, default backbone and arguments, training worker; median of 3 rounds)`);
    console.table([
      { start: 'train() right away', 'train() s': fmt(median(cold), 2), runs: cold.map((x) => x.toFixed(2)).join(' ') },
      { start: 'after ws.prepare()', 'train() s': fmt(median(prepared), 2), runs: prepared.map((x) => x.toFixed(2)).join(' '), 'vs right away': `${(median(cold) / median(prepared)).toFixed(1)}× faster` },
    ]);
  }

  if (sections.has('media')) {
    await page.waitForFunction(() => window.sieveMediaBench !== undefined);
    const imported = await page.evaluate((c) => window.sieveMediaBench.mediaImport(c), { images: 1000, imageSize: 128, clips: 24, clipSeconds: 30 });
    console.log('\nFolder import (importFolder: every file decoded, one transaction)');
    console.table(
      Object.entries(imported).map(([what, r]) => ({ import: what === 'windows' ? 'sounds cut into 5 s windows (32 kHz)' : what, files: r.files, records: r.records, MB: fmt(r.mb, 1), s: fmt(r.seconds, 2), 'files/s': fmt(r.filesPerSecond, 0), 'MB/s': fmt(r.mbPerSecond, 1) })),
    );
    const featurized = await page.evaluate((c) => window.sieveMediaBench.mediaFeaturize(c), { images: 256, imageSize: 224, clips: 32, clipSeconds: 5 });
    console.log('\nFeaturization throughput (ws.features, not cached; images 224×224 PNG, sounds 5 s at 16 kHz; the demo\'s tiny models)');
    console.table(featurized.map((r) => ({ model: r.model, device: r.device, items: r.items, 'items/s': fmt(r.itemsPerSecond, 1) })));
    const l = await page.evaluate((c) => window.sieveMediaBench.mediaLabeler(c), { size: 10_000, presses: 100 });
    console.log(`\n<sieve-labeler> with ${l.size.toLocaleString('en')} image records (added in ${fmt(l.addSeconds, 1)} s, opened in ${fmt(l.openSeconds, 2)} s)`);
    console.table([
      { 'key press → next image shown (decoded)': 'label key (answer saved meanwhile)', 'p50 ms': fmt(l.label.p50, 1), 'p95 ms': fmt(l.label.p95, 1) },
      { 'key press → next image shown (decoded)': 'arrow key', 'p50 ms': fmt(l.arrow.p50, 1), 'p95 ms': fmt(l.arrow.p95, 1) },
    ]);
  }

  if (sections.has('labeler')) {
    const r = await page.evaluate((c) => window.sieveBench.labelerLatency(c), { backend: values.backend, size: 100_000, presses: 200 });
    console.log(`\n<sieve-labeler> with ${r.size.toLocaleString('en')} records (added in ${fmt(r.addSeconds, 1)} s, opened in ${fmt(r.openSeconds, 2)} s)`);
    console.table([
      { 'key press → next record rendered': 'label key (answer saved meanwhile)', 'p50 ms': fmt(r.label.p50, 1), 'p95 ms': fmt(r.label.p95, 1) },
      { 'key press → next record rendered': 'arrow key', 'p50 ms': fmt(r.arrow.p50, 1), 'p95 ms': fmt(r.arrow.p95, 1) },
    ]);
  }

  if (sections.has('active')) {
    const random = seededRandom(99);
    const pool = shuffleByKeys(train, random).slice(0, 2000);
    const testSample = shuffleByKeys(test, random).slice(0, 600);
    const curves = await page.evaluate((c) => window.sieveBench.activeLearning(c), {
      backend: values.backend,
      pool,
      test: testSample,
      seeds: [1, 2, 3, 4, 5],
      initialPerClass: 10,
      step: 10,
      budget: 100,
      strategy: 'margin',
    });
    const mean = (runs, i) => runs.reduce((sum, curve) => sum + curve[i].accuracy, 0) / runs.length;
    console.log('\nActive learning: test accuracy by labels (mean of 5 seeds), margin uncertainty vs random order');
    console.table(
      curves.uncertainty[0].map((point, i) => ({
        labels: point.labeled,
        uncertainty: fmt(mean(curves.uncertainty, i)),
        random: fmt(mean(curves.random, i)),
      })),
    );
  }

  if (sections.has('few')) {
    const rows = [];
    for (const perClass of [8, 32]) {
      const accuracies = [];
      let profile;
      for (let seed = 1; seed <= 5; seed++) {
        const r = await trainAndEvaluate({ train: fewLabels(train, perClass, seed), latencySamples: 0 });
        accuracies.push(r.test.accuracy);
        profile = r.defaults;
      }
      const mean = accuracies.reduce((a, b) => a + b, 0) / accuracies.length;
      rows.push({ 'labeled per class': perClass, defaults: profile, 'test acc (mean of 5 seeds)': fmt(mean), 'per seed': accuracies.map((a) => fmt(a, 3)).join(' ') });
    }
    console.log('\nFew labels (default backbone and arguments)');
    console.table(rows);
  }

  if (sections.has('memory')) {
    // A fresh page in its own context, so that the heap holds nothing from the sections before.
    const fresh = await (await browser.newContext()).newPage();
    await fresh.goto(`${server.url}/bench/bench.html`);
    await fresh.waitForFunction(() => window.sieveBenchReady === true);
    const r = await fresh.evaluate((c) => window.sieveBench.memory(c), { backend: values.backend, train, test, cycles: 20, cycleTrain: fewLabels(train, 32, 1) });
    console.log('\nMemory (training in the page, where it can be measured)');
    console.table([
      { what: 'full-split run: peak tf.memory().numBytes', value: mb(r.peakTensorBytes) },
      { what: 'full-split run: peak JS heap (usedJSHeapSize)', value: mb(r.peakHeapBytes) },
      { what: `${r.cycles} train/predict/dispose cycles: tensors before → after`, value: `${r.tensorsBefore} → ${r.tensorsAfter}` },
      { what: `${r.cycles} cycles: tensor bytes before → after`, value: `${mb(r.bytesBefore)} → ${mb(r.bytesAfter)}` },
      { what: `${r.cycles} cycles: JS heap after cycle 1 → after cycle ${r.cycles} (after GC)`, value: `${mb(r.heapAfterFirst)} → ${mb(r.heapAfterLast)}` },
    ]);
  }
  if (sections.has('files')) {
    const r = await page.evaluate((c) => window.sieveBench.files(c), { backend: values.backend, train, test, csvRows: 100_000 });
    console.log('\nModel and dataset files');
    console.table([
      { what: 'model file (default backbone, full split)', value: mb(r.modelBytes) },
      { what: 'export / import time', value: `${r.exportMs.toFixed(0)} ms / ${r.importMs.toFixed(0)} ms` },
      { what: 'imported model predicts identically (200 texts)', value: String(r.identicalPredictions) },
      { what: `CSV import, ${r.csvRows.toLocaleString('en')} rows (${mb(r.csvBytes)})`, value: `${Math.round(r.csvImportRowsPerSecond).toLocaleString('en')} rows/s` },
    ]);
  }
} finally {
  await server.close();
}

if (sections.has('size')) {
  const dist = values.dist ?? join(root, 'dist');
  if (!values.dist) {
    console.log('\nEntry points of the built package (dist/)');
    console.table(entrySizes(dist));
  }
  const browser = await launchChromium();
  try {
    console.log(`\nA page showing <sieve-predictor> for a stored model (${values.core}${values.element ? ` + ${values.element}` : ''}; a new page each time, HTTP cache off)`);
    console.table(await predictorPage(browser, { root, dist, core: values.core, element: values.element }));
  } finally {
    await browser.close();
  }
}

if (sections.has('fit')) {
  // The engine page imports Sieve's sources and TensorFlow.js directly, so Vite serves it.
  const vite = await createServer({ root, logLevel: 'error', server: { port: 0, host: '127.0.0.1' } });
  await vite.listen();
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(`${vite.resolvedUrls.local[0]}bench/engine.html`);
    await page.waitForFunction(() => window.sieveEngineBenchReady === true, undefined, { timeout: 120_000 });
    const backend = values.backend === 'auto' ? 'wasm' : values.backend;
    const rows = await page.evaluate((c) => window.sieveEngineBench.compareWithFit(c), { train, test, backend, epochs: 10, batchSize: 64, learningRate: 0.01 });
    console.log('\nTraining loop vs tf.LayersModel.fit (same head, data, epochs, batch size, backend)');
    console.table(
      rows.map((r) => ({
        head: r.head,
        backend: r.backend,
        'epochs × steps': `${r.epochs} × ${r.steps / r.epochs}`,
        [`loop s (${r.runs} runs)`]: fmt(r.loopSeconds, 2),
        [`fit s (${r.runs} runs)`]: fmt(r.fitSeconds, 2),
        speed: `${(r.fitSeconds / r.loopSeconds).toFixed(1)}×`,
        'loop test acc (mean)': fmt(r.loopAccuracy),
        'fit test acc (mean)': fmt(r.fitAccuracy),
      })),
    );
  } finally {
    await vite.close();
  }
}
await browser.close();
