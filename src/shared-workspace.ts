import { NotFoundError } from './errors.js';
import { databaseName } from './store/database-name.js';
import type { Workspace } from './workspace.js';

/** Workspaces opened by name on this page, shared by every element and script that asks. */
const opened = new Map<string, Promise<Workspace>>();

/** Options of `sharedWorkspace`. */
export interface SharedWorkspaceOptions {
  /** Create the workspace when this browser has none of that name (default: false, an error says so). */
  create?: boolean;
}

/**
 * The workspace named `name`, opened once per page and shared: elements configured from HTML
 * (`<sieve-labeler workspace="my-project">`) and a page's scripts get the same object, so they see
 * each other's runs and labels at once. Rejects with a NotFoundError when this browser keeps no
 * workspace of that name for this site, unless `create` is set (`<sieve-import>` creates one).
 */
export function sharedWorkspace(name: string, options: SharedWorkspaceOptions = {}): Promise<Workspace> {
  const create = options.create ?? false;
  let workspace = opened.get(name);
  if (!workspace || create) {
    // Cached at once (before any await), so that elements asking together share one open; a
    // creating ask reuses an open that succeeds and replaces one that found nothing.
    workspace = workspace ? workspace.catch(() => open(name, true)) : open(name, create);
    const opening = workspace;
    opened.set(name, opening);
    // A failed open is not kept (unless a later ask replaced it): the next ask tries again.
    opening.catch(() => opened.get(name) === opening && opened.delete(name));
  }
  return workspace;
}

async function open(name: string, create: boolean): Promise<Workspace> {
  if (!create && !(await workspaceExists(name))) {
    throw new NotFoundError(`No workspace named "${name}" in this browser's storage for this site: create it first (openWorkspace({ name: "${name}" }) or <sieve-import workspace="${name}">)`);
  }
  const { openWorkspace } = await import('./workspace.js');
  return openWorkspace({ name });
}

/** Whether this browser keeps a workspace database of that name (true where it cannot tell). */
async function workspaceExists(name: string): Promise<boolean> {
  if (typeof indexedDB.databases !== 'function') return true;
  const databases = await indexedDB.databases();
  return databases.some((d) => d.name === databaseName(name));
}
