import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GrowableArray } from '../../src/util/growable.js';

describe('growable arrays', () => {
  it('give back exactly what was appended, however their storage was reserved, detached or reused (property)', () => {
    const step = fc.oneof(
      fc.record({ push: fc.integer({ min: -1000, max: 1000 }) }),
      fc.record({ append: fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 40 }) }),
      fc.record({ reserveTotal: fc.nat({ max: 200 }) }),
      fc.constant({ detach: true }),
      fc.constant({ clear: true }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const array = new GrowableArray((n) => new Int32Array(n), 4);
        let expected: number[] = [];
        const detached: [Int32Array, number[]][] = [];
        for (const s of steps) {
          if ('push' in s) (array.push(s.push), expected.push(s.push));
          else if ('append' in s) (array.append(s.append), expected.push(...s.append));
          else if ('reserveTotal' in s) array.reserveTotal(s.reserveTotal);
          else if ('detach' in s) (detached.push([array.detach(), expected]), (expected = []));
          else (array.clear(), (expected = []));
          expect(array.length).toBe(expected.length);
          expect(array.capacity).toBeGreaterThanOrEqual(array.length);
        }
        // What was detached stays as it was, whatever the array did afterwards.
        for (const [got, want] of detached) expect([...got]).toEqual(want);
        expect([...array.toArray()]).toEqual(expected);
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});
