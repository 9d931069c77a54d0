/** An append-only typed array that doubles its storage as it grows (no boxed numbers on the heap). */
export class GrowableArray<T extends Int32Array | Float32Array> {
  private data: T;
  length = 0;

  constructor(private readonly make: (size: number) => T, initial = 1024) {
    this.data = make(initial);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = this.make(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  /** A copy of the filled part, exactly `length` long. */
  toArray(): T {
    return this.data.slice(0, this.length) as T;
  }
}
