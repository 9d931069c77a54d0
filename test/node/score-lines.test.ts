import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScoreLines } from '../../src/cli/score-lines.js';

/** The line as the command wrote it before `ScoreLines`: an object per record, stringified. */
function stringified(labels: string[], multiLabel: boolean, thresholds: number[], row: Float32Array, id: string | undefined): string {
  let best = 0;
  for (let c = 1; c < row.length; c++) if (row[c] > row[best]) best = c;
  const scores = Object.fromEntries(labels.map((label, c) => [label, row[c]]));
  const line: Record<string, unknown> = id !== undefined ? { id, label: labels[best], score: row[best], scores } : { label: labels[best], score: row[best], scores };
  if (multiLabel) line.labels = labels.filter((_, c) => row[c] >= thresholds[c]);
  return `${JSON.stringify(line)}\n`;
}

const label = fc.oneof(fc.string({ maxLength: 6 }), fc.string({ unit: 'grapheme', maxLength: 4 }), fc.nat(20).map(String), fc.constantFrom('__proto__', '"quoted"', 'back\\slash', 'line\nbreak', '01', '-1', '4294967295'));
const score = fc.oneof(fc.float({ noDefaultInfinity: false, noNaN: false }), fc.float({ min: 0, max: 1, noNaN: true }));

describe('ScoreLines', () => {
  it('writes each line as JSON.stringify writes the record: keys in the same order, numbers and strings alike (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(label, { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        fc.array(fc.tuple(fc.option(fc.string({ unit: 'grapheme', maxLength: 8 }), { nil: undefined }), fc.array(score, { minLength: 6, maxLength: 6 }), fc.array(fc.float({ min: 0, max: 1, noNaN: true }), { minLength: 6, maxLength: 6 })), { maxLength: 5 }),
        (labels, multiLabel, records) => {
          const classes = labels.length;
          const thresholds = records[0]?.[2].slice(0, classes) ?? labels.map(() => 0.5);
          const probabilities = new Float32Array(records.length * classes);
          records.forEach(([, scores], i) => probabilities.set(scores.slice(0, classes), i * classes));
          const ids = records.map(([id]) => id);
          const expected = ids.map((id, i) => stringified(labels, multiLabel, thresholds, probabilities.subarray(i * classes, (i + 1) * classes), id)).join('');
          expect(new ScoreLines(labels, multiLabel, thresholds).format(probabilities, ids)).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('lists integer-like labels first, in ascending order, as an object keyed by label does', () => {
    const lines = new ScoreLines(['spam', '10', 'ham', '2'], false, [0.5, 0.5, 0.5, 0.5]);
    expect(lines.format(Float32Array.of(0.25, 0.5, 0.125, 0.125), ['a'])).toBe('{"id":"a","label":"10","score":0.5,"scores":{"2":0.125,"10":0.5,"spam":0.25,"ham":0.125}}\n');
  });
});
