// The training worker: opens the page's workspace (same IndexedDB) and runs `train` there, so
// featurization and training never block the page; it also featurizes items (texts, media) for the page's
// classifiers with the backbones it has loaded. Messages: see protocol.ts.
import { setAudioDecoder } from '../data/audio-decode.js';
import type { FeatureBatch } from '../backbones/backbone.js';
import { openWorkspace, type Workspace } from '../workspace.js';
import { deserializeError, serializeError, type FromWorker, type ToWorker, type WorkspaceInit } from './protocol.js';

const workspaces = new Map<string, Promise<Workspace>>();
const aborts = new Map<number, AbortController>();
const post = (message: FromWorker, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(message, transfer);

/** The buffers a feature batch's arrays fill exactly: moved to the page, not copied (shared ones are copied). */
function ownBuffers(features: FeatureBatch): ArrayBuffer[] {
  const arrays = [features.dense, ...(features.sparse ? [features.sparse.offsets, features.sparse.indices, features.sparse.values] : [])];
  const whole = arrays.filter((a) => a.byteOffset === 0 && a.byteLength === a.buffer.byteLength).map((a) => a.buffer as ArrayBuffer);
  return [...new Set(whole)];
}

/** The page's workspace, opened here once (training in this worker, so `page`). */
function workspaceOf({ name, assetsUrl, backend }: WorkspaceInit): Promise<Workspace> {
  let workspace = workspaces.get(name);
  if (!workspace) {
    workspace = openWorkspace({ name, assetsUrl, backend, trainIn: 'page' });
    workspaces.set(name, workspace);
  }
  return workspace;
}

/** Audio decodings asked of the page, by request number. */
const decodings = new Map<number, { resolve: (samples: Float32Array) => void; reject: (error: Error) => void }>();
let nextDecoding = 1;
setAudioDecoder(
  (audio, sampleRate) =>
    new Promise((resolve, reject) => {
      const request = nextDecoding++;
      decodings.set(request, { resolve, reject });
      post({ type: 'decode-audio', request, audio, sampleRate });
    }),
);

self.addEventListener('message', (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type === 'decoded') {
    const decoding = decodings.get(message.request);
    decodings.delete(message.request);
    if (message.samples) decoding?.resolve(message.samples);
    else decoding?.reject(deserializeError(message.error ?? { name: 'SieveError', message: 'The page could not decode the audio' }));
    return;
  }
  if (message.type === 'cancel') {
    aborts.get(message.id)?.abort();
    return;
  }
  const abort = new AbortController();
  aborts.set(message.id, abort);
  void (async () => {
    try {
      const workspace = await workspaceOf(message.workspace);
      if (message.type === 'prepare') await workspace.prepare({ backbone: message.backbone });
      if (message.type === 'prepare' || message.type === 'backend') {
        post({ type: 'ready', id: message.id, backend: await workspace.backend() });
        return;
      }
      if (message.type === 'featurize') {
        const features = await workspace.features(message.items, { backbone: message.backbone });
        post({ type: 'features', id: message.id, features }, ownBuffers(features));
        return;
      }
      const run = await workspace.train({ ...message.options, signal: abort.signal, onProgress: (progress) => post({ type: 'progress', id: message.id, progress }) });
      post({ type: 'done', id: message.id, run });
    } catch (error) {
      post({ type: 'failed', id: message.id, error: serializeError(error) });
    } finally {
      aborts.delete(message.id);
    }
  })();
});
