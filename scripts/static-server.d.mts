export function serveStatic(root: string, headers?: Record<string, string>): Promise<{ url: string; close: () => Promise<void> }>;
