import { topByValue } from './sparse-rows.js';

/**
 * Counts hashed features of one text in buckets and turns them into a sparse vector: each
 * bucket's value is 1 + ln(count) (sublinear counts), the vector is scaled to unit length, and at
 * most `limit` entries are kept (the largest values; ties: the lower bucket). One counter is
 * reused across texts: a typed array beats a Map here.
 */
export class BucketCounter {
  private counts: Int32Array;
  private touched = new Int32Array(1024);
  private distinct = 0;

  constructor(readonly buckets: number) {
    this.counts = new Int32Array(buckets);
  }

  /** Counts one occurrence of `bucket`. */
  add(bucket: number): void {
    if (this.counts[bucket]++ === 0) {
      if (this.distinct === this.touched.length) {
        const grown = new Int32Array(this.touched.length * 2);
        grown.set(this.touched);
        this.touched = grown;
      }
      this.touched[this.distinct++] = bucket;
    }
  }

  /** The counted text's entries (bucket ids ascending, or largest value first when cut to `limit`), and a reset counter. */
  take(limit = Infinity): { indices: Int32Array; values: Float32Array } {
    const indices = this.touched.slice(0, this.distinct).sort();
    const weights = new Float64Array(indices.length);
    let squares = 0;
    for (let k = 0; k < indices.length; k++) {
      weights[k] = 1 + Math.log(this.counts[indices[k]]);
      squares += weights[k] * weights[k];
      this.counts[indices[k]] = 0;
    }
    this.distinct = 0;
    const norm = Math.sqrt(squares) || 1;
    const values = new Float32Array(indices.length);
    for (let k = 0; k < indices.length; k++) values[k] = weights[k] / norm;
    if (indices.length <= limit) return { indices, values };
    const kept = topByValue(values, limit);
    return { indices: Int32Array.from(kept, (k) => indices[k]), values: Float32Array.from(kept, (k) => values[k]) };
  }
}
