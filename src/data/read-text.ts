import { ValidationError } from '../errors.js';
import { undecodableLine } from '../util/undecodable-line.js';

/**
 * A file's text, read as a stream so that `onBytes` can report how much has been read (and an
 * abort stops the reading at once, with an AbortError). Decoded as `encoding` (any label
 * TextDecoder knows), else as UTF-16 when the file starts with a UTF-16 byte order mark (Excel's
 * "Unicode text"), else as UTF-8. Bytes the encoding cannot read are refused, naming the first
 * line that has them, rather than read as U+FFFD: a file saved in a legacy encoding would otherwise
 * be imported with its accented letters lost. `call` names the method in errors.
 */
export async function readText(file: Blob, onBytes: (done: number) => void, call: string, signal?: AbortSignal, encoding?: string): Promise<string> {
  let decoder = encoding === undefined ? undefined : decoderFor(encoding, call);
  const reader = file.stream().getReader();
  const parts: string[] = [];
  let done = 0;
  try {
    for (;;) {
      signal?.throwIfAborted();
      const { value, done: finished } = await reader.read();
      if (finished) break;
      decoder ??= new TextDecoder(byteOrderMark(value) ?? 'utf-8', { fatal: true });
      done += value.byteLength;
      parts.push(decode(decoder, value));
      onBytes(done);
    }
    if (decoder) parts.push(decode(decoder, undefined)); // an empty file has no decoder, nor text
  } catch (error) {
    if (error instanceof Undecodable) throw await undecodable(file, error.encoding, call);
    throw error;
  } finally {
    reader.releaseLock();
  }
  return parts.join('');
}

/** A decoder for the label a caller gave, or an error naming it. */
function decoderFor(encoding: string, call: string): TextDecoder {
  try {
    return new TextDecoder(encoding, { fatal: true });
  } catch {
    throw new ValidationError(call, [{ field: 'encoding', value: encoding, reason: 'not an encoding this browser can decode (for example "utf-8", "windows-1252", "utf-16le")' }]);
  }
}

/** UTF-16's byte order mark at the start of `bytes`, as the encoding it says. */
function byteOrderMark(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

/** A fatal decoder's failure, with its encoding. */
class Undecodable extends Error {
  constructor(readonly encoding: string) {
    super(`not ${encoding}`);
  }
}

function decode(decoder: TextDecoder, bytes: Uint8Array | undefined): string {
  try {
    return bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode();
  } catch {
    throw new Undecodable(decoder.encoding);
  }
}

/**
 * The error for a file `encoding` cannot read: for an encoding whose line feed is the byte 0x0A
 * (UTF-8, the legacy single-byte ones), the first line it cannot read, shown as UTF-8 reads it.
 */
async function undecodable(file: Blob, encoding: string, call: string): Promise<ValidationError> {
  const fix = encoding === 'utf-8' ? ': pass { encoding } with the file\'s encoding (a file saved by Excel as "CSV" is often "windows-1252")' : '';
  if (encoding.startsWith('utf-16')) return new ValidationError(call, [{ field: 'encoding', value: encoding, reason: `the file is not valid ${encoding}` }]);
  const found = undecodableLine(new Uint8Array(await file.arrayBuffer()), encoding);
  if (found) return new ValidationError(call, [{ field: 'encoding', value: new TextDecoder().decode(found.bytes.subarray(0, 200)).slice(0, 80), reason: `line ${found.line} is not valid ${encoding}${fix}` }]);
  return new ValidationError(call, [{ field: 'encoding', value: encoding, reason: `the file is not valid ${encoding}${fix}` }]);
}
