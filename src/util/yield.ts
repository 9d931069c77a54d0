/**
 * Lets the browser handle input and paint before long work goes on; throws if `signal` aborted.
 * In Node (the command's worker threads, a server's event loop) `setImmediate` lets pending I/O and
 * messages run instead: a MessageChannel per yield cost Node's `predictBatch` about 2% of its time.
 */
export async function yieldToBrowser(signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted();
  await new Promise<void>((resolve) => {
    if (typeof globalThis.setImmediate === 'function') {
      globalThis.setImmediate(resolve);
      return;
    }
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close(); // an open port would keep a Node process alive
      resolve();
    };
    channel.port2.postMessage(null);
  });
  signal?.throwIfAborted();
}
