import { resolvedColor } from './theme.js';

/** Columns of min/max per clip, computed once per Blob. */
const PEAKS = new WeakMap<Blob, Promise<{ peaks: Float32Array; duration: number }>>();
const COLUMNS = 600;

/** The clip's peaks: min and max of each of COLUMNS stretches of its first channel (decoded with Web Audio). */
function peaksOf(audio: Blob): Promise<{ peaks: Float32Array; duration: number }> {
  let peaks = PEAKS.get(audio);
  if (!peaks) {
    peaks = audio.arrayBuffer().then(async (bytes) => {
      const context = new OfflineAudioContext(1, 1, 8000);
      const buffer = await context.decodeAudioData(bytes);
      const samples = buffer.getChannelData(0);
      const out = new Float32Array(2 * COLUMNS);
      const per = Math.max(1, Math.floor(samples.length / COLUMNS));
      for (let c = 0; c < COLUMNS; c++) {
        let min = 0;
        let max = 0;
        for (let i = c * per; i < Math.min(samples.length, (c + 1) * per); i++) {
          if (samples[i] < min) min = samples[i];
          if (samples[i] > max) max = samples[i];
        }
        out[2 * c] = min;
        out[2 * c + 1] = max;
      }
      return { peaks: out, duration: buffer.duration };
    });
    PEAKS.set(audio, peaks);
  }
  return peaks;
}

/**
 * Draws a clip's waveform on `canvas` (the theme's colours), with `window` shaded: where a window
 * record lies in its clip. A clip the browser cannot decode leaves the canvas blank.
 */
export async function drawWaveform(canvas: HTMLCanvasElement, audio: Blob, window?: { start: number; end: number }): Promise<void> {
  let data: { peaks: Float32Array; duration: number };
  try {
    data = await peaksOf(audio);
  } catch {
    return;
  }
  const width = (canvas.width = canvas.clientWidth * devicePixelRatio || COLUMNS);
  const height = (canvas.height = canvas.clientHeight * devicePixelRatio || 80);
  const g = canvas.getContext('2d');
  if (!g) return;
  g.clearRect(0, 0, width, height);
  const host = canvas.parentElement ?? canvas;
  if (window && data.duration > 0) {
    g.fillStyle = resolvedColor(host, 'color-mix(in srgb, var(--_accent) 22%, transparent)');
    g.fillRect((window.start / data.duration) * width, 0, ((window.end - window.start) / data.duration) * width, height);
  }
  g.fillStyle = resolvedColor(host, 'var(--_accent)');
  const column = width / COLUMNS;
  for (let c = 0; c < COLUMNS; c++) {
    const top = ((1 - data.peaks[2 * c + 1]) / 2) * height;
    const bottom = ((1 - data.peaks[2 * c]) / 2) * height;
    g.fillRect(c * column, top, Math.max(1, column), Math.max(1, bottom - top));
  }
}
