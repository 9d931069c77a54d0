import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineBreakCounter, lineBreaksOf } from '../../src/util/line-breaks.js';
import { lineOfUndecodable } from '../../src/util/undecodable-line.js';

/** Where each line after a break starts in `bytes`, by `lineBreaksOf` over the whole. */
function lineStarts(bytes: Uint8Array): number[] {
  const starts = [];
  for (const { next } of lineBreaksOf(bytes)) starts.push(next);
  return starts;
}

describe('line breaks: a line feed, a carriage return and line feed, or a carriage return alone', () => {
  it('are found where a regular expression finds them, from any offset (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'bc', '\r', '\n', '\r\n'), { maxLength: 30 }), fc.nat(), (parts, offset) => {
        const text = parts.join('');
        const from = offset % (text.length + 1);
        const expected = [...text.slice(from).matchAll(/\r\n|\r|\n/g)].map((m) => ({ at: from + m.index, next: from + m.index + m[0].length }));
        expect([...lineBreaksOf(Buffer.from(text), from)]).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('are counted in bytes given in any pieces as in the whole, a carriage return that ends a piece counted once whatever follows it (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', '\r', '\n', '\r\n'), { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 6 }), (parts, cuts) => {
        const bytes = Buffer.from(parts.join(''));
        const points = [...new Set([0, ...cuts.map((c) => c % (bytes.length + 1)), bytes.length])].sort((a, b) => a - b);
        const counter = new LineBreakCounter();
        for (let k = 1; k < points.length; k++) {
          counter.add(bytes.subarray(points[k - 1], points[k]));
          // So far: every break of the whole that ends within these bytes, but a carriage return at
          // their end, which waits for the next byte.
          const read = points[k];
          const waiting = bytes[read - 1] === 0x0d;
          const counted = lineStarts(bytes).filter((next) => next <= read && !(waiting && next === read));
          expect(counter.breaks).toBe(counted.length);
          expect(counter.start).toBe(counted.at(-1) ?? 0);
        }
        counter.end();
        expect(counter.breaks).toBe(lineStarts(bytes).length);
      }),
      { numRuns: 500 },
    );
  });

  it('number the line with bytes an encoding cannot read as an editor does, in a file of any line endings', () => {
    for (const newline of ['\n', '\r\n', '\r']) {
      const bytes = Buffer.from(['ok', 'fine', 'caf\u00e9', 'more'].join(newline), 'latin1');
      expect(lineOfUndecodable(bytes, 'utf-8')).toBe(3);
      expect(lineOfUndecodable(bytes, 'utf-8', newline)).toBe(3);
    }
    // A character cut off by the end: the last line.
    expect(lineOfUndecodable(Buffer.from('a\rb\r\xc3', 'latin1'), 'utf-8')).toBe(3);
    // Counted as the file's own line ending: a carriage return alone in a file of line feeds ends no line.
    expect(lineOfUndecodable(Buffer.from('a\rb\ncaf\u00e9', 'latin1'), 'utf-8', '\n')).toBe(2);
    expect(lineOfUndecodable(Buffer.from('a\rb\ncaf\u00e9', 'latin1'), 'utf-8')).toBe(3);
  });
});
