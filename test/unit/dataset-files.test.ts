import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/index.js';
import { deleteWorkspaces, freshWorkspace } from './helpers.js';

afterAll(deleteWorkspaces);

const strip = (records: { id: string; text?: string; label?: string; labels?: string[]; split?: string; metadata?: unknown; responses?: unknown }[]) =>
  records.map(({ id, text, label, labels, split, metadata, responses }) => ({ id, text, label, labels, split, metadata, responses }));

describe('dataset files', () => {
  for (const format of ['csv', 'jsonl'] as const) {
    it(`round-trip every record, label, split, id and metadata through ${format.toUpperCase()}`, async () => {
      const ws = await freshWorkspace();
      const single = await ws.datasets.create({ name: 'single', labels: ['pos', 'neg'] });
      await ws.datasets.addRecords(single.id, [
        { id: 'a', text: 'plain', label: 'pos', split: 'train' },
        { id: 'b', text: 'with, a comma and "quotes"\nand a second line', label: 'neg', split: 'test', metadata: { source: 'x', n: 2 } },
        { id: 'c', text: 'unlabeled ünïcödé ✓' },
      ]);
      const file = await ws.datasets.export(single.id, { format });
      const copy = await ws.datasets.create({ name: 'copy', labels: ['pos', 'neg'] });
      expect(await ws.datasets.importFile(copy.id, file, { format })).toEqual({ datasetId: copy.id, added: 3, skipped: [] });
      expect(strip(await ws.datasets.records(copy.id))).toEqual(strip(await ws.datasets.records(single.id)));

      const multi = await ws.datasets.create({ name: 'multi', labels: ['x', 'y', 'z'], multiLabel: true });
      await ws.datasets.addRecords(multi.id, [{ id: 'm1', text: 'both', labels: ['x', 'z'] }, { id: 'm2', text: 'none' }, { id: 'm3', text: 'one', labels: ['y'], split: 'validation' }]);
      const multiCopy = await ws.datasets.create({ name: 'multi copy', labels: ['x', 'y', 'z'], multiLabel: true });
      await ws.datasets.importFile(multiCopy.id, await ws.datasets.export(multi.id, { format }), { format });
      expect(strip(await ws.datasets.records(multiCopy.id))).toEqual(strip(await ws.datasets.records(multi.id)));
    });
  }

  for (const format of ['csv', 'jsonl'] as const) {
    it(`keep every annotator's answer through ${format.toUpperCase()}, and refuse a label column that contradicts them`, async () => {
      const ws = await freshWorkspace();
      const ds = await ws.datasets.create({ name: 'panel', labels: ['pos', 'neg'] });
      await ws.datasets.addRecords(ds.id, [
        { id: 'agree', text: 'all say pos', responses: [{ annotator: 'Ana', label: 'pos', at: 1000 }, { annotator: 'Ben', label: 'pos', at: 2000 }] },
        { id: 'split', text: 'a tie', responses: [{ annotator: 'Ana', label: 'pos', at: 3000 }, { annotator: 'Ben', label: 'neg', at: 4000 }] },
        { id: 'two-one', text: 'majority neg', responses: [{ annotator: 'Ana', label: 'neg' }, { annotator: 'Ben', label: 'neg' }, { annotator: 'Cy', label: 'pos' }] },
      ]);
      const copy = await ws.datasets.create({ name: 'panel copy', labels: ['pos', 'neg'] });
      await ws.datasets.importFile(copy.id, await ws.datasets.export(ds.id, { format }), { format });
      expect(strip(await ws.datasets.records(copy.id))).toEqual(strip(await ws.datasets.records(ds.id)));
      expect((await ws.datasets.agreement(copy.id)).disagreements).toEqual((await ws.datasets.agreement(ds.id)).disagreements);

      const multi = await ws.datasets.create({ name: 'multi panel', labels: ['x', 'y'], multiLabel: true });
      await ws.datasets.addRecords(multi.id, [{ id: 'm', text: 'tags', responses: [{ annotator: 'Ana', labels: ['x', 'y'] }, { annotator: 'Ben', labels: ['y'] }] }]);
      const multiCopy = await ws.datasets.create({ name: 'multi panel copy', labels: ['x', 'y'], multiLabel: true });
      await ws.datasets.importFile(multiCopy.id, await ws.datasets.export(multi.id, { format }), { format });
      expect(strip(await ws.datasets.records(multiCopy.id))).toEqual(strip(await ws.datasets.records(multi.id)));
    });
  }

  it('refuse responses that are not JSON or that the label column contradicts, by row', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'checked', labels: ['pos', 'neg'] });
    const csvField = (value: unknown) => `"${JSON.stringify(value).replace(/"/g, '""')}"`;
    const responses = (labels: string[]) => csvField(labels.map((label, i) => ({ annotator: `a${i}`, label })));
    const csv = new File(
      [['id,text,label,responses', `1,ok,pos,${responses(['pos', 'pos'])}`, `2,empty label is fine,,${responses(['neg'])}`, `3,contradicts,pos,${responses(['neg', 'neg', 'pos'])}`, '4,broken,,"[{not json"', `5,bad time,,${csvField([{ annotator: 'a', label: 'pos', at: -5 }])}`].join('\n')],
      'checked.csv',
    );
    const error = await ws.datasets.importFile(ds.id, csv).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.problems.map((p: { row?: number; index?: number; field: string }) => [p.row ?? p.index, p.field])).toEqual([
      [3, 'label'],
      [4, 'responses'],
      [5, 'responses[0].at'],
    ]);
    expect(error.problems[0].reason).toMatch(/the label column \("pos"\) is not the majority of the row's responses \("neg"\)/);
    expect(await ws.datasets.records(ds.id)).toEqual([]);
  });

  it('round-trip any texts, ids, labels, splits, metadata and answers through both formats (property)', async () => {
    const ws = await freshWorkspace();
    // Texts mix the characters CSV must quote (commas, quotes, both newlines, edge spaces) with any Unicode.
    const tricky = fc.constantFrom(',', '"', '""', '\n', '\r\n', '\r', ' ', '\t', '|', '[', '{', 'é', '😀', '\u00a0', '=1+1');
    const text = fc.array(fc.oneof(tricky, fc.string({ unit: 'binary', maxLength: 8 })), { minLength: 1, maxLength: 12 }).map((parts) => parts.join('')).filter((t) => t.trim() !== '');
    const answer = fc.record({ annotator: fc.constantFrom('ana', 'ben', 'cy'), label: fc.constantFrom('pos', 'neg'), at: fc.integer({ min: 0, max: 2 ** 40 }) });
    const record = fc.record(
      {
        text,
        split: fc.constantFrom('train', 'validation', 'test'),
        metadata: fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.boolean())),
        responses: fc.uniqueArray(answer, { selector: (a) => a.annotator, minLength: 1, maxLength: 3 }),
      },
      { requiredKeys: ['text'] },
    );
    const records = fc.uniqueArray(fc.tuple(fc.string({ minLength: 1, maxLength: 10 }).filter((id) => id.trim() === id && id !== ''), record), { selector: ([id]) => id, minLength: 1, maxLength: 8 });
    let round = 0;
    await fc.assert(
      fc.asyncProperty(records, fc.constantFrom('csv' as const, 'jsonl' as const), async (rows, format) => {
        round++;
        const source = await ws.datasets.create({ name: `source ${round}`, labels: ['pos', 'neg'] });
        await ws.datasets.addRecords(source.id, rows.map(([id, r]) => ({ id, ...r })));
        const copy = await ws.datasets.create({ name: `copy ${round}`, labels: ['pos', 'neg'] });
        await ws.datasets.importFile(copy.id, await ws.datasets.export(source.id, { format }), { format });
        expect(strip(await ws.datasets.records(copy.id))).toEqual(strip(await ws.datasets.records(source.id)));
      }),
      { numRuns: 40 },
    );
  });

  it('read configurable column names and tell the format from the file name', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'reviews', labels: ['good', 'bad'] });
    const csv = new File(['sentence,category\n"Loved it, truly",good\nMeh,bad\nNo label,\n'], 'reviews.csv');
    expect(await ws.datasets.importFile(ds.id, csv, { textColumn: 'sentence', labelColumn: 'category' })).toEqual({ datasetId: ds.id, added: 3, skipped: [] });
    expect((await ws.datasets.records(ds.id)).map((r) => [r.text, r.label])).toEqual([
      ['Loved it, truly', 'good'],
      ['Meh', 'bad'],
      ['No label', undefined],
    ]);
    await expect(ws.datasets.importFile(ds.id, csv)).rejects.toThrow(/the CSV has no "text" column \(columns: sentence, category\); pass textColumn/);
    await expect(ws.datasets.importFile(ds.id, new Blob(['x']))).rejects.toThrow(/cannot tell the format from the file name/);
    // Tab-separated (by its name), and semicolons in a .csv: the delimiter found from the rows.
    const tsv = new File(['sentence\tcategory\nGood, and cheap\tgood\n'], 'more.tsv');
    const semicolons = new File(['sentence;category\n"Bad; broke, twice";bad\n'], 'more.csv');
    for (const file of [tsv, semicolons]) expect((await ws.datasets.importFile(ds.id, file, { textColumn: 'sentence', labelColumn: 'category' })).added).toBe(1);
    expect((await ws.datasets.records(ds.id)).slice(3).map((r) => [r.text, r.label])).toEqual([
      ['Good, and cheap', 'good'],
      ['Bad; broke, twice', 'bad'],
    ]);
  });

  it('report bad rows by number and reason, and write all valid rows or nothing', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'strict', labels: ['pos', 'neg'] });
    const lines = [
      '{"text": "fine", "label": "pos"}',
      '{"text": "unknown label", "label": "meh"}',
      'not json',
      '{"text": "", "label": "neg"}',
      '{"text": "also fine", "split": "holdout"}',
      '{"id": {"a": 1}, "text": "an object as its id", "label": "pos"}',
      '{"id": 12, "text": "last fine", "label": "neg"}',
    ];
    const file = new File([lines.join('\n')], 'data.jsonl');
    const error = await ws.datasets.importFile(ds.id, file).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toMatch(/^importFile "data.jsonl" refused 5 of 7 rows, nothing was written/);
    expect(error.problems.map((p: { row: number; field?: string }) => [p.row, p.field])).toEqual([
      [2, 'label'],
      [3, undefined],
      [4, 'text'],
      [5, 'split'],
      [6, 'id'],
    ]);
    expect(error.message).toContain('row 6, field "id": id must be a string or a number (got "{\\"a\\":1}")');
    expect(error.message).toMatch(/row 2, field "label": label is not in the dataset's labels/);
    expect(await ws.datasets.records(ds.id)).toEqual([]);
    const result = await ws.datasets.importFile(ds.id, file, { onInvalid: 'skip' });
    expect(result.added).toBe(2);
    expect(result.skipped.map((p) => p.row)).toEqual([2, 3, 4, 5, 6]);
    expect((await ws.datasets.records(ds.id)).map((r) => [r.id === '12', r.text])).toEqual([
      [false, 'fine'],
      [true, 'last fine'],
    ]);
  });
});

describe('importing a file in another text encoding', () => {
  it('refuses bytes that are not UTF-8, naming the first line with them, reads the file as the encoding it is given, and UTF-16 by its byte order mark', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'latin', labels: ['a', 'b'] });
    // "text,label / café,a / naïve,b" as Windows-1252 (Excel's "CSV" on a Western European system).
    const latin = new File([Uint8Array.from([...'text,label\ncaf'].map((c) => c.charCodeAt(0)).concat([0xe9], [...',a\nna'].map((c) => c.charCodeAt(0)), [0xef], [...'ve,b\n'].map((c) => c.charCodeAt(0))))], 'latin.csv');
    const refused = await ws.datasets.importFile(ds.id, latin).catch((e) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect(refused.message).toBe('importFile: field "encoding": line 2 is not valid utf-8: pass { encoding } with the file\'s encoding (a file saved by Excel as "CSV" is often "windows-1252") (got "caf\uFFFD,a")');
    await expect(ws.datasets.previewFile(latin)).rejects.toThrow(/previewFile: field "encoding": line 2 is not valid utf-8/);
    // The same file with a carriage return ending each line (Excel's "CSV (Macintosh)"): the same line named.
    const mac = new File([new Uint8Array(await latin.arrayBuffer()).map((b) => (b === 0x0a ? 0x0d : b))], 'mac.csv');
    await expect(ws.datasets.previewFile(mac)).rejects.toThrow(/previewFile: field "encoding": line 2 is not valid utf-8/);
    expect(await ws.datasets.records(ds.id)).toEqual([]);
    expect((await ws.datasets.previewFile(latin, { encoding: 'windows-1252' })).rows).toEqual([
      { text: 'café', label: 'a' },
      { text: 'naïve', label: 'b' },
    ]);
    expect((await ws.datasets.importFile(ds.id, latin, { encoding: 'windows-1252' })).added).toBe(2);
    // Excel's "Unicode text": UTF-16LE with its byte order mark, tab-separated.
    const utf16 = new Uint8Array([0xff, 0xfe, ...[...'text\tlabel\r\n日本語 ok\tb\r\n'].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8])]);
    expect((await ws.datasets.importFile(ds.id, new File([utf16], 'unicode.tsv'))).added).toBe(1);
    expect((await ws.datasets.records(ds.id)).map((r) => [r.text, r.label])).toEqual([
      ['café', 'a'],
      ['naïve', 'b'],
      ['日本語 ok', 'b'],
    ]);
    await expect(ws.datasets.importFile(ds.id, latin, { encoding: 'latin-9000' })).rejects.toThrow('importFile: field "encoding": not an encoding this browser can decode (for example "utf-8", "windows-1252", "utf-16le") (got "latin-9000")');
  });
});

describe('importing a large file: progress, cancellation, dry run, preview', () => {
  const bigCsv = (rows: number) =>
    new File([['text,label', ...Array.from({ length: rows }, (_, i) => `"message number ${i}, with a comma",${i % 3 ? 'ham' : 'spam'}`)].join('\n')], 'big.csv');

  it('reports reading, parsing and writing, and ends with every record written', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'big', labels: ['ham', 'spam'] });
    const seen: { phase: string; done: number; total: number }[] = [];
    const result = await ws.datasets.importFile(ds.id, bigCsv(20_000), { onProgress: (p) => seen.push(p) });
    expect(result).toEqual({ datasetId: ds.id, added: 20_000, skipped: [] });
    expect([...new Set(seen.map((p) => p.phase))]).toEqual(['read', 'parse', 'write']);
    expect(seen.filter((p) => p.phase === 'write').at(-1)).toEqual({ phase: 'write', done: 20_000, total: 20_000 });
    // Each phase counts up.
    for (const phase of ['read', 'write']) {
      const done = seen.filter((p) => p.phase === phase).map((p) => p.done);
      expect(done).toEqual([...done].sort((a, b) => a - b));
    }
    expect((await ws.datasets.records(ds.id)).length).toBe(20_000);
  });

  it('writes nothing when cancelled while writing, or before it starts', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'big', labels: ['ham', 'spam'] });
    await ws.datasets.addRecords(ds.id, [{ text: 'kept', label: 'ham' }]);
    const abort = new AbortController();
    const error = await ws.datasets
      .importFile(ds.id, bigCsv(20_000), { signal: abort.signal, onProgress: (p) => p.phase === 'write' && p.done > 1000 && abort.abort() })
      .catch((e) => e);
    expect(error).toBeInstanceOf(DOMException);
    expect(error.name).toBe('AbortError');
    expect((await ws.datasets.records(ds.id)).map((r) => r.text)).toEqual(['kept']);
    const early = new AbortController();
    early.abort();
    await expect(ws.datasets.importFile(ds.id, bigCsv(10), { signal: early.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect((await ws.datasets.records(ds.id)).length).toBe(1);
  });

  it('checks a file without writing, into an existing or a new dataset, and previews its columns, first rows and label values', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'small', labels: ['ham', 'spam'] });
    const file = new File(['body,category,part\nhello,ham,train\nbuy now,spam,test\n,ham,train\noops,eggs,train\n'], 'mail.csv');
    const checked = await ws.datasets.checkFile(ds.id, file, { textColumn: 'body', labelColumn: 'category', splitColumn: 'part', onInvalid: 'skip' });
    expect(checked.added).toBe(2);
    expect(checked.skipped.map((p) => [p.row, p.field])).toEqual([
      [3, 'text'],
      [4, 'label'],
    ]);
    expect(await ws.datasets.records(ds.id)).toEqual([]);
    const preview = await ws.datasets.previewFile(file, { labelColumn: 'category', rows: 2 });
    expect(preview).toEqual({
      format: 'csv',
      columns: ['body', 'category', 'part'],
      rows: [
        { body: 'hello', category: 'ham', part: 'train' },
        { body: 'buy now', category: 'spam', part: 'test' },
      ],
      rowCount: 4,
      labelValues: ['ham', 'spam', 'eggs'],
    });
    // A new dataset: checked against its definition, then created with its records in one transaction.
    const definition = { name: 'mail', labels: ['ham', 'spam'] };
    const columns = { textColumn: 'body', labelColumn: 'category', splitColumn: 'part' };
    expect((await ws.datasets.checkFile(definition, file, { ...columns, onInvalid: 'skip' })).skipped.map((p) => p.row)).toEqual([3, 4]);
    await expect(ws.datasets.importFile(definition, file, columns)).rejects.toThrow(/refused 2 of 4 rows, nothing was written/);
    expect((await ws.datasets.list()).map((d) => d.name)).toEqual(['small']);
    const created = await ws.datasets.importFile(definition, file, { ...columns, onInvalid: 'skip' });
    expect(created.added).toBe(2);
    expect((await ws.datasets.get(created.datasetId)).name).toBe('mail');
    expect((await ws.datasets.records(created.datasetId)).map((r) => r.text)).toEqual(['hello', 'buy now']);
    await expect(ws.datasets.checkFile({ name: '', labels: ['a'] }, file)).rejects.toThrow(/checkFile/);
    const jsonl = new File(['{"text":"a","labels":["x","y"]}\n{"text":"b","labels":"y|z","extra":1}\nnot json\n'], 'm.jsonl');
    expect(await ws.datasets.previewFile(jsonl, { multiLabel: true })).toMatchObject({ format: 'jsonl', columns: ['text', 'labels', 'extra'], rowCount: 3, labelValues: ['x', 'y', 'z'] });
  });
});
