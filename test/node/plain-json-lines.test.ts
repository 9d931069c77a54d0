import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LowerCasedText } from '../../src/backbones/lower-cased-text.js';
import type { InputColumns, JsonlRecord } from '../../src/cli/input-records.js';
import { jsonlRecords } from '../../src/cli/jsonl-batches.js';
import { PlainJsonLines } from '../../src/cli/plain-json-lines.js';

const columns: InputColumns = { textColumn: 'text', idColumn: 'id', vectorColumn: 'vector' };
const encode = (text: string) => new TextEncoder().encode(text);

/** Records as comparable values: a decoded text as its string, a parsed one lower-cased (what the featurizer reads of each). */
const asRead = (records: JsonlRecord[]) =>
  records.map((r) => ('item' in r ? { ...r, item: r.item instanceof LowerCasedText ? String.fromCharCode(...r.item.units) : typeof r.item === 'string' ? r.item.toLowerCase() : r.item } : r));

/** A JSON string literal of `value`, each character written as JSON allows, by `forms`: \u escapes (above the BMP, a surrogate pair) in upper or lower case, \/, or as JSON.stringify writes it. */
function jsonString(value: string, forms: number[]): string {
  let out = '"';
  [...value].forEach((char, i) => {
    const form = forms[i % Math.max(forms.length, 1)] ?? 0;
    if (form === 1 || form === 3) {
      for (let k = 0; k < char.length; k++) {
        const hex = char.charCodeAt(k).toString(16).padStart(4, '0');
        out += `\\u${form === 1 ? hex.toUpperCase() : hex}`;
      }
    } else if (char === '/' && form === 2) out += '\\/';
    else out += JSON.stringify(char).slice(1, -1);
  });
  return out + '"';
}

/** `lines` joined as a batch, and what the plain reader makes of each line (undefined: left to JSON.parse). */
function readEach(plain: PlainJsonLines, lines: string[]) {
  const bytes = encode(lines.join('\n'));
  plain.load(bytes);
  let start = 0;
  const read = lines.map((line, i) => {
    const end = start + encode(line).length;
    const record = plain.record(i + 1, start, end);
    start = end + 1;
    return record;
  });
  return { bytes, read };
}

describe('PlainJsonLines', () => {
  it('reads plain lines without JSON.parse, exactly as JSON.parse and toLowerCase read them', () => {
    const plain = PlainJsonLines.create(columns)!;
    /** Each line, what it reads as (the text lower-cased), and whether the reader hands its text over as a string (the featurizer then lower-cases it) rather than as lower-cased code units. */
    const cases: [string, { id?: string; item: string }, ('string' | 'units')?][] = [
      ['{"id":"a","text":"Hello \\u0041\\/ B\\tC\\"D\\\\"}', { id: 'a', item: 'hello a/ b\tc"d\\' }],
      [' { "text" : "Mixed CASE" , "n": -1.5e3, "ok": true, "no": false, "z": null, "id": 7, "more": "x\\n" }\r', { id: '7', item: 'mixed case' }],
      ['{"text":"first","text":"Second"}', { item: 'second' }],
      ['{"id":1e2,"text":"exp"}', { id: '100', item: 'exp' }],
      ['{"text":""}', { item: '' }],
      ['{"text":"Café ÉCOLE Ünïcödé Ωμέγα 日本語 😀"}', { item: 'café école ünïcödé ωμέγα 日本語 😀' }],
      // As Python's json.dumps writes it (ensure_ascii): \u escapes, emoji as a surrogate pair.
      ['{"text":"\\u00C9t\\u00e9 \\ud83d\\ude00 \\u0391"}', { item: 'été 😀 α' }],
      // Runs of three-byte characters, with two-byte ones among them, and cased three-byte letters (fullwidth, Glagolitic, ẞ).
      ['{"text":"中文分词，한국어。Москва—Київ ＡＢＣ ⰀⰁ ẞ"}', { item: '中文分词，한국어。москва—київ ａｂｃ ⰰⰱ ß' }],
      // Ids in other scripts and escaped, kept as they are (not lower-cased).
      ['{"id":"文档-Ä1","text":"x"}', { id: '文档-Ä1', item: 'x' }],
      ['{"id":"a\\"B\\u00C9\\n😀","text":"y"}', { id: 'a"BÉ\n😀', item: 'y' }],
      // İ, whose lower case is two units (i and a combining dot above), written out and escaped.
      ['{"text":"İSTANBUL \\u0130zmir"}', { item: 'i\u0307stanbul i\u0307zmir' }],
      // Characters whose lower case the decoder leaves to toLowerCase: Σ (ς at a word's end), raw
      // and escaped, and a cased letter above the BMP.
      ['{"id":"g","text":"ΟΔΥΣΣΕΥΣ ΣΑΣ"}', { id: 'g', item: 'οδυσσευς σας' }, 'string'],
      ['{"text":"\\u03a3"}', { item: 'σ' }, 'string'],
      ['{"text":"𐐀 Deseret"}', { item: '𐐨 deseret' }, 'string'],
    ];
    const lines = cases.map(([line]) => line);
    const { bytes, read } = readEach(plain, lines);
    expect(read.every((r) => r !== undefined)).toBe(true);
    expect(asRead(jsonlRecords({ bytes, firstLine: 1 }, columns, plain))).toEqual(asRead(jsonlRecords({ bytes, firstLine: 1 }, columns)));
    expect(asRead(jsonlRecords({ bytes, firstLine: 1 }, columns, plain))).toEqual(cases.map(([, record], i) => ({ line: i + 1, ...record })));
    expect(read.map((r) => r && 'item' in r && (typeof r.item === 'string' ? 'string' : 'units'))).toEqual(cases.map(([, , form]) => form ?? 'units'));
  });

  it('leaves every other line to JSON.parse, which reads it or says what is wrong', () => {
    const plain = PlainJsonLines.create(columns)!;
    const lines = [
      // A lone surrogate, escaped (JSON.parse keeps it), in a text and in an id.
      '{"text":"\\ud800 a"}',
      '{"text":"\\udc00"}',
      '{"text":"\\ud83d\\u0041"}',
      '{"id":"\\ud800","text":"a"}',
      '\uFEFF{"text":"after a byte-order mark"}',
      '{"text":"a","nested":{"b":1}}',
      '{"text":1}',
      '{"id":"","text":"a"}',
      '{"id":"\\u0041","text":"a","id":""}',
      '{"id":null,"text":"x"}',
      '{"te\\u0078t":"escaped key"}',
      '{"text":"a"}x',
      '{"text":"a",}',
      '[1]',
      '{"text":"a" "id":"b"}',
      '{"id":01,"text":"a"}',
      '{"id":1e999,"text":"a"}',
      '{"text":"tab\there"}',
      '{"text":"bad \\x escape"}',
      '{"text":"\\u00g1"}',
      '{"text":"unclosed}',
      '{"text":"a","n":-}',
      '{"text":"a","t":tru}',
      '{}',
      '   ',
    ];
    const { bytes, read } = readEach(plain, lines);
    read.forEach((record, i) => expect(record, lines[i]).toBeUndefined());
    expect(asRead(jsonlRecords({ bytes, firstLine: 1 }, columns, plain))).toEqual(asRead(jsonlRecords({ bytes, firstLine: 1 }, columns)));
    // Bytes that are not UTF-8 (overlong, an encoded surrogate, above U+10FFFF, cut short, a stray
    // continuation; a lead without its continuation bytes, alone or after a two- or three-byte
    // character; an overlong or surrogate three-byte character after another): JSON.parse's reader says so.
    const text = [
      [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf5, 0x80, 0x80, 0x80], [0xe6, 0x97], [0x80], [0xe0, 0x80, 0x80], [0xc3, 0x41], [0xd0, 0xb0, 0xd0], [0xd0, 0xb0, 0xc3, 0x41],
      [0xe4, 0xb8, 0xad, 0xe4, 0xb8], [0xe4, 0xb8, 0xad, 0xe4, 0x41, 0x80], [0xe4, 0xb8, 0xad, 0xe4, 0x80, 0x41], [0xd0, 0xb0, 0xe4, 0xb8], [0xe4, 0xb8, 0xad, 0xd0],
      [0xe4, 0xb8, 0xad, 0xe0, 0x9f, 0xbf], [0xe4, 0xb8, 0xad, 0xed, 0xbf, 0xbf],
    ];
    // Each in the text (lower-cased) and in another field (decoded as it is).
    for (const [before, after] of [['{"text":"a', '"}'], ['{"other":"a', '","text":"b"}']]) {
      const bad = Uint8Array.from(text.flatMap((b, i) => [...encode(`${i ? '\n' : ''}${before}`), ...b, ...encode(after)]));
      plain.load(bad);
      expect(jsonlRecords({ bytes: bad, firstLine: 1 }, columns, plain).map((r) => 'problem' in r && r.problem.slice(0, 9))).toEqual(text.map(() => 'not UTF-8'));
    }
  });

  it('lower-cases every character as toLowerCase does, or leaves it to it (each BMP character, and every one from U+1F000 up, which it passes as they are)', () => {
    const plain = PlainJsonLines.create(columns)!;
    const lines: string[] = [];
    for (let unit = 0; unit < 0x10000; unit++) lines.push(JSON.stringify({ text: `A${String.fromCharCode(unit)}b` }), `{"text":"x\\u${unit.toString(16).padStart(4, '0')}Y"}`);
    const bytes = encode(lines.join('\n'));
    const records = jsonlRecords({ bytes, firstLine: 1 }, columns, plain);
    expect(asRead(records)).toEqual(asRead(jsonlRecords({ bytes, firstLine: 1 }, columns)));
    // Nearly all of them read without JSON.parse.
    expect(records.filter((r) => 'item' in r && r.item instanceof LowerCasedText).length).toBeGreaterThan(2 * 0x10000 - 2 * 0x800 - 200);
    for (let cp = 0x1f000; cp <= 0x10ffff; cp++) {
      const char = String.fromCodePoint(cp);
      if (char.toLowerCase() !== char) throw new Error(`U+${cp.toString(16)} has a lower case`);
    }
  });

  it('gives the records JSON.parse gives, for any line, well-formed or not (property)', () => {
    const plain = PlainJsonLines.create(columns)!;
    const idPlain = PlainJsonLines.create({ ...columns, idColumn: 'doc', idRequired: true })!;
    const text = fc.oneof(
      fc.string({ unit: 'binary-ascii', maxLength: 40 }),
      fc.string({ maxLength: 20 }),
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.constantFrom('Don\u2019t', 'ÉCOLE', 'ΟΔΥΣΣΕΥΣ', 'İ', '𐐀', '😀', '/a/b/', 'A"B\\C'),
    );
    const value = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant({ nested: [1] }));
    const field = fc.tuple(fc.constantFrom('text', 'id', 'doc', 'other', 'TEXT'), fc.oneof(value, text));
    const line = fc.record({
      fields: fc.tuple(fc.array(field, { maxLength: 3 }), fc.option(text, { freq: 6 }), fc.nat()).map(([fields, body, at]) => (body === null ? fields : fields.toSpliced(at % (fields.length + 1), 0, ['text', body]))),
      forms: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 6 }),
      space: fc.constantFrom('', ' ', '\t', ' \r'),
      // A character put in or cut out at a place, to make lines that are not JSON.
      damage: fc.oneof({ arbitrary: fc.constant(null), weight: 3 }, { arbitrary: fc.tuple(fc.nat(), fc.constantFrom('', '{', '}', '"', ',', ':', '\\', '0', 'x', ' ')), weight: 1 }),
    });
    const lineText = ({ fields, forms, space, damage }: { fields: [string, unknown][]; forms: number[]; space: string; damage: [number, string] | null }) => {
      const member = ([key, v]: [string, unknown]) => `${space}${jsonString(key, forms)}${space}:${space}${typeof v === 'string' ? jsonString(v, forms) : JSON.stringify(v)}`;
      let out = `${space}{${fields.map(member).join(',')}${space}}${space}`;
      if (damage) {
        const at = damage[0] % (out.length + 1);
        out = damage[1] ? out.slice(0, at) + damage[1] + out.slice(at) : out.slice(0, at) + out.slice(at + 1);
      }
      return out;
    };
    let fast = 0;
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 12 }), (generated) => {
        const bytes = encode(generated.map(lineText).join('\n'));
        for (const [reader, cols] of [[plain, columns], [idPlain, { ...columns, idColumn: 'doc', idRequired: true }]] as const) {
          const records = jsonlRecords({ bytes, firstLine: 1 }, cols, reader);
          fast += records.filter((r) => 'item' in r && r.item instanceof LowerCasedText).length;
          expect(asRead(records)).toEqual(asRead(jsonlRecords({ bytes, firstLine: 1 }, cols)));
        }
      }),
      { numRuns: 400 },
    );
    // The property covers the plain path, not only JSON.parse's.
    expect(fast).toBeGreaterThan(200);
  });

  it('reads nothing for models on vectors, or for columns whose names JSON would escape', () => {
    expect(PlainJsonLines.create({ ...columns, vectorDims: 3 })).toBeNull();
    expect(PlainJsonLines.create({ ...columns, textColumn: 'tëxt' })).toBeNull();
    expect(PlainJsonLines.create({ ...columns, idColumn: 'a"b' })).toBeNull();
  });
});
