// The training worker: opens the page's workspace (same IndexedDB) and runs `train` there, so
// featurization and training never block the page. Messages: see protocol.ts.
import { openWorkspace, type Workspace } from '../workspace.js';
import { serializeError, type FromWorker, type ToWorker, type WorkspaceInit } from './protocol.js';

const workspaces = new Map<string, Promise<Workspace>>();
const aborts = new Map<number, AbortController>();
const post = (message: FromWorker) => (self as unknown as Worker).postMessage(message);

/** The page's workspace, opened here once (training in this worker, so `page`). */
function workspaceOf({ name, assetsUrl, backend }: WorkspaceInit): Promise<Workspace> {
  let workspace = workspaces.get(name);
  if (!workspace) {
    workspace = openWorkspace({ name, assetsUrl, backend, trainIn: 'page' });
    workspaces.set(name, workspace);
  }
  return workspace;
}

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
      const workspace = await workspaceOf(message.workspace);
      if (message.type === 'prepare') {
        await workspace.prepare({ backbone: message.backbone });
        post({ type: 'ready', id: message.id });
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
