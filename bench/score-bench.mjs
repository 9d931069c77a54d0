// The `score` section of `npm run bench`: the sieve-classifier command (dist/node/cli.js) scoring
// SpamAssassin emails with the default model, on 1 and 2 worker threads, beside the page's
// predictBatch on the same texts (also with the scoring thread of each on one CPU, and the
// command's worker on each CPU; and at the same time as the page, on the emails in Cyrillic and
// Chinese letters and on short texts, Debian's translated messages); the emails as CSV on 1 and 2
// workers; its resident memory while it scores a million generated records (as JSONL and as CSV);
// the same file scored through Dask's distributed scheduler (bench/dask-score.py), whose output
// must equal the single-process run's; and the page's predictBatch without
// WebAssembly (the featurizer's JavaScript versions) beside it.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { seededRandom } from '../scripts/seeded-shuffle.mjs';
import { loadTextSet } from '../scripts/text-sets.mjs';
import Papa from 'papaparse';
import { ALPHABETS, lettersAs } from './letters-as.js';
import { serveStatic } from '../scripts/static-server.mjs';

const PYTHON = '/usr/bin/python3';

/**
 * Runs the command (with --progress) to completion; resolves with its wall time, its rate over the
 * whole run (records/s from the first batch on, as its progress line gives it: process start and
 * model loading left out), its steady rate (see `steadyRate`) and resident-set samples (MB, every
 * 200 ms). With `pinWorkerTo` (taskset's CPU list, e.g. "0"), its worker thread is put on those
 * CPUs once it scores (at its first progress line), and the steady rate counts from then on.
 */
function runCommand(root, args, { pinWorkerTo } = {}) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, [join(root, 'dist/node/cli.js'), ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    const samples = [];
    /** Records scored, at each progress line's arrival (a line split between two reads is left out, never misread). */
    const progress = [];
    let pinned = pinWorkerTo === undefined;
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      const seconds = (performance.now() - start) / 1000;
      for (const m of String(chunk).matchAll(/\r(\d+) records, /g)) progress.push({ records: Number(m[1]), seconds });
      if (pinned || !progress.length) return;
      pinBusiestThread(child.pid, pinWorkerTo);
      pinned = true;
      progress.length = 0; // counting starts at the next line
    });
    const timer = setInterval(() => {
      try {
        const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (rss) samples.push({ seconds: (performance.now() - start) / 1000, mb: Number(rss[1]) / 1024 });
      } catch {
        // The process just ended.
      }
    }, 200);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      if (code !== 0) reject(new Error(`sieve-classifier ${args.join(' ')} exited with ${code}: ${stderr.trim()}`));
      else resolve({ seconds: (performance.now() - start) / 1000, rate: Number([...stderr.matchAll(/ (\d+) records\/s/g)].pop()?.[1]), ...steadyRate(progress, start), samples });
    });
  });
}

/**
 * The rate (records/s) from the first progress line at a quarter of the records on, to the last:
 * the command's throughput once warm, as a long file sees it. A run's first second is partly each
 * worker's warm-up (its engine compiles the featurizer; with two workers, both compile at once,
 * beside the main thread filling the pipeline), which the page's rounds, all warm, do not pay.
 */
function steadyRate(progress, start) {
  const last = progress[progress.length - 1];
  const from = progress.find((p) => p.records >= last.records / 4);
  return { steady: Math.round((last.records - from.records) / (last.seconds - from.seconds)), steadyFrom: start + from.seconds * 1000, steadyTo: start + last.seconds * 1000 };
}

/**
 * The command's one worker and the page's predictBatch at the same time, each scoring thread on a
 * CPU of its own (`commandCpu`, `pageCpu`): both then run on the same machine at the same moment,
 * which this shared machine's drift (its speed changes within seconds, and a run alone compares
 * two moments) cannot tell apart. Page rounds run back to back while the command scores; those
 * whose middle falls in its steady window are counted. Resolves with both rates.
 */
async function sideBySide(runCommandOn, pageRound, textsPerRound, { commandCpu, pageCpu }) {
  pinRendererThreads(pageCpu);
  const command = runCommandOn(commandCpu);
  let running = true;
  command.then(() => (running = false), () => (running = false));
  const rounds = [];
  while (running) {
    const from = performance.now();
    const seconds = await pageRound();
    rounds.push({ middle: (from + performance.now()) / 2, rate: textsPerRound / seconds });
  }
  pinRendererThreads('0-1');
  const { steady, steadyFrom, steadyTo } = await command;
  const inside = rounds.filter((r) => r.middle >= steadyFrom && r.middle <= steadyTo);
  return { command: steady, page: inside.reduce((sum, r) => sum + r.rate, 0) / inside.length, rounds: inside.length };
}

/** Puts the thread of process `pid` that has run longest (a command's one worker, once it scores) on the CPUs `cpus` names (taskset's list). */
function pinBusiestThread(pid, cpus) {
  const threads = readdirSync(`/proc/${pid}/task`).map((tid) => {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { tid, ticks: Number(fields[11]) + Number(fields[12]) };
  });
  threads.sort((a, b) => b.ticks - a.ticks);
  spawnSync('taskset', ['-p', '-c', cpus, threads[0].tid], { stdio: 'ignore' });
}

/**
 * Puts the main thread of each Chromium renderer (where a page's scripts, and so its
 * predictBatch, run) on the CPUs `cpus` names (taskset's list); the browser's other threads
 * (its engine's collector and compiler threads among them) stay where they may run.
 */
function pinRendererThreads(cpus) {
  const pids = spawnSync('pgrep', ['-f', '--', '--type=renderer'], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean);
  for (const pid of pids) spawnSync('taskset', ['-p', '-c', cpus, pid], { stdio: 'ignore' });
}

/** The texts of Debian's translated messages (the `debian-lang` text set: every split), or why they could not be had (its packages come from Debian's archive). */
function debianMessages() {
  try {
    const set = loadTextSet('debian-lang');
    return [...set.train, ...set.test].map((row) => row.text);
  } catch (error) {
    return `the debian-lang text set: ${error.message.split('\n')[0]}`;
  }
}

/** Writes `count` lines, `lineAt(i)` each (with its line break), streamed. */
async function writeLines(path, count, lineAt) {
  const out = createWriteStream(path);
  for (let i = 0; i < count; i++) if (!out.write(lineAt(i))) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

/** Writes `count` JSONL records, `recordAt(i)` each, streamed. */
const writeJsonl = (path, count, recordAt) => writeLines(path, count, (i) => `${JSON.stringify(recordAt(i))}\n`);

/** Writes `count` records `{ id, text }`, `recordAt(i)` each, as CSV (a header, then papaparse's quoting), streamed. */
const writeCsv = (path, count, recordAt) =>
  writeLines(path, count + 1, (i) => {
    if (i === 0) return 'id,text\n';
    const { id, text } = recordAt(i - 1);
    return `${Papa.unparse([[id, text]])}\n`;
  });

/** Writes `count` records of generated text (10–60 words drawn from `words`) with `write` (JSONL or CSV), streamed. */
async function writeGenerated(path, count, words, write = writeJsonl) {
  const random = seededRandom(2024);
  await write(path, count, (i) => {
    const length = 10 + Math.floor(random() * 51);
    return { id: `g${i}`, text: Array.from({ length }, () => words[Math.floor(random() * words.length)]).join(' ') };
  });
}

/**
 * A Node worker thread that scores `texts` with the package's Node build (`predictBatch`, warm;
 * see node-predict-worker.mjs): `round()` resolves with one round's rate (texts/s).
 */
async function nodePredictRounds(root, model, texts, batch) {
  const worker = new Worker(new URL('./node-predict-worker.mjs', import.meta.url), { workerData: { library: join(root, 'dist/node/sieve.js'), model, texts, batch } });
  const next = () => new Promise((resolve, reject) => {
    worker.once('message', (message) => {
      worker.off('error', reject);
      resolve(message);
    });
    worker.once('error', reject);
  });
  await next();
  return {
    round: () => {
      const rate = next();
      worker.postMessage('round');
      return rate;
    },
    close: () => worker.terminate(),
  };
}

/**
 * Two more pages scoring `texts` with the same model through `loadClassifier`, side by side: one
 * served with a Content-Security-Policy that forbids WebAssembly, so that the built-in backbone
 * featurizes with its JavaScript versions (as under such a policy in any page), and one without
 * it. `round()` gives one round's rate in each, the two interleaved.
 */
async function featurizerPages(page, root, model, texts, batch) {
  // The bench page's own server for the first; one sending the policy for the second.
  const policed = await serveStatic(root, { 'content-security-policy': "default-src 'self'; script-src 'self'" });
  const origins = { webassembly: new URL(page.url()).origin, javascript: policed.url };
  const pages = {};
  for (const [name, origin] of Object.entries(origins)) {
    pages[name] = await page.context().browser().newPage();
    await pages[name].goto(`${origin}/bench/bench.html`);
    // A string, so that nothing rewrites its import().
    const compiles = await pages[name].evaluate(`(async ({ model, texts }) => {
      const { loadClassifier } = await import('/dist/predict.js');
      window.plainScoring = { clf: await loadClassifier(Uint8Array.from(atob(model), (c) => c.charCodeAt(0))), texts };
      try { new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])); return true; } catch { return false; }
    })(${JSON.stringify({ model, texts })})`);
    if (compiles !== (name === 'webassembly')) throw new Error(`the ${name} page ${compiles ? 'could' : 'could not'} compile WebAssembly`);
  }
  const round = (name) => pages[name].evaluate(async (batch) => {
    const { clf, texts } = window.plainScoring;
    const t0 = performance.now();
    for (let start = 0; start < texts.length; start += batch) await clf.predictBatch(texts.slice(start, start + batch));
    return texts.length / ((performance.now() - t0) / 1000);
  }, batch);
  await round('webassembly'); // warm-up
  await round('javascript');
  return {
    round: async () => ({ webassembly: await round('webassembly'), javascript: await round('javascript') }),
    close: async () => {
      for (const name of Object.keys(pages)) await pages[name].close();
      await policed.close();
    },
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** Ratios, one by one, and their median. */
const fmt = (ratios) => `${ratios.map((r) => r.toFixed(2)).join(' ')} (median ${median(ratios).toFixed(2)}×)`;

/** Runs the section: `texts` are scored by the command and the page; `records` generated ones for memory. */
export async function scoreBench(page, { backend, root, train, texts, records }) {
  const dir = mkdtempSync(join(tmpdir(), 'sieve-score-bench-'));
  try {
    const batch = 256;
    const { model } = await page.evaluate((c) => window.sieveBench.scoringModel(c), { backend, train, texts, batch });
    /** The page's rate over `rounds` rounds of the texts in a row (four: as many texts as the command's long file). */
    const pageRounds = async (rounds) => {
      let seconds = 0;
      for (let r = 0; r < rounds; r++) seconds += await page.evaluate(() => window.sieveBench.scoringRound());
      return (rounds * texts.length) / seconds;
    };
    const modelPath = join(dir, 'model.sieve');
    writeFileSync(modelPath, Buffer.from(model, 'base64'));
    const node = await nodePredictRounds(root, modelPath, texts, batch);
    const featurizers = await featurizerPages(page, root, model, texts, batch);
    const input = join(dir, 'emails.jsonl');
    writeFileSync(input, texts.map((text, i) => JSON.stringify({ id: `e${i}`, text })).join('\n') + '\n');
    // Throughput is measured on the emails four times over, as the command's steady rate (see
    // `steadyRate`): its warm-up is a fixed cost, which a real, long file does not notice, and the
    // page's rounds all run warm. The rate over the whole run is reported too, and the short file
    // is scored as well.
    const repeats = 4;
    const long = join(dir, 'emails-x4.jsonl');
    await writeJsonl(long, repeats * texts.length, (i) => ({ id: `e${i}`, text: texts[i % texts.length] }));
    const score = (workers, file = input, out = join(dir, 'out.jsonl'), options = {}) =>
      runCommand(root, ['score', '--model', modelPath, '--input', file, '--output', out, '--force', '--progress', '--workers', String(workers), '--batch', String(batch)], options);

    // Side by side, alternating in pairs (1 2, 2 1, 1 2, ...), with the page's predictBatch and the
    // same predictBatch in a Node worker thread (both warm) over as many texts as the file beside
    // each pair: this shared machine's speed drifts within seconds, so each pair's ratios are taken
    // too, and their medians are reported beside the ratio of the medians. The Node rounds split the
    // gap between the command and the page in two: the engine (Node's predictBatch against Chromium's) and the command's own work
    // (parsing its input and writing its output, against Node's predictBatch alone).
    const rows = [];
    const pairLines = [];
    const pageRates = [];
    const nodeRates = [];
    const [wasmRates, plainRates, wasmVsPlain] = [[], [], []];
    // The same with the scoring thread of each on CPU 0: the command's worker, and the page's
    // renderer main thread (where its predictBatch runs), each over the long file's 96,000 texts,
    // in turn; and the command's worker on CPU 1. The other threads of each (the command's main
    // thread, either engine's collector and compiler threads) run where they may, as unpinned.
    // Unpinned, a run lands on either CPU, and this machine's two have been seen to differ by up
    // to a third for minutes while busy: a pair then compares two machines.
    const pinned = { one: [], page: [], oneVsPage: [], cpu1VsCpu0: [] };
    for (const { file, records, pairs } of [
      { file: long, records: repeats * texts.length, pairs: 5 },
      { file: input, records: texts.length, pairs: 3 },
    ]) {
      const runs = { 1: [], 2: [] };
      const [twoVsOne, oneVsPage, nodeVsPage, oneVsNode] = [[], [], [], []];
      for (let pair = 0; pair < pairs; pair++) {
        const order = pair % 2 ? [2, 1] : [1, 2];
        const rates = {};
        for (const workers of order) {
          const run = await score(workers, file);
          runs[workers].push(run);
          rates[workers] = run.steady;
        }
        // As many texts as the command's file: a page round is a few seconds, and this machine's speed drifts within seconds.
        const pageRate = await pageRounds(records / texts.length);
        let nodeSeconds = 0;
        for (let r = 0; r < records / texts.length; r++) nodeSeconds += texts.length / (await node.round());
        const nodeRate = records / nodeSeconds;
        const featurized = await featurizers.round();
        pageRates.push(pageRate);
        nodeRates.push(nodeRate);
        wasmRates.push(featurized.webassembly);
        plainRates.push(featurized.javascript);
        wasmVsPlain.push(featurized.webassembly / featurized.javascript);
        twoVsOne.push(rates[2] / rates[1]);
        oneVsPage.push(rates[1] / pageRate);
        nodeVsPage.push(nodeRate / pageRate);
        oneVsNode.push(rates[1] / nodeRate);
        if (file !== long) continue;
        let onCpu0;
        let pageOnCpu0;
        for (const first of pair % 2 ? ['page', 'command'] : ['command', 'page']) {
          if (first === 'command') onCpu0 = (await score(1, file, undefined, { pinWorkerTo: '0' })).steady;
          else {
            pinRendererThreads('0');
            pageOnCpu0 = await pageRounds(repeats);
            pinRendererThreads('0-1');
          }
        }
        const onCpu1 = (await score(1, file, undefined, { pinWorkerTo: '1' })).steady;
        pinned.one.push(onCpu0);
        pinned.page.push(pageOnCpu0);
        pinned.oneVsPage.push(onCpu0 / pageOnCpu0);
        pinned.cpu1VsCpu0.push(onCpu1 / onCpu0);
      }
      const [one, two] = [median(runs[1].map((r) => r.steady)), median(runs[2].map((r) => r.steady))];
      const wall = (workers) => median(runs[workers].map((r) => r.seconds)).toFixed(2);
      const whole = (workers) => median(runs[workers].map((r) => r.rate));
      rows.push(
        { scorer: 'command, 1 worker', records, 'texts/s': one, rates: runs[1].map((r) => r.steady).join(' '), 'whole run': whole(1), 'wall s': wall(1) },
        { scorer: 'command, 2 workers', records, 'texts/s': two, rates: runs[2].map((r) => r.steady).join(' '), 'whole run': whole(2), 'wall s': wall(2), 'vs 1 worker': `${(two / one).toFixed(2)}× (whole run ${(whole(2) / whole(1)).toFixed(2)}×)` },
      );
      pairLines.push(`${records.toLocaleString('en')} records, pair by pair: 2 workers vs 1 ${fmt(twoVsOne)}; 1 worker vs the page's rounds beside it (as many texts) ${fmt(oneVsPage)}; Node's predictBatch vs the page's ${fmt(nodeVsPage)}; 1 worker vs Node's predictBatch ${fmt(oneVsNode)}`);
      if (file === long) {
        pairLines.push(
          `The scoring thread on CPU 0 (the command's one worker, the page's renderer main thread), pair by pair: the command ${pinned.one.join(' ')}/s, the page's predictBatch ${pinned.page.map(Math.round).join(' ')}/s; the command vs the page ${fmt(pinned.oneVsPage)}`,
          `The command's one worker on CPU 1 vs on CPU 0 ${fmt(pinned.cpu1VsCpu0)}: two workers could reach at most about 1 + that times one worker's rate on the faster CPU`,
        );
      }
    }
    // At the same time: the command's one worker and the page's renderer main thread each on a CPU
    // of its own, then the other way round (see `sideBySide`).
    /**
     * `sideBySide` on `file` (the page scoring its current texts, `perRound` of them), once per
     * pair of CPUs in `cpuPairs`, in turn; a line of the rates and ratios, saying so for `what`.
     */
    const atTheSameTime = async (what, file, cpuPairs, perRound = texts.length) => {
      const runs = [];
      for (const cpus of cpuPairs) runs.push({ ...cpus, ...(await sideBySide((cpu) => score(1, file, join(dir, 'together.jsonl'), { pinWorkerTo: cpu }), () => page.evaluate(() => window.sieveBench.scoringRound()), perRound, cpus)) });
      const ratios = runs.map((t) => t.command / t.page);
      pairLines.push(
        `${what}, at the same time (the command's worker / the page's renderer main thread on CPUs ${runs.map((t) => `${t.commandCpu}/${t.pageCpu}`).join(', ')}), run by run: the command ${runs.map((t) => t.command).join(' ')}/s, the page's predictBatch ${runs.map((t) => `${Math.round(t.page)} (${t.rounds} rounds)`).join(' ')}/s; the command vs the page ${ratios.map((r) => r.toFixed(2)).join(' ')} (median ${median(ratios).toFixed(2)}×)`,
      );
    };
    const [oneZero, zeroOne] = [{ commandCpu: '1', pageCpu: '0' }, { commandCpu: '0', pageCpu: '1' }];
    await atTheSameTime('The emails, each scoring thread on a CPU of its own', long, [oneZero, zeroOne, oneZero, zeroOne]);
    // Other scripts, the same way: the emails with their Latin letters made Cyrillic and Chinese
    // (see `lettersAs`), which the page lower-cases and copies as two-byte strings and the command
    // decodes from two- and three-byte UTF-8. The page maps its own texts (the Chinese ones would
    // not pass to it in one piece).
    for (const [name, what] of [['cyrillic', "The emails with their Latin letters made Cyrillic"], ['chinese', 'The emails with their Latin letters made Chinese characters']]) {
      const file = join(dir, `emails-${name}-x4.jsonl`);
      await writeJsonl(file, repeats * texts.length, (i) => ({ id: `e${i}`, text: lettersAs(texts[i % texts.length], ALPHABETS[name]) }));
      await page.evaluate((alphabet) => window.sieveBench.scoringLettersAs(alphabet), ALPHABETS[name]);
      await atTheSameTime(what, file, [oneZero, zeroOne]);
    }
    // Short texts: Debian's translated messages (80 characters on average, in 11 languages, Japanese
    // and Russian among them), where reading each line and writing its scores weigh most.
    const messages = debianMessages();
    if (typeof messages === 'string') pairLines.push(`Short texts not run (${messages})`);
    else {
      const file = join(dir, 'messages.jsonl');
      const copies = 24;
      await writeJsonl(file, copies * messages.length, (i) => ({ id: `m${i}`, text: messages[i % messages.length] }));
      await page.evaluate((t) => window.sieveBench.scoringTexts(t), messages);
      await atTheSameTime(`Short texts (${messages.length.toLocaleString('en')} of Debian's translated messages, ${Math.round(messages.reduce((n, m) => n + m.length, 0) / messages.length)} characters on average, ${copies} times over)`, file, [oneZero, zeroOne], messages.length);
    }
    // CSV: the long file as CSV, 1 and 2 workers alternating in pairs. The main thread cuts it into
    // batches of rows' bytes; the workers decode and parse them (papaparse) and score.
    const csv = join(dir, 'emails-x4.csv');
    await writeCsv(csv, repeats * texts.length, (i) => ({ id: `e${i}`, text: texts[i % texts.length] }));
    const csvRuns = { 1: [], 2: [] };
    const csvTwoVsOne = [];
    for (let pair = 0; pair < 3; pair++) {
      const rates = {};
      for (const workers of pair % 2 ? [2, 1] : [1, 2]) rates[workers] = (await score(workers, csv, join(dir, 'csv-out.jsonl'))).steady;
      for (const workers of [1, 2]) csvRuns[workers].push(rates[workers]);
      csvTwoVsOne.push(rates[2] / rates[1]);
    }
    pairLines.push(`The emails as CSV (${(statSync(csv).size / 2 ** 20).toFixed(0)} MB), 1 and 2 workers in pairs: 1 worker ${csvRuns[1].join(' ')}/s, 2 workers ${csvRuns[2].join(' ')}/s (steady rates); 2 workers vs 1 ${fmt(csvTwoVsOne)}`);
    await node.close();
    await featurizers.close();
    await page.evaluate(() => window.sieveBench.scoringDone());
    const explained = await page.evaluate((c) => window.sieveBench.explanationCost(c), { backend, train: train.filter((_, i) => i % 5 === 0), texts: texts.slice(0, 100) });
    const pageRate = Math.round(median(pageRates));
    const nodeRate = Math.round(median(nodeRates));
    rows.unshift(
      { scorer: "page's predictBatch (Chromium, one thread, warm)", records: 'as the file', 'texts/s': pageRate, rates: pageRates.map(Math.round).join(' ') },
      { scorer: `predictBatch in a Node ${process.version} worker thread (warm)`, records: 'as the file', 'texts/s': nodeRate, rates: nodeRates.map(Math.round).join(' '), 'vs page': `${(nodeRate / pageRate).toFixed(2)}×` },
      { scorer: "a page's loadClassifier predictBatch", records: texts.length, 'texts/s': Math.round(median(wasmRates)), rates: wasmRates.map(Math.round).join(' ') },
      { scorer: '... in a page whose policy forbids WebAssembly', records: texts.length, 'texts/s': Math.round(median(plainRates)), rates: plainRates.map(Math.round).join(' ') },
    );
    for (const row of rows.slice(4)) if (row.scorer.endsWith('1 worker')) row['vs page'] = `${(row['texts/s'] / pageRate).toFixed(2)}×`;
    const rate = (seconds) => Math.round(texts.length / seconds);
    console.log(`\nScoring SpamAssassin emails with the default model (--batch ${batch}): ${texts.length.toLocaleString('en')} emails, and the same four times over (the throughput figure); the command's steady rate (from a quarter of the records on; "whole run": from its first batch), median of the runs, alternating 1 and 2 workers in pairs, the page's predictBatch (warm) and Node's on as many texts as the file, and a round of loadClassifier's in a page with WebAssembly and in one without after each pair (on the long file, then the command's worker and the page's renderer main thread on CPU 0 in turn, and the command's worker on CPU 1); wall time with process start and model loading beside it`);
    console.table(rows);
    for (const line of pairLines) console.log(line);
    console.log(`loadClassifier's predictBatch with the featurizer in WebAssembly vs in JavaScript (a page whose policy forbids WebAssembly), round by round: ${wasmVsPlain.map((r) => r.toFixed(2)).join(' ')} (median ${median(wasmVsPlain).toFixed(2)}×)`);
    console.log(`\nExplanation cost per email (the page, ${explained[0].texts} SpamAssassin emails, heads trained on every fifth training email; mean per email, median entries): explain beside predict`);
    console.table(explained.map((e) => ({ head: e.head, method: e.method, 'predict ms': e.predictMs.toFixed(2), 'explain ms': e.explainMs.toFixed(2), 'explain / predict': `${(e.explainMs / e.predictMs).toFixed(1)}×`, entries: e.entries })));

    // Dask: the same file, partitioned, each partition through the command; the output must equal a single run's.
    const single = readFileSync(join(dir, 'out.jsonl'), 'utf8');
    const dask = spawnSync(PYTHON, [join(root, 'bench/dask-score.py'), `${process.execPath} ${join(root, 'dist/node/cli.js')}`, modelPath, input, join(dir, 'dask.jsonl'), '--workers', '2', '--blocksize', String(6 << 20)], { encoding: 'utf8' });
    if (dask.status !== 0) {
      console.log(`\nDask recipe not run (${PYTHON} bench/dask-score.py: ${dask.stderr.trim().split('\n').pop()}); install Debian's python3-distributed`);
    } else {
      const result = JSON.parse(dask.stdout.trim().split('\n').pop());
      const equal = readFileSync(join(dir, 'dask.jsonl'), 'utf8') === single;
      console.log(`\nDask LocalCluster (2 worker processes, ${result.partitions} partitions, each through the command on 1 thread): ${result.records} records in ${result.seconds.toFixed(2)} s (${rate(result.seconds)} texts/s); output identical to the single-process run: ${equal ? 'yes' : 'NO'}`);
    }

    // Memory: a million generated records, 2 workers, resident set sampled every 200 ms; as JSONL,
    // then the same records as CSV, whose output must be the same.
    const words = [...new Set(texts.slice(0, 500).join(' ').toLowerCase().match(/[a-z]{3,12}/g))];
    const outputs = [];
    for (const [format, write] of [['JSONL', writeJsonl], ['CSV', writeCsv]]) {
      const generated = join(dir, `generated.${format.toLowerCase()}`);
      await writeGenerated(generated, records, words, write);
      const bytes = statSync(generated).size;
      const output = join(dir, `generated-out-${format}.jsonl`);
      const { seconds, samples } = await score(2, generated, output);
      outputs.push(readFileSync(output));
      const at = (share) => samples.find((s) => s.seconds >= share * seconds) ?? samples[samples.length - 1];
      // While it scores: from 10% of the run (model loaded, pipeline full) to 95% (before the workers stop and the process exits).
      const steady = samples.filter((s) => s.seconds >= 0.1 * seconds && s.seconds <= 0.95 * seconds).map((s) => s.mb);
      const same = format === 'CSV' ? `; output the same as from the JSONL: ${outputs[0].equals(outputs[1]) ? 'yes' : 'NO'}` : '';
      console.log(`\nMemory while scoring ${records.toLocaleString('en')} generated records (${(bytes / 2 ** 20).toFixed(0)} MB of ${format}) on 2 workers: ${seconds.toFixed(1)} s, ${Math.round(records / seconds)} records/s${same}`);
      console.table([
        ...[0.1, 0.25, 0.5, 0.75, 0.95].map((share) => ({ 'share of run': `${share * 100}%`, 'resident MB': at(share).mb.toFixed(0) })),
        { 'share of run': '10% to 95%: max / min', 'resident MB': `${Math.max(...steady).toFixed(0)} / ${Math.min(...steady).toFixed(0)} (${((Math.max(...steady) / Math.min(...steady) - 1) * 100).toFixed(0)}% apart)` },
      ]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
