import { moveSmallestFirst } from '../util/select.js';
import { GrowableArray } from '../util/growable.js';

/** Where a counted text's entries are appended (a batch's sparse arrays as they grow). */
export interface SparseSink {
  indices: GrowableArray<Int32Array>;
  values: GrowableArray<Float32Array>;
}

/** 1 + ln(count) for small counts, looked up instead of computed (the WebAssembly counter copies it). */
export const SUBLINEAR = Float64Array.from({ length: 256 }, (_, c) => (c > 0 ? 1 + Math.log(c) : 0));

function sublinear(count: number): number {
  return count < 256 ? SUBLINEAR[count] : 1 + Math.log(count);
}

/**
 * Counts hashed features of one text in buckets and turns them into a sparse vector: each
 * bucket's value is 1 + ln(count) (sublinear counts), the vector is scaled to unit length, and at
 * most `limit` entries are kept: the largest values (the most frequent features), ties going to
 * the lower bucket. One counter is reused across texts: a typed array beats a Map here.
 */
export class BucketCounter {
  private counts: Int32Array;
  private touched = new Int32Array(1024);
  private distinct = 0;
  /** Scratch for the buckets tied at the cut, and for the buckets kept. */
  private ties = new Int32Array(1024);
  private kept = new Int32Array(1024);
  /** Scratch for the entries `takeInto` appends. */
  private outIndices = new Int32Array(1024);
  private outValues = new Float32Array(1024);

  constructor(readonly buckets: number) {
    this.counts = new Int32Array(buckets);
  }

  /** Counts `times` (default 1) occurrences of `bucket`. */
  add(bucket: number, times = 1): void {
    const before = this.counts[bucket];
    this.counts[bucket] = before + times;
    if (before === 0) {
      if (this.distinct === this.touched.length) {
        const grown = new Int32Array(this.touched.length * 2);
        grown.set(this.touched);
        this.touched = grown;
      }
      this.touched[this.distinct++] = bucket;
    }
  }

  /** The counted text's entries (in the order `takeInto` gives them), and a reset counter. */
  take(limit = Infinity): { indices: Int32Array; values: Float32Array } {
    const sink: SparseSink = { indices: new GrowableArray((n) => new Int32Array(n), 64), values: new GrowableArray((n) => new Float32Array(n), 64) };
    this.takeInto(sink, limit);
    return { indices: sink.indices.toArray(), values: sink.values.toArray() };
  }

  /**
   * Appends the counted text's entries (bucket ids plus `offset`) to `sink` and resets the
   * counter: what `take` gives, without a new array per text. Entries come in the order the text
   * first had them (with a cut, those above the cut's count first, then the tied ones by bucket),
   * not sorted: models sum them in any order, and sorting cost a tenth of featurizing.
   */
  takeInto(sink: SparseSink, limit = Infinity, offset = 0): void {
    const { counts, touched } = this;
    const n = this.distinct;
    this.distinct = 0;
    // Unit length over every entry, before any is cut (a cut text keeps the scale it had).
    let squares = 0;
    for (let k = 0; k < n; k++) {
      const value = sublinear(counts[touched[k]]);
      squares += value * value;
    }
    const norm = Math.sqrt(squares) || 1;
    const chosen = n <= limit ? touched.subarray(0, n) : this.mostFrequent(n, limit);
    // Written here, then appended in one copy each: pushing entry by entry cost a fifth of featurizing.
    if (this.outIndices.length < chosen.length) [this.outIndices, this.outValues] = [new Int32Array(chosen.length), new Float32Array(chosen.length)];
    const { outIndices, outValues } = this;
    for (let k = 0; k < chosen.length; k++) {
      outIndices[k] = chosen[k] + offset;
      outValues[k] = sublinear(counts[chosen[k]]) / norm;
    }
    sink.indices.append(outIndices.subarray(0, chosen.length));
    sink.values.append(outValues.subarray(0, chosen.length));
    for (let k = 0; k < n; k++) counts[touched[k]] = 0;
  }

  /** The `limit` buckets of the highest counts among the `n` touched, ties to the lower bucket. */
  private mostFrequent(n: number, limit: number): Int32Array {
    const { counts, touched } = this;
    // The threshold count: fewer than `limit` buckets are above it, at least `limit` at or above.
    let threshold = 1;
    for (let k = 0; k < n; k++) threshold = Math.max(threshold, counts[touched[k]]);
    const atLeast = new Int32Array(threshold + 2);
    for (let k = 0; k < n; k++) atLeast[counts[touched[k]]]++;
    for (let c = threshold - 1; c >= 1; c--) atLeast[c] += atLeast[c + 1];
    while (threshold > 1 && atLeast[threshold] < limit) threshold--;
    if (atLeast[threshold] < limit) threshold = 1;
    if (this.kept.length < limit) this.kept = new Int32Array(limit);
    const kept = this.kept.subarray(0, limit);
    if (this.ties.length < n) this.ties = new Int32Array(n);
    let size = 0;
    let tied = 0;
    for (let k = 0; k < n; k++) {
      const count = counts[touched[k]];
      if (count > threshold) kept[size++] = touched[k];
      else if (count === threshold) this.ties[tied++] = touched[k];
    }
    const ties = this.ties.subarray(0, tied);
    moveSmallestFirst(ties, limit - size);
    kept.set(ties.subarray(0, limit - size), size);
    return kept;
  }
}

const counters = new Map<number, BucketCounter>();

/** A counter per bucket count, shared by every caller (texts are counted one at a time). */
export function sharedCounter(buckets: number): BucketCounter {
  let counter = counters.get(buckets);
  if (!counter) counters.set(buckets, (counter = new BucketCounter(buckets)));
  return counter;
}
