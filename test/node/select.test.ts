import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { moveSmallestFirst } from '../../src/util/select.js';

describe('moveSmallestFirst', () => {
  it('puts the k smallest of any distinct integers first and keeps every value (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 300 }), fc.nat(), (list, pick) => {
        const k = list.length ? pick % (list.length + 1) : 0;
        const values = Int32Array.from(list);
        moveSmallestFirst(values, k);
        const sorted = [...list].sort((a, b) => a - b);
        expect([...values.subarray(0, k)].sort((a, b) => a - b)).toEqual(sorted.slice(0, k));
        expect([...values].sort((a, b) => a - b)).toEqual(sorted);
      }),
      { numRuns: 2000 },
    );
  });

  it('handles runs already in order or reversed (median-of-three pivots)', () => {
    for (const n of [1, 2, 3, 10, 1000]) {
      for (const list of [Array.from({ length: n }, (_, i) => i), Array.from({ length: n }, (_, i) => n - i)]) {
        for (const k of [0, 1, n >> 1, n - 1, n]) {
          const values = Int32Array.from(list);
          moveSmallestFirst(values, k);
          expect([...values.subarray(0, k)].sort((a, b) => a - b)).toEqual([...list].sort((a, b) => a - b).slice(0, k));
        }
      }
    }
  });
});
