// The command's worker pool when a worker's thread ends on its own: every batch it held, and every
// one sent after, fails with the reason, instead of waiting forever for an answer.
import { describe, expect, it } from 'vitest';
import { ScoreWorkers } from '../../src/cli/score-workers.js';

const columns = { textColumn: 'text', idColumn: 'id', vectorColumn: 'vector' };
const script = new URL('./fixtures/exiting-worker.mjs', import.meta.url);
/** A batch to send (its bytes are moved to the worker). */
const batch = () => ({ csv: { bytes: new TextEncoder().encode('id,text\nr1,a text\n'), headerLines: 1, firstLine: 2, delimiter: ',', newline: '\n' as const } });

describe('ScoreWorkers', () => {
  it('fails the batches of a worker that stopped, and those sent after', async () => {
    const pool = await ScoreWorkers.start(script, 1, 'unused.sieve', { ...columns, exitAt: 'batch' } as never);
    await expect(pool.score(batch())).rejects.toThrow(/A scoring worker stopped \(exit code 3\)/);
    await expect(pool.score(batch())).rejects.toThrow(/A scoring worker stopped \(exit code 3\)/);
    await pool.close();
  });

  it('fails to start when a worker stops before it has loaded the model', async () => {
    await expect(ScoreWorkers.start(script, 2, 'unused.sieve', { ...columns, exitAt: 'start' } as never)).rejects.toThrow(/stopped before it had loaded the model \(exit code 4\)/);
  });
});
