/**
 * Bytes read from a stream and not yet handed out, held in one buffer used again and again, so that
 * reading allocates nothing per chunk (a new buffer per chunk, outside the JavaScript heap, lived
 * until the main thread next collected, which it seldom does). `append` copies a chunk after what
 * is held (the reader may reuse the chunk's buffer); `drop` lets the first bytes go.
 */
export class PendingBytes {
  private store = Buffer.alloc(1 << 20);
  /** What is held: `store[start]` up to, not including, `store[end]`. */
  private start = 0;
  private end = 0;

  /** What is held, as a view valid until the next `append` or `drop`. */
  get bytes(): Buffer {
    return this.store.subarray(this.start, this.end);
  }

  /** Copies `chunk` after what is held: first moving what is held to the buffer's start, then growing the buffer, where it must. */
  append(chunk: Uint8Array): void {
    if (this.end + chunk.length > this.store.length) {
      this.store.copyWithin(0, this.start, this.end);
      this.end -= this.start;
      this.start = 0;
    }
    const needed = this.end + chunk.length;
    if (needed > this.store.length) {
      const bigger = Buffer.alloc(Math.max(needed, 2 * this.store.length));
      bigger.set(this.store.subarray(0, this.end));
      this.store = bigger;
    }
    this.store.set(chunk, this.end);
    this.end = needed;
  }

  /** Lets the first `count` bytes go. */
  drop(count: number): void {
    this.start += count;
  }
}
