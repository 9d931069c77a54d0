import { fnv1a } from '../util/hash.js';
import { slotsFor } from '../util/hash-slots.js';
import { sameUnits } from './tokenize.js';

/** Where a `WordIndex` keeps its parts (a `RowPooler` lays them out in its WebAssembly memory, see `wordIndexSizes`). */
export interface WordIndexStorage {
  /** row + 1 per slot (0: empty); the length is a power of two at least twice the words. */
  slots: Int32Array;
  /** Where each word's code units start in `units`, and where the last one ends (one more than the words). */
  offsets: Int32Array;
  /** Every word's code units, one after the other: word `row` is `units[offsets[row]..offsets[row + 1])`. */
  units: Uint16Array;
}

/** The lengths of a `WordIndexStorage`'s arrays. */
export interface WordIndexSizes {
  slots: number;
  offsets: number;
  units: number;
}

/** The lengths of the arrays of the index of `words`. */
export function wordIndexSizes(words: readonly string[]): WordIndexSizes {
  return { slots: slotsFor(words.length), offsets: words.length + 1, units: words.reduce((sum, word) => sum + word.length, 0) };
}

/** Zeroed arrays of `sizes`. */
const allocateStorage = (sizes: WordIndexSizes): WordIndexStorage => ({ slots: new Int32Array(sizes.slots), offsets: new Int32Array(sizes.offsets), units: new Uint16Array(sizes.units) });

/**
 * Word → row of a vector table, looked up by the word's FNV-1a hash (which the text backbone has
 * computed anyway for its n-grams): an open-addressing table of rows, each hit confirmed by
 * comparing the word's code units. Faster than a Map<string, number> for the million lookups of a
 * corpus, and it reads a token where it lies in the text (see `tokenSpans`). Its arrays may live
 * in WebAssembly memory, where `pool-rows.wat` looks words up the same way.
 */
export class WordIndex {
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly units: Uint16Array;
  private readonly offsets: Int32Array;

  /** The index of `words` (a repeated word keeps its first row), written into `storage` (zeros, of `wordIndexSizes`) when given. */
  constructor(words: readonly string[], storage: WordIndexStorage = allocateStorage(wordIndexSizes(words))) {
    ({ slots: this.slots, offsets: this.offsets, units: this.units } = storage);
    this.mask = this.slots.length - 1;
    words.forEach((word, row) => {
      this.offsets[row + 1] = this.offsets[row] + word.length;
      for (let k = 0; k < word.length; k++) this.units[this.offsets[row] + k] = word.charCodeAt(k);
    });
    words.forEach((word, row) => {
      let slot = fnv1a(word) & this.mask;
      while (this.slots[slot] !== 0) {
        if (words[this.slots[slot] - 1] === word) return;
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
