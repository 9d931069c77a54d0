import type { Browser } from 'playwright';
export const CHROMIUM_FLAGS: string[];
export function launchChromium(extraFlags?: string[]): Promise<Browser>;
