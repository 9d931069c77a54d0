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

/** A clip's waveform in `columns` stretches: the min and max sample of each, in turn. */
export function clipPeaks(samples: Float32Array, columns: number): Float32Array {
  const peaks = new Float32Array(2 * columns);
  const per = samples.length / columns;
  for (let c = 0; c < columns; c++) {
    let min = 0;
    let max = 0;
    for (let i = Math.floor(c * per); i < Math.min(samples.length, Math.floor((c + 1) * per)); i++) {
      if (samples[i] < min) min = samples[i];
      if (samples[i] > max) max = samples[i];
    }
    peaks[2 * c] = min;
    peaks[2 * c + 1] = max;
  }
  return peaks;
}
