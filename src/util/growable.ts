/** Share of its storage an array must fill for `detach` to hand the storage over rather than copy it. */
const NEARLY_FULL = 0.85;

/** An append-only typed array that doubles its storage as it grows (no boxed numbers on the heap). */
export class GrowableArray<T extends Int32Array | Float32Array> {
  private data: T;
  length = 0;

  constructor(private readonly make: (size: number) => T, initial = 1024) {
    this.data = make(initial);
  }

  /** How many values fit before the storage grows again. */
  get capacity(): number {
    return this.data.length;
  }

  /** Empties the array, keeping its storage for what comes next. */
  clear(): void {
    this.length = 0;
  }

  /** Makes room for `total` values in all: one allocation instead of several doublings, when the caller can tell. */
  reserveTotal(total: number): void {
    if (total > this.data.length) this.reserve(total - this.length);
  }

  /**
   * The filled part, exactly `length` long, leaving this array empty: its storage handed over as
   * it is when nearly full (no copy; the rest of it, at most a sixth, goes unused), else copied.
   */
  detach(): T {
    if (this.length < NEARLY_FULL * this.data.length) {
      const copy = this.toArray();
      this.length = 0;
      return copy;
    }
    const filled = this.data.subarray(0, this.length) as T;
    this.data = this.make(1024);
    this.length = 0;
    return filled;
  }

  /** Appends one value. */
  push(value: number): void {
    if (this.length === this.data.length) this.reserve(1);
    this.data[this.length++] = value;
  }

  /** Appends all of `values`. */
  append(values: ArrayLike<number>): void {
    this.reserve(values.length);
    this.data.set(values, this.length);
    this.length += values.length;
  }

  private reserve(more: number): void {
    if (this.length + more <= this.data.length) return;
    const bigger = this.make(Math.max(this.data.length * 2, this.length + more));
    bigger.set(this.data);
    this.data = bigger;
  }

  /** The filled part, as a view of the storage: valid until the array is next changed. */
  view(): T {
    return this.data.subarray(0, this.length) as T;
  }

  /** A copy of the filled part, exactly `length` long. */
  toArray(): T {
    return this.data.slice(0, this.length) as T;
  }
}
