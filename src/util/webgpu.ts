/** True when the browser offers a WebGPU adapter that is real hardware (not a software fallback). */
export async function hasHardwareWebGPU(): Promise<boolean> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) return false;
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return false;
    // Newer browsers say it in adapter.info, older ones on the adapter itself.
    const flagged = adapter as unknown as { info?: { isFallbackAdapter?: boolean }; isFallbackAdapter?: boolean };
    return !(flagged.info?.isFallbackAdapter ?? flagged.isFallbackAdapter ?? false);
  } catch {
    return false;
  }
}
