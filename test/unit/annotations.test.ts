import { afterAll, describe, expect, it } from 'vitest';
import { cohensKappa, krippendorffAlpha } from '../../src/data/agreement.js';
import { NotFoundError, uncertainty, ValidationError } from '../../src/index.js';
import { deleteWorkspaces, freshWorkspace, toyRecords } from './helpers.js';

afterAll(deleteWorkspaces);

const texts = Array.from({ length: 50 }, (_, i) => (i < 25 ? `great film number ${i}, loved it` : `awful film number ${i}, hated it`));

describe('annotations by several annotators', () => {
  it('two annotators on 50 records: unified labels, Cohen kappa and disagreements equal hand-computed values; disagreement training uses exactly the agreed records', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'reviews', labels: ['pos', 'neg'] });
    await ws.datasets.addRecords(ds.id, texts.map((text, i) => ({ id: `r${i}`, text })));
    // Ana: 0–24 pos, 25–49 neg. Ben agrees except on 20–24 (neg) and 45–49 (pos).
    ws.setAnnotator('ana');
    for (let i = 0; i < 50; i++) await ws.datasets.annotate(ds.id, `r${i}`, { label: i < 25 ? 'pos' : 'neg' });
    const disagreed = new Set([20, 21, 22, 23, 24, 45, 46, 47, 48, 49]);
    for (let i = 0; i < 50; i++) {
      const ana = i < 25 ? 'pos' : 'neg';
      await ws.datasets.annotate(ds.id, `r${i}`, { annotator: 'ben', label: disagreed.has(i) ? (ana === 'pos' ? 'neg' : 'pos') : ana });
    }
    const records = await ws.datasets.records(ds.id);
    expect(records[0].responses?.map((r) => r.annotator)).toEqual(['ana', 'ben']);
    // Majority of two: agreed records keep the label, ties are unlabeled.
    records.forEach((r, i) => expect(r.label).toBe(disagreed.has(i) ? undefined : i < 25 ? 'pos' : 'neg'));

    const agreement = await ws.datasets.agreement(ds.id);
    // p_o = 40/50; both annotators say pos 25 times: p_e = 0.5; kappa = (0.8 − 0.5) / 0.5.
    expect(agreement.method).toBe('cohen-kappa');
    expect(agreement.overall).toBeCloseTo(0.6, 10);
    expect(agreement.perLabel.pos).toBeCloseTo(0.6, 10);
    expect(agreement.annotators).toEqual(['ana', 'ben']);
    expect(agreement.items).toBe(50);
    expect(agreement.disagreements.sort()).toEqual([...disagreed].map((i) => `r${i}`).sort());

    const run = await ws.train({ datasetId: ds.id, unification: 'disagreement', params: { num_train_epochs: 2 } });
    expect(run.params).toMatchObject({ unification: 'disagreement', unifiedCount: 40 });
    // Ties broken by the latest answer (Ben's, given after Ana's) keep all 50, with Ben's labels.
    const latest = await ws.train({ datasetId: ds.id, tieBreak: 'latest', params: { num_train_epochs: 2 } });
    expect(latest.params).toMatchObject({ unification: 'majority', tieBreak: 'latest', unifiedCount: 50 });
    expect((run.params.trainCount as number) + (run.params.validationCount as number)).toBe(40);

    // A third annotator breaks the ties on 20–24: majority now keeps 45 records, disagreement still 40.
    for (const i of [20, 21, 22, 23, 24]) await ws.datasets.annotate(ds.id, `r${i}`, { annotator: 'cleo', label: 'pos' });
    expect((await ws.datasets.records(ds.id))[20].label).toBe('pos');
    const majority = await ws.train({ datasetId: ds.id, params: { num_train_epochs: 2 } });
    expect(majority.params).toMatchObject({ unification: 'majority', unifiedCount: 45 });
    expect((await ws.train({ datasetId: ds.id, unification: 'disagreement', params: { num_train_epochs: 2 } })).params.unifiedCount).toBe(40);
    expect((await ws.datasets.agreement(ds.id)).method).toBe('krippendorff-alpha');
  });

  it("compute Krippendorff's alpha (nominal, missing values) and Cohen's kappa by the textbook formulas", () => {
    const unit = (entries: [string, string][]) => new Map(entries);
    // Coincidences: o_aa 4, o_ab = o_ba 2, o_bb 3; n = 11; alpha = 1 − 10 · 4 / (2 · 6 · 5).
    const units = [
      unit([['x', 'a'], ['y', 'a'], ['z', 'a']]),
      unit([['x', 'a'], ['y', 'a'], ['z', 'b']]),
      unit([['x', 'b'], ['y', 'b'], ['z', 'b']]),
      unit([['x', 'a'], ['y', 'b']]),
      unit([['x', 'a']]),
    ];
    expect(krippendorffAlpha(units)).toBeCloseTo(1 - (10 * 4) / 60, 10);
    expect(krippendorffAlpha([unit([['x', 'a'], ['y', 'a']]), unit([['x', 'b'], ['y', 'b']])])).toBe(1);
    // Kappa: 3 of 4 agree; x says a 3×, y says a 2×: p_e = 3/4·2/4 + 1/4·2/4 = 1/2.
    const pairs = [unit([['x', 'a'], ['y', 'a']]), unit([['x', 'a'], ['y', 'a']]), unit([['x', 'a'], ['y', 'b']]), unit([['x', 'b'], ['y', 'b']])];
    expect(cohensKappa(pairs, 'x', 'y')).toBeCloseTo((0.75 - 0.5) / 0.5, 10);
  });

  it('replace an annotator’s earlier answer, take it back with null, and accept responses in addRecords', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'topics', labels: ['x', 'y', 'z'], multiLabel: true });
    await ws.datasets.addRecords(ds.id, [
      { id: 'a', text: 'one', responses: [{ annotator: 'p', labels: ['x', 'y'] }, { annotator: 'q', labels: ['x'] }, { annotator: 'r', labels: ['x', 'z'] }] },
      { id: 'b', text: 'two', labels: ['y'] },
    ]);
    const [a, b] = await ws.datasets.records(ds.id);
    expect(a.labels).toEqual(['x']); // x: 3 of 3; y and z: 1 of 3
    expect(b.responses).toMatchObject([{ annotator: 'default', labels: ['y'] }]);
    await ws.datasets.annotate(ds.id, 'b', { labels: ['z'] });
    expect((await ws.datasets.records(ds.id))[1].responses).toMatchObject([{ annotator: 'default', labels: ['z'] }]);
    await ws.datasets.annotate(ds.id, 'b', { labels: null });
    const cleared = (await ws.datasets.records(ds.id))[1];
    expect(cleared.responses).toEqual([]);
    expect(cleared.labels).toBeUndefined();
  });

  it('refuse empty annotators, labels outside the set, and records deleted meanwhile, writing nothing', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'reviews', labels: ['pos', 'neg'] });
    await ws.datasets.addRecords(ds.id, [{ id: 'r1', text: 'fine' }]);
    await expect(ws.datasets.annotate(ds.id, 'r1', { annotator: ' ', label: 'pos' })).rejects.toThrow(/field "annotator": the annotator must be a non-empty name/);
    await expect(ws.datasets.annotate(ds.id, 'r1', { label: 'meh' })).rejects.toThrow(ValidationError);
    expect(() => ws.setAnnotator('')).toThrow(/non-empty name/);
    await expect(ws.datasets.addRecords(ds.id, [{ text: 't', responses: [{ annotator: 'a', label: 'pos' }, { annotator: 'a', label: 'neg' }] }])).rejects.toThrow(/one response per annotator/);
    await expect(ws.datasets.annotate(ds.id, 'gone', { label: 'pos' })).rejects.toThrow(NotFoundError);
    expect((await ws.datasets.records(ds.id))[0].responses).toBeUndefined();
    await expect(ws.train({ datasetId: ds.id, unification: 'vote' as never })).rejects.toThrow(/unification.*must be one of "majority", "disagreement"/);
  });
});

describe('model in the loop', () => {
  it('measures uncertainty three ways', () => {
    expect(uncertainty([0.5, 0.5], 'least-confidence', false)).toBeCloseTo(1);
    expect(uncertainty([0.9, 0.1], 'least-confidence', false)).toBeCloseTo(0.2);
    expect(uncertainty([0.6, 0.3, 0.1], 'margin', false)).toBeCloseTo(0.7);
    expect(uncertainty([0.25, 0.25, 0.25, 0.25], 'entropy', false)).toBeCloseTo(1);
    expect(uncertainty([1, 0], 'entropy', false)).toBe(0);
    expect(uncertainty([0.95, 0.5], 'margin', true)).toBeCloseTo(1); // the second class is a coin flip
  });

  it('queues unlabeled records most uncertain first, and bulk-labels a selection in one transaction', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'toy', labels: ['sports', 'cooking'] });
    await ws.datasets.addRecords(ds.id, [
      ...toyRecords(10),
      { id: 'q1', text: 'the team won the match' },
      { id: 'q2', text: 'the players bake bread after the match' },
      { id: 'q3', text: 'simmer the sauce slowly' },
      { id: 'q4', text: 'a goal in the soup', split: 'test' },
    ]);
    const run = await ws.train({ datasetId: ds.id, params: { num_train_epochs: 10 } });
    const queue = await ws.queue(run.id, ds.id, { strategy: 'margin' });
    expect(queue.map((q) => q.record.id).sort()).toEqual(['q1', 'q2', 'q3']);
    expect(queue[0].record.id).toBe('q2'); // the mixed text
    expect(queue.map((q) => q.uncertainty)).toEqual([...queue.map((q) => q.uncertainty)].sort((a, b) => b - a));
    expect(queue[0].uncertainty).toBeCloseTo(uncertainty([queue[0].prediction.scores.sports, queue[0].prediction.scores.cooking], 'margin', false));
    await expect(ws.queue(run.id, ds.id, { strategy: 'random' as never })).rejects.toThrow(/strategy.*least-confidence/);

    const updated = await ws.datasets.annotateMany(ds.id, ['q1', 'q3'], { label: 'sports' });
    expect(updated.map((r) => r.label)).toEqual(['sports', 'sports']);
    await expect(ws.datasets.annotateMany(ds.id, ['q2', 'gone'], { label: 'cooking' })).rejects.toThrow(/no records with ids "gone"; nothing was labeled/);
    expect((await ws.datasets.records(ds.id)).find((r) => r.id === 'q2')?.label).toBeUndefined();
  });
});
