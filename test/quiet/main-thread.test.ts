import { afterAll, describe, expect, it } from 'vitest';
import { ASSETS_URL, deleteWorkspaces, freshWorkspace } from '../unit/helpers.js';

// A timing claim about the page's main thread: it runs alone, after every other test (its own
// project, a later group), so that other test files' browsers and builds do not stretch its tasks.
afterAll(deleteWorkspaces);

describe('training in a worker (the default in pages)', () => {
  it('keeps the page responsive: no main-thread task over 50 ms while the demo data trains', async () => {
    const ws = await freshWorkspace({ trainIn: 'worker' });
    const ds = await ws.datasets.create({ name: 'demo', labels: ['ham', 'spam'] });
    const text = await (await fetch(new URL('samples/spamassassin-sample.jsonl', new URL(ASSETS_URL, location.href)))).text();
    await ws.datasets.addRecords(ds.id, text.split('\n').filter(Boolean).map((line) => JSON.parse(line)));
    const longTasks: number[] = [];
    const control: number[] = [];
    let phase: 'control' | 'training' | 'idle' = 'control';
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) (phase === 'control' ? control : phase === 'training' ? longTasks : []).push(entry.duration);
    });
    observer.observe({ type: 'longtask' });
    // Control: the observer does see a 80 ms task of this page.
    const until = performance.now() + 80;
    while (performance.now() < until);
    await new Promise((r) => setTimeout(r, 300));
    expect(control.length).toBeGreaterThan(0);
    phase = 'idle';
    await new Promise((r) => setTimeout(r, 100));
    phase = 'training';
    const run = await ws.train({ datasetId: ds.id });
    phase = 'idle';
    observer.disconnect();
    expect(run.status).toBe('FINISHED');
    expect(longTasks).toEqual([]);
  });
});
