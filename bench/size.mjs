// The 'size' section: what the built package weighs. Every entry point's own size and the size of
// everything it imports statically (raw and gzip); and what a page that shows <sieve-predictor>
// for a stored model downloads, by backbone, with the time to its first prediction in a fresh page.
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { serveStatic } from '../scripts/static-server.mjs';

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
const gzip = (file) => gzipSync(readFileSync(file), { level: 9 }).length;

/** The files `file` imports statically, itself included, transitively. */
function staticClosure(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(file, 'utf8');
  for (const [, spec] of code.matchAll(/(?:\bfrom|\bimport)\s*["'`](\.{1,2}\/[^"'`]+\.js)["'`]/g)) staticClosure(join(dirname(file), spec), seen);
  return seen;
}

/** Raw and gzip size of each entry point, alone and with what it imports statically. */
export function entrySizes(dist) {
  const entries = ['sieve.js', 'core.js', 'predict.js', 'train-worker.js', ...readdirSync(join(dist, 'components')).map((f) => `components/${f}`)];
  return entries.map((entry) => {
    const closure = [...staticClosure(join(dist, entry))];
    const sum = (measure) => closure.reduce((n, f) => n + measure(f), 0);
    return {
      entry,
      raw: kb(readFileSync(join(dist, entry)).length),
      gzip: kb(gzip(join(dist, entry))),
      'with its imports, raw': kb(sum((f) => readFileSync(f).length)),
      'with its imports, gzip': kb(sum(gzip)),
      files: closure.length,
    };
  });
}

/**
 * What a page showing <sieve-predictor> for a stored model downloads (HTTP cache off, a new page
 * per measurement), for each backbone: bytes on the wire (this server does not compress), the
 * same files gzipped, the JavaScript among them, and the time to the first prediction.
 */
export async function predictorPage(browser, { root, dist, core, element, rounds = 3 }) {
  // Serve the bench pages and the sample beside the dist folder being measured.
  const site = mkdtempSync(join(tmpdir(), 'sieve-size-'));
  symlinkSync(join(root, 'bench'), join(site, 'bench'));
  symlinkSync(join(root, 'public'), join(site, 'public'));
  symlinkSync(dist, join(site, 'dist'));
  const server = await serveStatic(site);
  const context = await browser.newContext();
  const query = (extra) => `${server.url}/bench/size.html?${new URLSearchParams({ core, ...(element ? { element } : {}), sample: '/public/samples/spamassassin-sample.jsonl', ...extra })}`;
  try {
    const setup = await context.newPage();
    await setup.goto(query({}));
    await setup.waitForFunction(() => window.sizeBenchReady === true);
    const rows = [];
    for (const backbone of ['sieve-text', 'hashed-ngrams']) {
      const runId = await setup.evaluate((b) => window.sizeBench.train(b), backbone);
      const measured = [];
      for (let round = 0; round < rounds; round++) {
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.enable');
        await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
        const files = [];
        page.on('requestfinished', async (request) => {
          const { responseBodySize } = await request.sizes();
          files.push({ url: request.url(), bytes: responseBodySize });
        });
        await page.goto(query({}));
        await page.waitForFunction(() => window.sizeBenchReady === true);
        const first = await page.evaluate(([id, text]) => window.sizeBench.firstPrediction(id, text), [runId, 'Free money!!! Click here to claim your prize']);
        await page.waitForTimeout(100);
        await page.close();
        const local = (url) => join(site, decodeURIComponent(new URL(url).pathname));
        const ours = files.filter((f) => !new URL(f.url).pathname.startsWith('/bench/'));
        const js = ours.filter((f) => f.url.endsWith('.js'));
        measured.push({
          ms: first.ms,
          bytes: ours.reduce((n, f) => n + f.bytes, 0),
          gzip: ours.reduce((n, f) => n + gzip(local(f.url)), 0),
          jsGzip: js.reduce((n, f) => n + gzip(local(f.url)), 0),
          requests: ours.length,
          label: first.label,
          files: ours.map((f) => relative(site, local(f.url))),
        });
      }
      const median = (key) => measured.map((m) => m[key]).sort((a, b) => a - b)[Math.floor(measured.length / 2)];
      rows.push({
        backbone,
        'downloaded (raw)': kb(median('bytes')),
        'downloaded (gzip)': kb(median('gzip')),
        'JS (gzip)': kb(median('jsGzip')),
        requests: median('requests'),
        [`first prediction, ms (median of ${rounds})`]: median('ms').toFixed(0),
        files: measured[0].files.join(' '),
      });
    }
    return rows;
  } finally {
    await context.close();
    await server.close();
    rmSync(site, { recursive: true, force: true });
  }
}
