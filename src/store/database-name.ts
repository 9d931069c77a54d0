/** IndexedDB name used for a workspace name (a module of its own: pages that only check a name need not load idb). */
export function databaseName(workspaceName: string): string {
  return `sieve:${workspaceName}`;
}
