import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { ValidationError } from '../errors.js';
import { FileChunks } from './file-chunks.js';

/** The command's input: its bytes in chunks, how many of the file's own bytes were read (for the progress line), and how to stop a read that waits on a pipe. */
export interface InputSource {
  chunks: AsyncIterable<Buffer>;
  bytesRead(): number;
  /** Ends a read of standard input that is waiting for more. */
  stop(): void;
}

/** Whether `bytes` begin as gzip's do (1f 8b). */
function gzipped(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * A file's bytes: read into one reused buffer (see `FileChunks`), or, when the file is
 * gzip-compressed (by its first two bytes, whatever its name), decompressed as it is read; the
 * progress counts the compressed bytes. A compressed file cut short or damaged is refused.
 */
export function fileInput(path: string): InputSource {
  const head = Buffer.alloc(2);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 2, 0);
  } finally {
    closeSync(fd);
  }
  if (!gzipped(head)) {
    const file = new FileChunks(path);
    return { chunks: file, bytesRead: () => file.bytesRead, stop: () => undefined };
  }
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  const inflated = raw.pipe(createGunzip({ chunkSize: 1 << 20 }));
  raw.on('error', (error) => inflated.destroy(error));
  return {
    chunks: (async function* () {
      try {
        yield* inflated as AsyncIterable<Buffer>;
      } catch (error) {
        throw new ValidationError('score', [{ reason: `--input ${path} is gzip-compressed and could not be decompressed (${(error as Error).message}); nothing was written` }]);
      }
    })(),
    bytesRead: () => raw.bytesRead,
    stop: () => undefined,
  };
}

/** Standard input's bytes as they come; compressed bytes are refused at once, with what to do instead. */
export function stdinInput(): InputSource {
  const stdin = process.stdin;
  return {
    chunks: (async function* () {
      let first = true;
      for await (const chunk of stdin as AsyncIterable<Buffer>) {
        if (first && gzipped(chunk)) {
          throw new ValidationError('score', [{ reason: 'standard input is gzip-compressed: name the .gz file with --input (it is decompressed as it is read), or pipe it through zcat; nothing was written' }]);
        }
        first = false;
        yield chunk;
      }
    })(),
    bytesRead: () => 0,
    stop: () => stdin.destroy(),
  };
}
