import { openWorkspace, type Workspace, type WorkspaceOptions } from '../../src/index.js';

/** Assets as `npm run build` lays them out; `npm test` builds before testing. */
export const ASSETS_URL = '/dist/';

const opened: { ws: Workspace; name: string }[] = [];

/** A workspace with a fresh, uniquely named database, deleted after the test file. */
export async function freshWorkspace(options: WorkspaceOptions = {}): Promise<Workspace> {
  const name = options.name ?? `test-${crypto.randomUUID()}`;
  // Training in the page lets tests check its tensors; worker.test.ts covers the (default) worker.
  const ws = await openWorkspace({ assetsUrl: ASSETS_URL, backend: 'wasm', trainIn: 'page', ...options, name });
  opened.push({ ws, name });
  return ws;
}

/** Closes and deletes every workspace opened by `freshWorkspace`. */
export async function deleteWorkspaces(): Promise<void> {
  for (const { ws, name } of opened.splice(0)) {
    ws.close();
    await new Promise((resolve) => {
      const request = indexedDB.deleteDatabase(`sieve:${name}`);
      request.onsuccess = request.onerror = request.onblocked = resolve;
    });
  }
}

/** A small, clearly separable two-label text set (sports vs cooking), `perLabel` records each. */
export function toyRecords(perLabel: number): { text: string; label: string }[] {
  const sports = ['the team won the match', 'a late goal decided the game', 'the coach praised the players', 'fans cheered in the stadium', 'the striker scored twice', 'the league season starts'];
  const cooking = ['simmer the sauce slowly', 'add garlic and onion to the pan', 'bake the bread for an hour', 'season the soup with salt', 'whisk the eggs and sugar', 'roast the vegetables in the oven'];
  const out: { text: string; label: string }[] = [];
  for (let i = 0; i < perLabel; i++) {
    out.push({ text: `${sports[i % sports.length]} ${sports[(i * 5 + 1) % sports.length]}`, label: 'sports' });
    out.push({ text: `${cooking[i % cooking.length]} ${cooking[(i * 5 + 1) % cooking.length]}`, label: 'cooking' });
  }
  return out;
}

/** Waits until `check()` holds, polling every 20 ms; throws after `ms`. */
export async function until(check: () => boolean, ms = 20_000): Promise<void> {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A key press on an element, as the browser dispatches it. */
export const key = (el: Element, k: string): boolean => el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true }));

/** An element of `tag` with `workspace` and the given properties, added to the page. */
export function mounted<K extends 'sieve-labeler' | 'sieve-predictor'>(tag: K, properties: Partial<HTMLElementTagNameMap[K]>): HTMLElementTagNameMap[K] {
  const element = Object.assign(document.createElement(tag), properties);
  document.body.append(element);
  return element;
}
