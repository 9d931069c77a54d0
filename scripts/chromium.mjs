// Launches Debian's Chromium (or $CHROMIUM_PATH) headless through Playwright, with the flags
// this project's tests and benchmarks use (WebGPU through SwiftShader, no background traffic).
import { chromium } from 'playwright';

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-webgpu-adapter=swiftshader',
  // A synthetic camera and microphone, granted without a prompt (capture in the predictor).
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
];

/** A headless Chromium browser, with `extraFlags` after the standard ones. */
export function launchChromium(extraFlags = []) {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: [...CHROMIUM_FLAGS, ...extraFlags], headless: true });
}
