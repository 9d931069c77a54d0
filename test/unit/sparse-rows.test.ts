import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_SPARSE_PER_ROW, rowEntries, topByValue } from '../../src/backbones/sparse-rows.js';

/** The obvious definition: positions sorted by value, largest first, a stable sort keeping ties in order. */
function reference(values: Float32Array, k: number): number[] {
  return Array.from(values.keys())
    .sort((a, b) => values[b] - values[a])
    .slice(0, k);
}

describe('sparse rows', () => {
  it('pick the k largest values, largest first, ties earlier first (property, against a comparator sort)', () => {
    // Few distinct values make ties common; ±0 and negatives are in the mix.
    const value = fc.oneof(fc.constantFrom(0, -0, 1, 0.5, -2), fc.float({ noNaN: true, noDefaultInfinity: true }));
    fc.assert(
      fc.property(fc.array(value, { maxLength: 600 }), fc.integer({ min: 0, max: 300 }), (list, k) => {
        const values = Float32Array.from(list);
        expect(Array.from(topByValue(values, k))).toEqual(reference(values, k));
      }),
      { numRuns: 300 },
    );
  });

  it('keep short rows whole and cut long ones to their largest entries', () => {
    const n = MAX_SPARSE_PER_ROW + 44;
    const values = Float32Array.from({ length: n }, (_, j) => ((j * 7919) % 101) / 101);
    const sparse = { offsets: Int32Array.from([0, 3, 3 + n]), indices: Int32Array.from({ length: 3 + n }, (_, j) => 1000 + j), values: Float32Array.from([0.1, 0.2, 0.3, ...values]) };
    expect(Array.from(rowEntries(sparse, 0).indices)).toEqual([1000, 1001, 1002]);
    const cut = rowEntries(sparse, 1);
    const expected = reference(values, MAX_SPARSE_PER_ROW);
    expect(Array.from(cut.indices)).toEqual(expected.map((j) => 1003 + j));
    expect(Array.from(cut.values)).toEqual(expected.map((j) => values[j]));
  });
});
