import { open } from 'node:fs/promises';

/**
 * A file's bytes, read in chunks into one buffer used again for every read: no memory is
 * allocated per chunk, so reading a file of any size leaves no garbage behind (a stream's chunks
 * are each a new buffer, outside the JavaScript heap, freed only when the thread next collects).
 * Each chunk is valid until the next one is asked for; `bytesRead` counts what was read so far.
 */
export class FileChunks implements AsyncIterable<Buffer> {
  bytesRead = 0;

  constructor(
    private readonly path: string,
    private readonly size = 1 << 20,
  ) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
    const handle = await open(this.path, 'r');
    try {
      const buffer = Buffer.allocUnsafe(this.size);
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, this.size, null);
        if (bytesRead === 0) return;
        this.bytesRead += bytesRead;
        yield buffer.subarray(0, bytesRead);
      }
    } finally {
      await handle.close();
    }
  }
}
