import type { Plugin } from 'vite';
export function packageUrls(modules: Record<string, (path: string) => string>): Plugin;
