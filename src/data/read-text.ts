/**
 * A file's text, read as a stream so that `onBytes` can report how much has been read (and an
 * abort stops the reading at once, with an AbortError).
 */
export async function readText(file: Blob, onBytes: (done: number) => void, signal?: AbortSignal): Promise<string> {
  const reader = file.stream().getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let done = 0;
  try {
    for (;;) {
      signal?.throwIfAborted();
      const { value, done: finished } = await reader.read();
      if (finished) break;
      done += value.byteLength;
      parts.push(decoder.decode(value, { stream: true }));
      onBytes(done);
    }
  } finally {
    reader.releaseLock();
  }
  parts.push(decoder.decode());
  return parts.join('');
}
