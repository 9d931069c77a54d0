// The built command (dist/node/cli.js) asked for help or its version, as a stranger's first call
// does, and called wrongly: help and version on standard output with status 0; a wrong call says
// what was wrong, then the usage, on standard error with status 2.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const CLI = join(import.meta.dirname, '../../dist/node/cli.js');
const run = promisify(execFile);

/** Runs the command with `args`; resolves with its status and both outputs, whatever the status. */
async function command(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args]);
    return { status: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { status: code, stdout, stderr };
  }
}

describe('sieve-classifier usage', () => {
  it.each(['--help', '-h', 'help', 'score --help', 'score --model m.sieve -h'])('prints the usage and every option for "%s" on standard output, status 0', async (args) => {
    const { status, stdout, stderr } = await command(args.split(' '));
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    expect(stdout).toMatch(/^Usage: sieve-classifier score --model FILE --input FILE\|- --output FILE\|-/);
    for (const option of ['--format', '--encoding', '--text-column', '--vector-column', '--id-column', '--workers', '--batch', '--on-invalid abort|skip', '--force', '--progress', '--no-progress']) {
      expect(stdout).toMatch(new RegExp(`(\\n  |, )${option.replace('|', '\\|')}\\b`));
    }
  });

  it.each([['--version'], ['-v'], ['version']])('prints the package version for %s, status 0', async (arg) => {
    const { version } = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };
    expect(await command([arg])).toEqual({ status: 0, stdout: `sieve-classifier ${version}\n`, stderr: '' });
  });

  it.each([
    [[], 'no command given'],
    [['scroe'], 'unknown command "scroe" (did you mean score?)'],
    [['predict'], 'unknown command "predict"\n'],
    [['score', '--modle', 'm.sieve'], "Unknown option '--modle' (did you mean --model?)"],
    [['score', '--worker=2'], "Unknown option '--worker' (did you mean --workers?)"],
    [['score', '--text', 'body'], "Unknown option '--text' (did you mean --text-column?)"],
    [['score', '--zzz'], "Unknown option '--zzz'\n"],
    [['score', 'in.jsonl'], "Unexpected argument 'in.jsonl'"],
    [['score', '--model'], "Option '--model <value>' argument missing"],
    [['score', '--model', 'm.sieve'], '--model, --input and --output are required'],
  ])('refuses %j: "%s", then the usage, on standard error with status 2', async (args, message) => {
    const { status, stdout, stderr } = await command(args);
    expect({ status, stdout }).toEqual({ status: 2, stdout: '' });
    expect(stderr).toContain(`sieve-classifier: ${message}`);
    expect(stderr).toContain('Usage: sieve-classifier score');
    expect(stderr).toContain('sieve-classifier --help says more');
    expect(stderr).not.toContain('Options:');
  });

  it('names the model file it cannot read, with the reason, status 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sieve-cli-usage-'));
    const [model, input] = [join(dir, 'notes.txt'), join(dir, 'in.jsonl')];
    writeFileSync(model, 'these are not weights');
    writeFileSync(input, '{"text":"hello"}\n');
    const { status, stdout, stderr } = await command(['score', '--model', model, '--input', input, '--output', '-', '--workers', '1']);
    expect({ status, stdout }).toEqual({ status: 1, stdout: '' });
    expect(stderr).toBe(`sieve-classifier: --model ${model}: model file: field "file": not a Sieve model file (neither SIEVEMDL nor safetensors with Sieve's metadata; 21 bytes)\n`);
  });
});
