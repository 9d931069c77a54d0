import { fnv1a } from '../util/hash.js';
import { sameUnits } from './tokenize.js';

/**
 * Word → row of a vector table, looked up by the word's FNV-1a hash (which the text backbone has
 * computed anyway for its n-grams): an open-addressing table of rows, each hit confirmed by
 * comparing the word's code units. Faster than a Map<string, number> for the million lookups of a
 * corpus, and it reads a token where it lies in the text (see `tokenSpans`).
 */
export class WordIndex {
  /** row + 1 per slot (0: empty); the size is a power of two at least twice the words. */
  private readonly slots: Int32Array;
  private readonly mask: number;
  /** Every word's code units, one after the other: word `row` is `units[offsets[row]..offsets[row + 1])`. */
  private readonly units: Uint16Array;
  private readonly offsets: Int32Array;

  constructor(words: readonly string[]) {
    let size = 1024;
    while (size < words.length * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    this.offsets = new Int32Array(words.length + 1);
    words.forEach((word, row) => (this.offsets[row + 1] = this.offsets[row] + word.length));
    this.units = new Uint16Array(this.offsets[words.length]);
    words.forEach((word, row) => {
      for (let k = 0; k < word.length; k++) this.units[this.offsets[row] + k] = word.charCodeAt(k);
    });
    words.forEach((word, row) => {
      let slot = fnv1a(word) & this.mask;
      while (this.slots[slot] !== 0) {
        if (words[this.slots[slot] - 1] === word) return; // a repeated word keeps its first row
        slot = (slot + 1) & this.mask;
      }
      this.slots[slot] = row + 1;
    });
  }

  /** The row of the word in `units[start..end)`, whose FNV-1a hash is `hash`, or -1 when it is not in the table. */
  rowOf(units: Uint16Array, start: number, end: number, hash: number): number {
    const length = end - start;
    for (let slot = hash & this.mask; this.slots[slot] !== 0; slot = (slot + 1) & this.mask) {
      const row = this.slots[slot] - 1;
      const at = this.offsets[row];
      if (this.offsets[row + 1] - at === length && sameUnits(this.units, at, at + length, units, start)) return row;
    }
    return -1;
  }

  /** The row of `word`, or undefined when it is not in the table. */
  get(word: string): number | undefined {
    const units = Uint16Array.from({ length: word.length }, (_, k) => word.charCodeAt(k));
    const row = this.rowOf(units, 0, units.length, fnv1a(word));
    return row < 0 ? undefined : row;
  }
}
