// The built command (dist/node/cli.js, as `npm test` builds it) when its output cannot be written
// or is given up: a clear error and nothing partial left, never a crash with a stack trace.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeModelFile } from '../../src/inference/model-file.js';
import { packWeights } from '../../src/inference/head-weights.js';
import type { Run, StoredModel } from '../../src/store/schema.js';

const CLI = join(import.meta.dirname, '../../dist/node/cli.js');
const BUCKETS = 1 << 17;
let dir = '';

/** Runs the command with `stdout` ('pipe', or a file descriptor); resolves with its exit status, its stderr and what it wrote. */
function score(args: string[], stdout: 'pipe' | number = 'pipe', readFirstChunkOnly = false): Promise<{ status: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'score', '--model', join(dir, 'model.sieve'), ...args], { stdio: ['ignore', stdout, 'pipe'], cwd: dir });
    let [err, out] = ['', ''];
    child.stderr?.on('data', (chunk) => (err += chunk));
    child.stdout?.on('data', (chunk) => {
      out += chunk;
      // A reader that stops after the first lines, as `| head` does.
      if (readFirstChunkOnly) child.stdout?.destroy();
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stderr: err, stdout: out }));
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sieve-cli-output-'));
  // A linear head on the hashed word n-grams (a built-in backbone with no asset), random weights.
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  const { specs, buffer } = packWeights([
    { name: 'sparse/table', shape: [BUCKETS, 2], values: Float32Array.from({ length: BUCKETS * 2 }, random) },
    { name: 'output/bias', shape: [2], values: new Float32Array([0.1, -0.1]) },
  ]);
  const model: StoredModel = {
    runId: 'cli-output',
    format: 1,
    weightSpecs: specs,
    weights: buffer,
    head: { type: 'linear', hiddenUnits: 0, dims: 0, buckets: BUCKETS, classes: 2 },
    label2id: { ham: 0, spam: 1 },
    id2label: { 0: 'ham', 1: 'spam' },
    multiLabel: false,
    backbone: { type: 'builtin', id: 'hashed-ngrams', version: '2' },
  };
  const file = await encodeModelFile({ id: 'cli-output', status: 'FINISHED' } as Run, model);
  writeFileSync(join(dir, 'model.sieve'), new Uint8Array(await file.arrayBuffer()));
  const words = ['offer', 'meeting', 'free', 'report', 'winner', 'agenda', 'click', 'notes'];
  const lines = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ id: `r${i}`, text: Array.from({ length: 12 }, (_, k) => words[(i * 7 + k * 3) % words.length]).join(' ') }));
  writeFileSync(join(dir, 'in.jsonl'), lines.join('\n') + '\n');
  // The same, with a malformed last line: the run stops there, long after its first writes.
  writeFileSync(join(dir, 'late-bad.jsonl'), lines.join('\n') + '\n{"id":"r3000","text":"cut off\n');
}, 60_000);

describe('sieve-classifier score: its output', () => {
  it('writes every record, in order, to a file and to standard output alike', async () => {
    const toFile = await score(['--input', 'in.jsonl', '--output', 'out.jsonl', '--workers', '2', '--batch', '16']);
    expect(toFile).toMatchObject({ status: 0, stderr: '' });
    const written = readFileSync(join(dir, 'out.jsonl'), 'utf8');
    expect(written.trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(Array.from({ length: 3000 }, (_, i) => `r${i}`));
    const toStdout = await score(['--input', 'in.jsonl', '--output', '-', '--workers', '2', '--batch', '16']);
    expect(toStdout.status).toBe(0);
    expect(toStdout.stdout).toBe(written);
  }, 60_000);

  it('writes to standard output with more workers than a machine of ten cores would start by default, and nothing on standard error', async () => {
    const many = await score(['--input', 'in.jsonl', '--output', '-', '--workers', '12', '--batch', '64']);
    expect(many).toMatchObject({ status: 0, stderr: '' });
    expect(many.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(Array.from({ length: 3000 }, (_, i) => `r${i}`));
  }, 60_000);

  it('reads a gzip-compressed file as it decompresses it, by its bytes whatever its name, writes one when the output is named .gz, and refuses one cut short, or compressed standard input, writing nothing', async () => {
    const plain = await score(['--input', 'in.jsonl', '--output', '-', '--workers', '2', '--batch', '64']);
    const compressed = gzipSync(readFileSync(join(dir, 'in.jsonl')));
    writeFileSync(join(dir, 'in.jsonl.gz'), compressed);
    writeFileSync(join(dir, 'misnamed.jsonl'), compressed);
    writeFileSync(join(dir, 'in.csv.gz'), gzipSync('id,text\n' + readFileSync(join(dir, 'in.jsonl'), 'utf8').trim().split('\n').map((l) => { const { id, text } = JSON.parse(l) as { id: string; text: string }; return `${id},"${text}"`; }).join('\n') + '\n'));
    for (const name of ['in.jsonl.gz', 'misnamed.jsonl', 'in.csv.gz']) {
      expect(await score(['--input', name, '--output', '-', '--workers', '2', '--batch', '64'])).toEqual({ status: 0, stderr: '', stdout: plain.stdout });
    }
    // And an output named .gz, written compressed (as a whole, after the temporary file).
    expect(await score(['--input', 'in.jsonl.gz', '--output', 'out.jsonl.gz', '--force', '--workers', '2'])).toMatchObject({ status: 0, stderr: '' });
    expect(gunzipSync(readFileSync(join(dir, 'out.jsonl.gz'))).toString()).toBe(plain.stdout);
    // Other compressions, known by their first bytes, refused with the command that decompresses them.
    writeFileSync(join(dir, 'in.jsonl.zst'), Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x24, 0x00, 0x01, 0x02]));
    const zstd = await score(['--input', 'in.jsonl.zst', '--output', 'zstd.out']);
    expect(zstd.status).toBe(1);
    expect(zstd.stderr).toMatch(/--input in\.jsonl\.zst is zstd-compressed, which is not read here: decompress it into standard input \(zstd -dc FILE \| sieve-classifier score --input - …\)/);
    expect(existsSync(join(dir, 'zstd.out'))).toBe(false);
    writeFileSync(join(dir, 'cut.jsonl.gz'), compressed.subarray(0, compressed.length >> 1));
    const cut = await score(['--input', 'cut.jsonl.gz', '--output', 'cut.out', '--workers', '2']);
    expect(cut.status).toBe(1);
    expect(cut.stderr).toMatch(/^sieve-classifier: score: --input cut\.jsonl\.gz is gzip-compressed and could not be decompressed \(unexpected end of file\); nothing was written/);
    expect(existsSync(join(dir, 'cut.out'))).toBe(false);
    const child = spawn(process.execPath, [CLI, 'score', '--model', 'model.sieve', '--input', '-', '--output', '-'], { stdio: ['pipe', 'pipe', 'pipe'], cwd: dir });
    let [stdout, stderr] = ['', ''];
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdin.end(compressed);
    expect(await new Promise((resolve) => child.on('close', resolve))).toBe(1);
    expect(stderr).toMatch(/standard input is gzip-compressed: name the \.gz file with --input .*or pipe it through zcat/);
    expect(stdout).toBe('');
  }, 60_000);

  it('reads a named pipe given as --input (as <(zcat …) in a shell) from its first byte', async () => {
    const fifo = join(dir, 'in.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const running = score(['--input', fifo, '--format', 'jsonl', '--output', '-', '--workers', '2', '--batch', '64']);
    writeFileSync(fifo, readFileSync(join(dir, 'in.jsonl')));
    const piped = await running;
    expect(piped).toMatchObject({ status: 0, stderr: '' });
    expect(piped.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(Array.from({ length: 3000 }, (_, i) => `r${i}`));
  }, 60_000);

  it('reads a .tsv file and a semicolon-separated CSV as CSV, scoring them as the same records in JSONL', async () => {
    const rows = readFileSync(join(dir, 'in.jsonl'), 'utf8').trim().split('\n').slice(0, 40).map((l) => JSON.parse(l) as { id: string; text: string });
    writeFileSync(join(dir, 'some.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n'));
    writeFileSync(join(dir, 'some.tsv'), ['id\ttext', ...rows.map((r) => `${r.id}\t${r.text}, with a comma`)].join('\n'));
    writeFileSync(join(dir, 'semicolons.csv'), ['id;text', ...rows.map((r) => `${r.id};${r.text}, with a comma`)].join('\n'));
    const commas = rows.map((r) => JSON.stringify({ id: r.id, text: `${r.text}, with a comma` }));
    writeFileSync(join(dir, 'commas.jsonl'), commas.join('\n'));
    const expected = (await score(['--input', 'commas.jsonl', '--output', '-'])).stdout;
    expect(expected.trim().split('\n')).toHaveLength(40);
    expect(expected).not.toBe((await score(['--input', 'some.jsonl', '--output', '-'])).stdout);
    for (const input of ['some.tsv', 'semicolons.csv']) expect(await score(['--input', input, '--output', '-'])).toEqual({ status: 0, stderr: '', stdout: expected });
  }, 60_000);

  it('names a malformed line by its line in the file, however many batches and workers came before it, in JSONL and in CSV', async () => {
    const texts = Array.from({ length: 30 }, (_, i) => `text ${i}\nits second line`);
    // JSONL: line 26 is not JSON. CSV: each record over two lines after the header, but record 25
    // (on line 2 + 2 × 25 = 52) has a field too many.
    writeFileSync(join(dir, 'late.jsonl'), texts.map((t, i) => (i === 25 ? '{"text": ' : JSON.stringify({ id: `r${i}`, text: t }))).join('\n') + '\n');
    writeFileSync(join(dir, 'late.csv'), ['id,text', ...texts.map((t, i) => (i === 25 ? `r${i},"one line",extra` : `r${i},"${t}"`))].join('\n') + '\n');
    for (const [input, line, problem] of [
      ['late.jsonl', 26, 'not JSON'],
      ['late.csv', 52, 'CSV: Too many fields: expected 2 fields but parsed 3'],
    ] as const) {
      const skipped = await score(['--input', input, '--output', '-', '--batch', '4', '--workers', '2', '--on-invalid', 'skip']);
      expect(skipped.status).toBe(0);
      expect(skipped.stderr).toContain(`line ${line}: ${problem}`);
      expect(skipped.stdout.trim().split('\n')).toHaveLength(29);
      const aborted = await score(['--input', input, '--output', join(dir, 'late-out.jsonl'), '--batch', '4', '--workers', '2']);
      expect(aborted.status).toBe(1);
      expect(aborted.stderr).toContain(`score: line ${line}: ${problem}`);
      expect(existsSync(join(dir, 'late-out.jsonl'))).toBe(false);
    }
  }, 60_000);

  it('stops with a clear error, not a crash, when standard output cannot be written (a full device)', async () => {
    const full = openSync('/dev/full', 'w');
    const { status, stderr } = await score(['--input', 'in.jsonl', '--output', '-', '--workers', '2', '--batch', '16'], full);
    expect(status).toBe(1);
    expect(stderr).toMatch(/^sieve-classifier: could not write the output \(standard output\): ENOSPC/);
    expect(stderr).not.toMatch(/Unhandled|at .*cli\.js/);
  }, 60_000);

  it('stops quietly, with the status a shell gives SIGPIPE, when the reader of standard output goes away', async () => {
    const { status, stderr, stdout } = await score(['--input', 'in.jsonl', '--output', '-', '--workers', '2', '--batch', '16'], 'pipe', true);
    expect(stdout.length).toBeGreaterThan(0);
    expect(status).toBe(141);
    expect(stderr).toBe('');
  }, 60_000);

  it('gives up a file whose last line is malformed after many batches were written: its line number, and nothing left behind', async () => {
    const before = readdirSync(dir).sort();
    const { status, stderr } = await score(['--input', 'late-bad.jsonl', '--output', 'late-out.jsonl', '--workers', '2', '--batch', '16']);
    expect(status).toBe(1);
    expect(stderr).toMatch(/^sieve-classifier: score: line 3001: not JSON .*nothing was written/);
    expect(stderr).not.toMatch(/Unhandled|ERR_STREAM_DESTROYED/);
    expect(readdirSync(dir).sort()).toEqual(before);
  }, 60_000);

  it('leaves nothing behind when stopped by a signal mid-run (Ctrl-C)', async () => {
    const before = readdirSync(dir).sort();
    // Standard input kept open: the run is still going when the signal comes.
    const child = spawn(process.execPath, [CLI, 'score', '--model', 'model.sieve', '--input', '-', '--output', 'stopped.jsonl', '--workers', '1', '--batch', '16'], { stdio: ['pipe', 'ignore', 'pipe'], cwd: dir });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const closed = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_, signal) => resolve(signal)));
    child.stdin.write(readFileSync(join(dir, 'in.jsonl')));
    const partial = () => readdirSync(dir).some((f) => f.startsWith('.stopped.jsonl.') && f.endsWith('.partial'));
    for (let waited = 0; !partial() && waited < 30_000; waited += 50) await sleep(50);
    expect(partial()).toBe(true);
    await sleep(300); // some batches scored and written
    child.kill('SIGINT');
    expect(await closed).toBe('SIGINT');
    expect(stderr).toMatch(/sieve-classifier: stopped by SIGINT; nothing was written/);
    expect(existsSync(join(dir, 'stopped.jsonl'))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(before);
  }, 60_000);

  it('refuses, before scoring anything, a folder where a file is named and an output in a folder that does not exist', async () => {
    const cases: [string[], RegExp][] = [
      [['--input', dir, '--output', 'x.jsonl'], /--input .* is a folder, not a file/],
      [['--input', 'in.jsonl', '--output', dir, '--force'], /--output .* is a folder: name the file to write/],
      [['--input', 'in.jsonl', '--output', join(dir, 'missing', 'x.jsonl')], /--output .*x\.jsonl: the folder .*missing does not exist/],
    ];
    for (const [args, message] of cases) {
      const { status, stderr } = await score(args);
      expect(status).toBe(2);
      expect(stderr).toMatch(message);
    }
  }, 60_000);

  it('says how to read CSV from standard input when its first line is not JSON, and reads it so when told', async () => {
    const piped = async (args: string[]) => {
      const child = spawn(process.execPath, [CLI, 'score', '--model', 'model.sieve', '--input', '-', '--output', '-', ...args], { stdio: ['pipe', 'pipe', 'pipe'], cwd: dir });
      let [stdout, stderr] = ['', ''];
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.stdin.end('id,text\na,free offer\nb,"agenda, notes"\n');
      return { status: await new Promise<number | null>((resolve) => child.on('close', resolve)), stdout, stderr };
    };
    const untold = await piped([]);
    expect(untold.status).toBe(1);
    expect(untold.stderr).toMatch(/line 1: not JSON .*\(standard input is read as JSONL; for CSV, pass --format csv\); nothing was written/);
    expect(untold.stdout).toBe('');
    const skipped = await piped(['--on-invalid', 'skip']);
    // Said once, with the first line.
    expect(skipped.stderr).toMatch(/^line 1: not JSON .*pass --format csv\) \(skipped\)\nline 2: not JSON /);
    expect(skipped.stderr.match(/--format csv/g)).toHaveLength(1);
    const told = await piped(['--format', 'csv']);
    expect(told).toMatchObject({ status: 0, stderr: '' });
    expect(told.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(['a', 'b']);
  }, 60_000);

  it('writes each batch as soon as it is scored while standard input is still open, and stops at a bad line without waiting for more', async () => {
    const child = spawn(process.execPath, [CLI, 'score', '--model', 'model.sieve', '--input', '-', '--output', '-', '--workers', '1', '--batch', '1'], { stdio: ['pipe', 'pipe', 'pipe'], cwd: dir });
    let [stdout, stderr] = ['', ''];
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    const lines = readFileSync(join(dir, 'in.jsonl'), 'utf8').split('\n');
    child.stdin.write(lines.slice(0, 3).join('\n') + '\n');
    for (let waited = 0; stdout.split('\n').length < 4 && waited < 30_000; waited += 50) await sleep(50);
    expect(stdout.trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(['r0', 'r1', 'r2']);
    child.stdin.write('not json\n'); // and the input stays open
    expect(await closed).toBe(1);
    expect(stderr).toMatch(/line 4: not JSON/);
    child.stdin.destroy();
  }, 60_000);
});
