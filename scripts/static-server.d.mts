export function serveStatic(root: string): Promise<{ url: string; close: () => Promise<void> }>;
