import { Readable } from 'node:stream';
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvBatches, csvRecords, parsedRecords } from '../../src/cli/csv-batches.js';
import { ValidationError } from '../../src/errors.js';
import { csvRowEnd } from '../../src/cli/csv-row-end.js';
import type { InputColumns, InputRecord } from '../../src/cli/input-records.js';
import { chunked } from './chunked.js';

const columns: InputColumns = { textColumn: 'text', idColumn: 'id', vectorColumn: 'vector' };

/** The records of a CSV stream, as the command reads them: cut into batches of `rows` rows on the main thread, each batch parsed as a worker parses it (and its bytes moved away), the first refusal thrown. */
async function read(source: AsyncIterable<Uint8Array>, options = columns, encoding = 'utf-8', rows = 3): Promise<InputRecord[]> {
  const records = [];
  for await (const batch of csvBatches(source, options, encoding, rows)) {
    const { records: read, refused } = csvRecords(batch, options);
    if (refused) throw new ValidationError('score', [{ reason: refused }]);
    records.push(...read);
    // Moved away, as the command moves each batch to a worker, before the next is cut.
    structuredClone(batch.bytes.buffer, { transfer: [batch.bytes.buffer as ArrayBuffer] });
  }
  return records;
}

/** Messy CSV text: fields quoted or not, quotes in odd places, white space after closing quotes, blank lines, rows short or long. */
const messyCsv = (delimiter: string, newline: string) =>
  fc.array(fc.constantFrom('a', 'b c', ' ', '\t', '"', '""', '" ', delimiter, newline, '\n', '\r', 'é', '😀'), { maxLength: 40 }).map((parts) => parts.join(''));

const dialects = fc.record({ delimiter: fc.constantFrom(',', ';', '\t'), newline: fc.constantFrom('\n' as const, '\r\n' as const, '\r' as const) });

describe('the command reads CSV in batches of whole rows, parsed in the workers', () => {
  it('finds where each row ends as papaparse does, on malformed text too, and never a wrong end in bytes cut short (property)', () => {
    fc.assert(
      fc.property(
        dialects.chain((dialect) => fc.tuple(fc.constant(dialect), messyCsv(dialect.delimiter, dialect.newline))),
        ([{ delimiter, newline }, text]) => {
          // Where papaparse ends each row, as byte offsets; its last row always runs to the text's end (an empty one after a final line break).
          const rowEnds: number[] = [];
          Papa.parse<string[]>(text, { delimiter, newline, step: ({ meta }) => void rowEnds.push(Buffer.byteLength(text.slice(0, meta.cursor))) });
          const bytes = Buffer.from(text);
          const dialect = { delimiter: delimiter.charCodeAt(0), newline };
          const starts = [0, ...rowEnds.slice(0, -1)];
          expect(starts.map((start) => csvRowEnd(bytes, start, dialect))).toEqual([...rowEnds.slice(0, -1), -1]);
          for (let length = 0; length < bytes.length; length++) {
            const cut = bytes.subarray(0, length);
            starts.forEach((start, i) => {
              const end = start <= length ? csvRowEnd(cut, start, dialect) : -1;
              if (end >= 0) expect({ length, start, end }).toEqual({ length, start, end: rowEnds[i] });
            });
          }
        },
      ),
      // The first example turns on papaparse's measuring white space up to the nearer of the next delimiter and line break.
      { numRuns: 3000, examples: [[[{ delimiter: ';', newline: '\r' }, '""\n;\ra']]] },
    );
  });

  it('gives the records papaparse gives for the whole file, in any chunking (into reused buffers too) and batch size, malformed rows and their line numbers included (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        dialects.chain((dialect) => fc.tuple(fc.constant(dialect), messyCsv(dialect.delimiter, dialect.newline))),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.integer({ min: 1, max: 5 }),
        fc.boolean(),
        async ([{ delimiter, newline }, body], cuts, rows, reused) => {
          // Ten good rows first, read in one piece, from which papaparse guesses the delimiter.
          const start = ['id', ...Array.from({ length: 10 }, (_, i) => `r${i}`)].map((id, i) => `${id}${delimiter}${i ? `text ${i}` : 'text'}${newline}`).join('');
          const text = start + body;
          const bytes = Buffer.from(text);
          // The chunks in buffers of their own, or each read into one reused buffer, as a file is.
          const pieces = chunked(bytes, cuts.map((cut) => Buffer.byteLength(start) + (cut % (bytes.length - Buffer.byteLength(start) + 1))), reused);
          expect(await read(pieces, columns, 'utf-8', rows)).toEqual(parsedRecords(text, delimiter, newline, columns));
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('reads CSV records whatever the chunks its bytes come in, a character split between two chunks included (property)', async () => {
    const text = fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 30 }), fc.constant('日本語 😀 é, "quoted"\nline'));
    await fc.assert(
      fc.asyncProperty(fc.array(text, { minLength: 1, maxLength: 20 }), fc.array(fc.nat(), { maxLength: 12 }), fc.integer({ min: 1, max: 6 }), async (texts, cuts, rows) => {
        const bytes = Buffer.from(Papa.unparse(texts.map((t, i) => ({ id: `r${i}`, text: t }))));
        const records = [];
        records.push(...(await read(chunked(bytes, cuts), columns, 'utf-8', rows)));
        // Each record on the line it starts on: the header's, then one per row and per line break inside a field.
        const lines = texts.map((_, i) => 2 + i + texts.slice(0, i).join('').split('\n').length - 1);
        expect(records).toEqual(texts.map((t, i) => ({ line: lines[i], id: `r${i}`, item: t })));
      }),
      { numRuns: 200 },
    );
  });

  it('reads a CSV in the encoding it is given, and refuses bytes its encoding cannot read, naming their line, however the bytes are chunked', async () => {
    const latin = Buffer.from('id,text\n1,plain\n2,caf\u00e9 cr\u00e8me\n3,na\u00efve\n', 'latin1');
    for (const cut of [1, 20, 24, latin.length - 1]) {
      const chunks = [latin.subarray(0, cut), latin.subarray(cut)];
      await expect(read(Readable.from(chunks))).rejects.toThrow('score: line 3 is not valid utf-8 (pass --encoding with its encoding: a CSV saved by Excel is often windows-1252); nothing was written');
      expect((await read(Readable.from(chunks), columns, 'windows-1252')).map((r) => ('item' in r ? r.item : r.problem))).toEqual(['plain', 'café crème', 'naïve']);
    }
    // A character cut off by the end of the input.
    await expect(read(Readable.from([Buffer.from('id,text\n1,ok\n2,\xc3', 'latin1')]))).rejects.toThrow('line 3 is not valid utf-8');
  });

  it('names the line of bytes its encoding cannot read in any line ending (a Mac file of carriage returns too), read by the workers as UTF-8 or decoded first from another encoding, however the bytes are chunked', async () => {
    for (const newline of ['\n', '\r\n', '\r']) {
      // Line 4: "é" in Latin-1, not UTF-8; line 5: a byte ISO-8859-6 leaves unassigned (0xA1).
      const csv = Buffer.from(['id,text', '1,plain', '2,"two', 'lines"', '3,caf\u00e9', '4,a\u00a1b', '5,end', ''].join(newline), 'latin1');
      for (let cut = 1; cut < csv.length; cut++) {
        const chunks = [csv.subarray(0, cut), csv.subarray(cut)];
        await expect(read(Readable.from(chunks), columns, 'utf-8', 1)).rejects.toThrow('score: line 5 is not valid utf-8');
        await expect(read(Readable.from(chunks), columns, 'iso-8859-6', 1)).rejects.toThrow('score: line 6 is not valid iso-8859-6');
      }
    }
  });

  it('numbers each CSV record by the line it starts on, blank lines and line breaks inside quoted fields counted, in any line ending', async () => {
    for (const newline of ['\n', '\r\n', '\r']) {
      const csv = ['id,text', 'a,"two', 'lines"', '', 'b,plain', '   ', '', 'c,"x', '', 'y"', 'd,too,many', 'e,last'].join(newline);
      for (const rows of [1, 2, 100]) expect((await read(Readable.from([Buffer.from(csv)]), columns, 'utf-8', rows)).map((r) => [r.line, 'problem' in r ? r.problem : r.id])).toEqual([
        [2, 'a'],
        [5, 'b'],
        [8, 'c'],
        [11, 'CSV: Too many fields: expected 2 fields but parsed 3'],
        [12, 'e'],
      ]);
    }
  });

  it('reads a header after a byte-order mark as papaparse reads the text without it, its first field quoted over two lines', async () => {
    for (const rows of [1, 5]) {
      expect(await read(Readable.from([Buffer.from('\uFEFF"a\nb",text\n1,hello\n')]), columns, 'utf-8', rows)).toEqual([{ line: 3, item: 'hello' }]);
    }
  });

  it('refuses a CSV whose header lacks the text column, or the id column it was told to read, before any record, naming the columns it has', async () => {
    const readText = (csv: string, options: InputColumns = columns) => read(Readable.from([Buffer.from(csv)]), options);
    expect(await readText('id,text\n1,hello\n2,"two, lines\nhere"\n')).toEqual([
      { line: 2, id: '1', item: 'hello' },
      { line: 3, id: '2', item: 'two, lines\nhere' },
    ]);
    await expect(readText('id,body\n1,hello\n')).rejects.toThrow('score: the CSV header has no column "text" (name it with --text-column): its columns are "id", "body"; nothing was written');
    await expect(readText('id,text\n1,hello\n', { ...columns, idColumn: 'doc', idRequired: true })).rejects.toThrow('the CSV header has no column "doc" (--id-column): its columns are "id", "text"');
    await expect(readText('id,text\n1,hello\n', { ...columns, vectorDims: 3 })).rejects.toThrow('the CSV header has no column "vector" (name it with --vector-column)');
  });

});
