/**
 * A batch's bytes, built up run by run in an array of its own (so that it can be moved to a worker
 * thread) that grows by doubling; `take` hands it out and starts the next batch, sized for one as
 * long as the last.
 */
export class BatchBytes {
  private array = new Uint8Array(1 << 16);
  private length = 0;

  /** Copies `bytes` after what the batch holds. */
  add(bytes: Uint8Array): void {
    const needed = this.length + bytes.length;
    if (needed > this.array.length) {
      const bigger = new Uint8Array(Math.max(needed, 2 * this.array.length));
      bigger.set(this.array.subarray(0, this.length));
      this.array = bigger;
    }
    this.array.set(bytes, this.length);
    this.length = needed;
  }

  /** The batch's bytes so far, as a view valid until the next `add` or `take`. */
  get bytes(): Uint8Array {
    return this.array.subarray(0, this.length);
  }

  /** The batch (a view of an array no one else holds), and a new, empty one begun. */
  take(): Uint8Array {
    const batch = this.array.subarray(0, this.length);
    this.array = new Uint8Array(Math.max(1 << 16, Math.ceil(this.length * 1.25)));
    this.length = 0;
    return batch;
  }
}
