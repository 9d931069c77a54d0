// The `sets` section of `npm run bench`: Sieve's defaults against scikit-learn baselines on the
// benchmark's text sets (scripts/text-sets.mjs), on exactly the same training and test rows.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { loadTextSet, sampleTrain, TEXT_SETS } from '../scripts/text-sets.mjs';

const KS = [8, 32, Infinity];
const PYTHON = '/usr/bin/python3';

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const spread = (xs) => (xs.length > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1)) : 0);
const cell = (xs) => `${mean(xs).toFixed(3)} ± ${spread(xs).toFixed(3)}`;
const kName = (k) => (Number.isFinite(k) ? String(k) : 'full');

/** Runs the section in `page` (bench/bench.html) and prints its tables. */
export async function textSetsBench(page, { backend, seeds, root, ks = KS, sets = TEXT_SETS }) {
  const seedList = Array.from({ length: seeds }, (_, i) => i + 1);
  const results = [];
  let spamTiming;
  const job = { glove: join(root, 'public/backbones/glove-100d-40k.svec'), sets: [] };
  for (const name of sets) {
    const set = loadTextSet(name);
    console.log(`\n${name}: ${set.labels.length} classes, train ${set.train.length}, test ${set.test.length} (${set.source}; ${set.licence})`);
    const position = new Map(set.train.map((r, i) => [r, i]));
    const samples = [];
    for (const k of ks) {
      for (const seed of Number.isFinite(k) ? seedList : [1]) {
        const rows = sampleTrain(set, k, seed);
        samples.push({ k: kName(k), seed, rows: rows.map((r) => position.get(r)) });
        const r = await page.evaluate((c) => window.sieveBench.trainOnSet(c), { backend, labels: set.labels, train: rows, test: set.test });
        results.push({ set: name, k: kName(k), seed, method: 'sieve', ...r });
        process.stdout.write(`  k=${kName(k)} seed ${seed}: ${r.accuracy.toFixed(3)} (${r.setup}, ${r.seconds.toFixed(2)} s: featurize ${r.timing.featurizeSeconds.toFixed(2)} s, train ${r.timing.trainSeconds.toFixed(2)} s${r.solver === 'adam' ? `, ${r.epochs} epochs, best ${r.bestEpoch}` : ''})\n`);
      }
    }
    if (name === 'spamassassin' && ks.includes(Infinity)) {
      // Timed as scikit-learn's fit is: the training rows alone (the run above also featurizes the test split).
      const r = await page.evaluate((c) => window.sieveBench.trainOnSet(c), { backend, labels: set.labels, train: set.train, test: [] });
      spamTiming = r.timing;
      process.stdout.write(`  training rows alone: featurize ${r.timing.featurizeSeconds.toFixed(2)} s, train ${r.timing.trainSeconds.toFixed(2)} s\n`);
    }
    job.sets.push({ name, train: set.train.map((r) => r.text), trainLabels: set.train.map((r) => r.label), test: set.test.map((r) => r.text), testLabels: set.test.map((r) => r.label), samples });
  }
  const python = spawnSync(PYTHON, [join(root, 'bench/baselines.py')], { input: JSON.stringify(job), maxBuffer: 1 << 26, encoding: 'utf8' });
  if (python.status !== 0) {
    console.log(`\nscikit-learn baselines not run (${PYTHON} bench/baselines.py: ${python.stderr.trim().split('\n').pop()}); install Debian's python3-sklearn`);
  } else {
    results.push(...python.stdout.trim().split('\n').map((line) => JSON.parse(line)));
  }
  const methods = ['sieve', 'tfidf-lr', 'char-lr', 'glove-lr'];
  const table = [];
  const margins = { 8: [], 32: [] };
  for (const name of sets) {
    for (const k of ks.map(kName)) {
      const row = { set: name, k };
      const of = (method) => results.filter((r) => r.set === name && r.k === k && r.method === method);
      for (const method of methods) {
        const rs = of(method);
        if (!rs.length) continue;
        row[`${method} acc`] = cell(rs.map((r) => r.accuracy));
        row[`${method} F1`] = cell(rs.map((r) => r.macroF1));
      }
      const baselines = methods.slice(1).filter((m) => of(m).length);
      if (baselines.length) {
        const best = (metric) => Math.max(...baselines.map((m) => mean(of(m).map((r) => r[metric]))));
        const sieve = (metric) => mean(of('sieve').map((r) => r[metric]));
        row['Δ acc vs best'] = (sieve('accuracy') - best('accuracy')).toFixed(3);
        row['Δ F1 vs best'] = (sieve('macroF1') - best('macroF1')).toFixed(3);
        if (margins[k]) margins[k].push(sieve('accuracy') - best('accuracy'), sieve('macroF1') - best('macroF1'));
      }
      table.push(row);
    }
  }
  console.log(`\nFew labels, any text: test accuracy and macro-F1, mean ± sd over ${seeds} seeds (full: one run); Δ = Sieve − best baseline`);
  console.table(table);
  for (const k of [8, 32]) if (margins[k].length) console.log(`k = ${k}: mean margin over sets and metrics ${(100 * mean(margins[k])).toFixed(2)} points`);
  const chosen = new Map();
  for (const r of results.filter((r) => r.method === 'sieve')) chosen.set(r.setup, (chosen.get(r.setup) ?? 0) + 1);
  console.log('Setups chosen:', [...chosen].sort((a, b) => b[1] - a[1]).map(([s, n]) => `${s} ×${n}`).join(', '));
  const tfidfFull = results.find((r) => r.set === 'spamassassin' && r.k === 'full' && r.method === 'tfidf-lr');
  if (spamTiming && tfidfFull) {
    const sieveSeconds = spamTiming.featurizeSeconds + spamTiming.trainSeconds;
    console.log(`SpamAssassin full split, featurize + train: Sieve ${sieveSeconds.toFixed(2)} s, scikit-learn TF-IDF + LR ${tfidfFull.seconds.toFixed(2)} s (ratio ${(sieveSeconds / tfidfFull.seconds).toFixed(2)})`);
  }
  const timeOf = (k) => mean(results.filter((r) => r.method === 'sieve' && r.k === k).map((r) => r.seconds));
  console.log(`Sieve time per run (train() call, mean): k=8 ${timeOf('8').toFixed(2)} s, k=32 ${timeOf('32').toFixed(2)} s, full ${timeOf('full').toFixed(2)} s`);
}
