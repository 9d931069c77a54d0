// The training worker: opens the page's workspace (same IndexedDB) and runs `train` there, so
// featurization and training never block the page. Messages: see protocol.ts.
import { openWorkspace, type Workspace } from '../workspace.js';
import { serializeError, type FromWorker, type ToWorker } from './protocol.js';

const workspaces = new Map<string, Promise<Workspace>>();
const aborts = new Map<number, AbortController>();
const post = (message: FromWorker) => (self as unknown as Worker).postMessage(message);

self.addEventListener('message', (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type === 'cancel') {
    aborts.get(message.id)?.abort();
    return;
  }
  const abort = new AbortController();
  aborts.set(message.id, abort);
  void (async () => {
    try {
      const { name, assetsUrl, backend } = message.workspace;
      let workspace = workspaces.get(name);
      if (!workspace) {
        workspace = openWorkspace({ name, assetsUrl, backend, trainIn: 'page' });
        workspaces.set(name, workspace);
      }
      const run = await (await workspace).train({ ...message.options, signal: abort.signal, onProgress: (progress) => post({ type: 'progress', id: message.id, progress }) });
      post({ type: 'done', id: message.id, run });
    } catch (error) {
      post({ type: 'failed', id: message.id, error: serializeError(error) });
    } finally {
      aborts.delete(message.id);
    }
  })();
});
