import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FileChunks } from '../../src/cli/file-chunks.js';
import { jsonlBatches, jsonlRecords } from '../../src/cli/jsonl-batches.js';
import type { InputColumns } from '../../src/cli/input-records.js';
import { chunked } from './chunked.js';

const columns: InputColumns = { textColumn: 'text', idColumn: 'id', vectorColumn: 'vector' };

async function collect(stream: AsyncIterable<Buffer>, lines: number) {
  const batches = [];
  for await (const batch of jsonlBatches(stream, lines)) batches.push(batch);
  return batches;
}

describe('the command reads JSONL in batches of whole lines', () => {
  it('cuts any chunking of any lines (multi-byte characters split across chunks, CRLF, blank lines, no final newline) into batches that give back every byte, each with its first line number (property)', async () => {
    const line = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.constant(''), fc.constant('\r'), fc.constant('日本語😀é'));
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 40 }), fc.boolean(), fc.array(fc.nat(), { maxLength: 10 }), fc.integer({ min: 1, max: 7 }), fc.boolean(), async (lines, finalNewline, cuts, size, reused) => {
        const text = lines.map((l) => l.replaceAll('\n', ' ')).join('\n') + (finalNewline && lines.length ? '\n' : '');
        const bytes = Buffer.from(text, 'utf8');
        const batches = await collect(chunked(bytes, cuts, reused), size);
        expect(Buffer.concat(batches.map((b) => b.bytes)).equals(bytes)).toBe(true);
        let line = 1;
        batches.forEach((batch, i) => {
          const newlines = batch.bytes.filter((b) => b === 0x0a).length;
          if (i < batches.length - 1) expect(newlines).toBe(size);
          expect(batch.firstLine).toBe(line);
          line += newlines;
          // Each batch's bytes own their buffer: they can be moved to a worker thread.
          expect(batch.bytes.byteOffset === 0 && batch.bytes.byteLength === batch.bytes.buffer.byteLength).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('reads a file into one reused buffer, every byte once, counting them', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sieve-chunks-')), 'in.jsonl');
    const text = Array.from({ length: 50 }, (_, i) => JSON.stringify({ id: `r${i}`, text: `line ${i} ✓ ${'x'.repeat(i)}` })).join('\n') + '\n';
    writeFileSync(path, text);
    const file = new FileChunks(path, 13);
    const buffers = new Set<ArrayBufferLike>();
    const tracked = (async function* () {
      for await (const chunk of file) {
        buffers.add(chunk.buffer);
        yield chunk;
      }
    })();
    const batches = await collect(tracked, 8);
    expect(Buffer.concat(batches.map((b) => b.bytes)).toString('utf8')).toBe(text);
    expect(file.bytesRead).toBe(Buffer.byteLength(text));
    expect(buffers.size).toBe(1);
  });

  it('parses a batch into records numbered by their line in the file, naming each bad line', () => {
    const text = ['{"id":"a","text":"one"}', '', '  ', 'not json', '{"text":"two"}\r', '[1]', '{"id":7,"text":3}', '{"id":"","text":"three"}'].join('\n');
    const records = jsonlRecords({ bytes: new TextEncoder().encode(text), firstLine: 41 }, columns);
    expect(records).toEqual([
      { line: 41, id: 'a', item: 'one' },
      { line: 44, problem: expect.stringMatching(/^not JSON/) },
      { line: 45, item: 'two' },
      { line: 46, problem: 'a line must hold one JSON object' },
      { line: 47, problem: '"text" must be a string (got 3)' },
      { line: 48, item: 'three' },
    ]);
  });

  it('takes an id that is a string or a number, names a line whose id is anything else, and one without the id column it was told to read', () => {
    const text = ['{"id":7,"text":"a"}', '{"id":{"a":1},"text":"b"}', '{"id":true,"text":"c"}', '{"id":null,"text":"d"}', '{"doc":"x","text":"e"}'].join('\n');
    const bytes = new TextEncoder().encode(text);
    expect(jsonlRecords({ bytes, firstLine: 1 }, columns)).toEqual([
      { line: 1, id: '7', item: 'a' },
      { line: 2, problem: '"id" must be a string or a number (got {"a":1})' },
      { line: 3, problem: '"id" must be a string or a number (got true)' },
      { line: 4, item: 'd' },
      { line: 5, item: 'e' },
    ]);
    expect(jsonlRecords({ bytes, firstLine: 1 }, { ...columns, idColumn: 'doc', idRequired: true }).map((r) => ('problem' in r ? r.problem : r.id))).toEqual([
      '"doc" (the id) is missing',
      '"doc" (the id) is missing',
      '"doc" (the id) is missing',
      '"doc" (the id) is missing',
      'x',
    ]);
  });

  it('decodes every line as UTF-8, whatever its characters, ASCII lines by the fast path (property)', () => {
    const value = fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), fc.string({ maxLength: 30 }), fc.constant('日本語 😀 é ́'));
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 20 }), fc.boolean(), (texts, bom) => {
        const text = (bom ? '\uFEFF' : '') + texts.map((t, i) => JSON.stringify(i % 2 ? { text: t } : { id: `#${t}`, text: t })).join('\n');
        const records = jsonlRecords({ bytes: new TextEncoder().encode(text), firstLine: 1 }, columns);
        expect(records).toEqual(texts.map((t, i) => ({ line: i + 1, ...(i % 2 ? {} : { id: `#${t}` }), item: t })));
      }),
      { numRuns: 300 },
    );
    // A line that is not UTF-8 is a bad line (its bytes shown as a UTF-8 decoder replaces them), the next one read.
    const bytes = Uint8Array.from([...new TextEncoder().encode('{"text":"caf'), 0xe9, ...new TextEncoder().encode('"}\n{"text":"plain"}')]);
    expect(jsonlRecords({ bytes, firstLine: 1 }, columns)).toEqual([
      { line: 1, problem: 'not UTF-8 (got "{\\"text\\":\\"caf\uFFFD\\"}")' },
      { line: 2, item: 'plain' },
    ]);
  });

  it('names the fields of a line that lacks the text column, so that a wrong column name shows', () => {
    const text = ['{"id":"a","body":"hello"}', '{}', `{${Array.from({ length: 9 }, (_, i) => `"f${i}":1`).join(',')}}`].join('\n');
    expect(jsonlRecords({ bytes: new TextEncoder().encode(text), firstLine: 1 }, columns)).toEqual([
      { line: 1, problem: '"text" must be a string (got nothing: its fields are "id", "body"; --text-column names another)' },
      { line: 2, problem: '"text" must be a string (got nothing: it has no fields; --text-column names another)' },
      { line: 3, problem: '"text" must be a string (got nothing: its fields are "f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7", …; --text-column names another)' },
    ]);
  });

  it('reads vectors for a model on precomputed vectors, naming a line whose vector is missing, short or not finite', () => {
    const text = ['{"id":"a","vector":[1,2,3]}', '{"vector":[1,2]}', '{"text":"no vector"}', '{"vector":[1,null,3]}', '{"vector":"[0.5, 0, -1]"}'].join('\n');
    const records = jsonlRecords({ bytes: new TextEncoder().encode(text), firstLine: 1 }, { ...columns, vectorDims: 3 });
    expect(records).toEqual([
      { line: 1, id: 'a', item: new Float32Array([1, 2, 3]) },
      { line: 2, problem: '"vector" must be an array of 3 finite numbers (got [1,2])' },
      { line: 3, problem: '"vector" must be an array of 3 finite numbers (got nothing: its fields are "text"; --vector-column names another)' },
      { line: 4, problem: '"vector" must be an array of 3 finite numbers (got [1,null,3])' },
      { line: 5, item: new Float32Array([0.5, 0, -1]) },
    ]);
  });
});
