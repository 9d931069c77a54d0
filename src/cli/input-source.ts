import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { SieveError, ValidationError } from '../errors.js';
import { FileChunks } from './file-chunks.js';

/** The command's input: its bytes in chunks, how many of the file's own bytes were read (for the progress line), and how to stop a read that waits on a pipe. */
export interface InputSource {
  chunks: AsyncIterable<Buffer>;
  bytesRead(): number;
  /** Ends a read that waits on a pipe for more (standard input, a named pipe). */
  stop(): void;
}

/** The chunks of `stream`; a failed read (a pipe that cannot be opened) said as the command's error, naming `what`. */
async function* readOf(stream: Readable, what: string): AsyncGenerator<Buffer> {
  try {
    yield* stream as AsyncIterable<Buffer>;
  } catch (error) {
    throw new SieveError(`could not read ${what}: ${(error as Error).message}`, { cause: error });
  }
}

/** Whether `bytes` begin as gzip's do (1f 8b). */
function gzipped(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The endings of compressed files' names (gzip's, which is read, and the others refused below), left aside when the format is told from a name. */
export const COMPRESSED_ENDING = /\.(gz|zst|xz)$/i;

/** Compressions the command does not read, by the bytes their files begin with (none of which begins a text), and the command that decompresses them. */
const OTHER_COMPRESSIONS = [
  { name: 'zstd', magic: [0x28, 0xb5, 0x2f, 0xfd], tool: 'zstd -dc' },
  { name: 'xz', magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], tool: 'xz -dc' },
];

/** Refuses bytes that begin as a compression the command does not read, saying how to pipe them in decompressed. */
function refuseOtherCompression(head: Uint8Array, what: string): void {
  const other = OTHER_COMPRESSIONS.find(({ magic }) => magic.every((byte, i) => head[i] === byte));
  if (other) throw new ValidationError('score', [{ reason: `${what} is ${other.name}-compressed, which is not read here: decompress it into standard input (${other.tool} FILE | sieve-classifier score --input - …), or gzip it; nothing was written` }]);
}

/**
 * A file's bytes: read into one reused buffer (see `FileChunks`), or, when the file is
 * gzip-compressed (by its first two bytes, whatever its name), decompressed as it is read; the
 * progress counts the compressed bytes. A compressed file cut short or damaged is refused. A file
 * that is not a regular one (a named pipe, `<(zcat …)` in a shell) is read as a stream, as
 * standard input is: its first bytes cannot be read twice.
 */
export function fileInput(path: string): InputSource {
  if (!statSync(path).isFile()) return streamInput(createReadStream(path), `--input ${path}`, true);
  const head = Buffer.alloc(6);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  refuseOtherCompression(head, `--input ${path}`);
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

/** Standard input's bytes as they come (see `streamInput`). */
export function stdinInput(): InputSource {
  return streamInput(process.stdin, 'standard input', false);
}

/**
 * A stream's bytes as they come; compressed ones (by the first chunk's first bytes) are refused at
 * once, with what to do instead. `named`: the stream is a file named by --input (a pipe).
 */
function streamInput(stream: Readable, what: string, named: boolean): InputSource {
  return {
    chunks: (async function* () {
      let first = true;
      for await (const chunk of readOf(stream, what)) {
        if (first && gzipped(chunk)) {
          throw new ValidationError('score', [{ reason: `${what} is gzip-compressed: ${named ? 'name the .gz file itself' : 'name the .gz file with --input'} (it is decompressed as it is read), or pipe it through zcat; nothing was written` }]);
        }
        if (first) refuseOtherCompression(chunk, what);
        first = false;
        yield chunk;
      }
    })(),
    bytesRead: () => 0,
    stop: () => stream.destroy(),
  };
}
