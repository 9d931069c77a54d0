import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FeatureBatch } from '../../src/backbones/backbone.js';
import { MAX_SPARSE_PER_ROW } from '../../src/backbones/sparse-rows.js';
import { headLogits } from '../../src/inference/head-logits.js';
import type { HeadWeights } from '../../src/inference/head-weights.js';
import { WasmHeadSums } from '../../src/inference/wasm-head-sums.js';

const weight = fc.float({ min: -4, max: 4, noNaN: true });
const floats = (length: number) => fc.array(weight, { minLength: length, maxLength: length }).map((values) => Float32Array.from(values));

/** A head (linear or one hidden layer, 1–4 classes, 0–5 dense features, 64 buckets) and a batch of 1–6 texts for it, some without any entry. */
const headAndBatch = fc
  .record({ classes: fc.integer({ min: 1, max: 4 }), dims: fc.integer({ min: 0, max: 5 }), hiddenUnits: fc.constantFrom(0, 3), count: fc.integer({ min: 1, max: 6 }) })
  .chain(({ classes, dims, hiddenUnits, count }) => {
    const buckets = 64;
    const entries = fc.array(fc.tuple(fc.integer({ min: 0, max: buckets - 1 }), fc.float({ min: 0, max: 1, noNaN: true })), { maxLength: 40 });
    return fc.record({
      head: fc.record({
        hiddenKernel: hiddenUnits ? floats(dims * hiddenUnits) : fc.constant(undefined),
        hiddenBias: hiddenUnits ? floats(hiddenUnits) : fc.constant(undefined),
        denseKernel: floats((hiddenUnits || dims) * classes),
        sparseTable: floats(buckets * classes),
        outputBias: floats(classes),
      }),
      dense: floats(count * dims),
      rows: fc.array(entries, { minLength: count, maxLength: count }),
    }).map(({ head, dense, rows }) => ({
      weights: { shape: { type: hiddenUnits ? 'mlp' : 'linear', dims, classes, hiddenUnits, buckets, dropout: 0 }, ...head } as unknown as HeadWeights,
      features: batchOf(dense, dims, buckets, rows),
    }));
  });

function batchOf(dense: Float32Array, dims: number, buckets: number, rows: [number, number][][]): FeatureBatch {
  const offsets = new Int32Array(rows.length + 1);
  rows.forEach((row, i) => (offsets[i + 1] = offsets[i] + row.length));
  const flat = rows.flat();
  return { count: rows.length, dims, dense, sparse: { buckets, offsets, indices: Int32Array.from(flat, ([b]) => b), values: Float32Array.from(flat, ([, v]) => v) } };
}

describe('head logits', () => {
  it('sum the dense features and the n-gram rows in WebAssembly to the same logits as in JavaScript, bit for bit (property)', () => {
    fc.assert(
      fc.property(headAndBatch, ({ weights, features }) => {
        const sums = WasmHeadSums.of(weights);
        expect(sums).not.toBeNull();
        expect(sums!.addsDense).toBe(weights.shape.hiddenUnits === 0 && weights.shape.dims > 0);
        expect(Array.from(headLogits(weights, features, sums))).toEqual(Array.from(headLogits(weights, features)));
      }),
      { numRuns: 300 },
    );
  });

  it('give the same logits from one WebAssembly copy over batches of any size, and for a text cut to its largest entries', () => {
    for (const classes of [2, 3]) {
      const buckets = 1 << 12;
      const dims = 300;
      const weights = {
        shape: { type: 'linear', dims, classes, hiddenUnits: 0, buckets, dropout: 0 },
        denseKernel: Float32Array.from({ length: dims * classes }, (_, j) => Math.cos(j) / 7),
        sparseTable: Float32Array.from({ length: buckets * classes }, (_, j) => Math.sin(j)),
        outputBias: Float32Array.from({ length: classes }, (_, c) => 0.1 * (c + 1) * (c % 2 ? -1 : 1)),
      } as unknown as HeadWeights;
      const sums = WasmHeadSums.of(weights);
      expect(sums?.addsDense && sums.addsSparse).toBe(true);
      const entry = (i: number, k: number): [number, number] => [(i * 7919 + k * 104729) % buckets, ((i + k) % 97) / 97];
      // Growing batches (the memory grows under the copy), then one with a text past the cut; a
      // dense feature in every five is 0 (skipped, as in JavaScript).
      for (const [count, length] of [[2, 10], [64, 900], [3, 5], [5, MAX_SPARSE_PER_ROW + 50]]) {
        const rows = Array.from({ length: count }, (_, i) => Array.from({ length: i === count - 1 ? length : 30 }, (__, k) => entry(i, k)));
        const dense = Float32Array.from({ length: count * dims }, (_, j) => (j % 5 ? Math.sin(j * 0.37) : 0));
        const features = batchOf(dense, dims, buckets, rows);
        expect(Array.from(headLogits(weights, features, sums))).toEqual(Array.from(headLogits(weights, features)));
      }
    }
  });

  it('leave a head with neither n-gram rows nor a linear dense part to JavaScript', () => {
    expect(WasmHeadSums.of({ shape: { type: 'mlp', dims: 2, classes: 2, hiddenUnits: 3, buckets: 0, dropout: 0 }, hiddenKernel: new Float32Array(6), hiddenBias: new Float32Array(3), denseKernel: new Float32Array(6), outputBias: new Float32Array(2) } as unknown as HeadWeights)).toBeNull();
    const linear = WasmHeadSums.of({ shape: { type: 'linear', dims: 2, classes: 2, hiddenUnits: 0, buckets: 0, dropout: 0 }, denseKernel: new Float32Array(4), outputBias: new Float32Array(2) } as unknown as HeadWeights);
    expect([linear?.addsDense, linear?.addsSparse]).toEqual([true, false]);
  });
});
