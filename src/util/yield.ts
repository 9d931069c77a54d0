/** Lets the browser handle input and paint before long work goes on; throws if `signal` aborted. */
export async function yieldToBrowser(signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted();
  await new Promise<void>((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close(); // an open port would keep a Node process alive
      resolve();
    };
    channel.port2.postMessage(null);
  });
  signal?.throwIfAborted();
}
