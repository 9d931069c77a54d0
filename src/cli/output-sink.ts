import { once } from 'node:events';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { SieveError } from '../errors.js';

/** Standard output was closed by its reader (`… | head`): the command stops without a word, as a Unix tool stopped by SIGPIPE does. */
export class OutputClosedError extends SieveError {
  override name = 'OutputClosedError';
}

/**
 * Where the command's output lines go: a temporary file beside the output, renamed into place
 * once complete (nothing partial is ever left under the output's name), or standard output. A
 * write that fails (a full disk, a reader gone) makes the next `write` or `finish` throw a
 * SieveError saying where and why; the stream's error is never left to crash the process
 * (unhandled, it did: a full disk or `| head` ended the command with a stack trace, and Node 24
 * reports a write still pending when a run is abandoned as an error of its own).
 */
export class OutputSink {
  private failure?: Error;

  private constructor(
    /** What the lines are written to. */
    private readonly stream: Writable,
    /** The output, as the user named it (a file's path, renamed to from `temporary`). */
    private readonly name: string,
    private readonly temporary?: string,
    /** The file under `stream` when `stream` compresses into it: done when this one is. */
    private readonly file?: Writable,
  ) {
    for (const each of [stream, file]) each?.on('error', (error) => (this.failure ??= error));
  }

  /** A sink into a temporary file beside `path`, renamed to `path` by `finish`; gzip-compressed when `path` ends in .gz. */
  static file(path: string): OutputSink {
    const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.partial`);
    const file = createWriteStream(temporary);
    if (!/\.gz$/i.test(path)) return new OutputSink(file, path, temporary);
    const gzip = createGzip();
    gzip.pipe(file);
    return new OutputSink(gzip, path, temporary, file);
  }

  /** A sink into standard output. */
  static stdout(): OutputSink {
    return new OutputSink(process.stdout, 'standard output');
  }

  /** Writes `bytes`; resolves once the stream can take more (backpressure), throws when a write has failed. */
  async write(bytes: Uint8Array): Promise<void> {
    this.throwIfFailed();
    if (!this.stream.write(bytes)) await this.drained();
    this.throwIfFailed();
  }

  /** Completes the output: everything written, then (a file) renamed into place. */
  async finish(): Promise<void> {
    this.throwIfFailed();
    if (this.temporary) {
      // Done when the file is (after a compressor's last bytes), or failed (kept by the listeners).
      const written = once(this.file ?? this.stream, 'finish').catch(() => undefined);
      this.stream.end();
      await written;
      this.throwIfFailed();
      renameSync(this.temporary, this.name);
    } else {
      if (this.stream.writableNeedDrain) await this.drained();
      this.throwIfFailed();
    }
  }

  /** Gives the output up: a file's temporary copy is removed, and nothing is left under the output's name. */
  abandon(): void {
    if (!this.temporary) return;
    this.stream.destroy();
    this.file?.destroy();
    rmSync(this.temporary, { force: true });
  }

  /** Until the stream drains or fails (the failure is kept by the constructor's listener). */
  private async drained(): Promise<void> {
    await once(this.stream, 'drain').catch(() => undefined);
  }

  private throwIfFailed(): void {
    const failure = this.failure as NodeJS.ErrnoException | undefined;
    if (!failure) return;
    if (!this.temporary && failure.code === 'EPIPE') throw new OutputClosedError('standard output was closed by its reader');
    throw new SieveError(`could not write the output (${this.name}): ${failure.message}`, { cause: failure });
  }
}
