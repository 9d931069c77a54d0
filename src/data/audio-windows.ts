/** One window of a clip: its place in the clip (seconds, `end` excluded) and its samples. */
export interface ClipWindow {
  start: number;
  end: number;
  samples: Float32Array;
}

/**
 * A clip's samples cut into consecutive windows of `seconds` (perch-analyzer uses 5 s): together
 * they cover the clip exactly, each sample in one window; the last one is shorter when the clip's
 * length is not a multiple of the window's.
 */
export function cutWindows(samples: Float32Array, sampleRate: number, seconds: number): ClipWindow[] {
  const size = Math.max(1, Math.round(seconds * sampleRate));
  const windows: ClipWindow[] = [];
  for (let from = 0; from < samples.length; from += size) {
    const to = Math.min(samples.length, from + size);
    windows.push({ start: from / sampleRate, end: to / sampleRate, samples: samples.subarray(from, to) });
  }
  return windows;
}
