import { fnv1a } from '../util/hash.js';

/**
 * Word → row of a vector table, looked up by the word's FNV-1a hash (which the text backbone has
 * computed anyway for its n-grams): an open-addressing table of rows, each hit confirmed by
 * comparing the word itself. Faster than a Map<string, number> for the million lookups of a corpus.
 */
export class WordIndex {
  /** row + 1 per slot (0: empty); the size is a power of two at least twice the words. */
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(private readonly words: readonly string[]) {
    let size = 1024;
    while (size < words.length * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    words.forEach((word, row) => {
      let slot = fnv1a(word) & this.mask;
      while (this.slots[slot] !== 0) {
        if (words[this.slots[slot] - 1] === word) return; // a repeated word keeps its first row
        slot = (slot + 1) & this.mask;
      }
      this.slots[slot] = row + 1;
    });
  }

  /** The row of `word` whose FNV-1a hash is `hash`, or -1 when it is not in the table. */
  rowOf(word: string, hash: number): number {
    for (let slot = hash & this.mask; this.slots[slot] !== 0; slot = (slot + 1) & this.mask) {
      const row = this.slots[slot] - 1;
      if (this.words[row] === word) return row;
    }
    return -1;
  }

  /** The row of `word`, or undefined when it is not in the table. */
  get(word: string): number | undefined {
    const row = this.rowOf(word, fnv1a(word));
    return row < 0 ? undefined : row;
  }
}
