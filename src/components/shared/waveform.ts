import { clipPeaks } from '../../data/audio-windows.js';
import { resolvedColor } from './theme.js';

/** Min/max per column of each clip, computed once per Blob. */
const PEAKS = new WeakMap<Blob, Promise<Float32Array>>();
const COLUMNS = 600;

/** The clip's peaks over COLUMNS stretches of its first channel (decoded with Web Audio). */
function peaksOf(audio: Blob): Promise<Float32Array> {
  let peaks = PEAKS.get(audio);
  if (!peaks) {
    peaks = audio.arrayBuffer().then(async (bytes) => clipPeaks((await new OfflineAudioContext(1, 1, 8000).decodeAudioData(bytes)).getChannelData(0), COLUMNS));
    PEAKS.set(audio, peaks);
  }
  return peaks;
}

/** Draws a clip's waveform on `canvas` in the theme's accent colour; a clip the browser cannot decode leaves it blank. */
export async function drawWaveform(canvas: HTMLCanvasElement, audio: Blob): Promise<void> {
  try {
    drawPeaks(canvas, await peaksOf(audio));
  } catch {
    // Not decodable: nothing to draw.
  }
}

/**
 * Draws min/max pairs (`clipPeaks`) as a waveform filling `canvas`, with the part from `shade.from`
 * to `shade.to` (fractions of the width) shaded: where a window lies in its clip.
 */
export function drawPeaks(canvas: HTMLCanvasElement, peaks: Float32Array, shade?: { from: number; to: number }): void {
  const columns = peaks.length / 2;
  const width = (canvas.width = canvas.clientWidth * devicePixelRatio || columns);
  const height = (canvas.height = canvas.clientHeight * devicePixelRatio || 80);
  const g = canvas.getContext('2d');
  if (!g) return;
  const host = canvas.parentElement ?? canvas;
  g.clearRect(0, 0, width, height);
  if (shade) {
    g.fillStyle = resolvedColor(host, 'color-mix(in srgb, var(--_accent) 25%, transparent)');
    g.fillRect(shade.from * width, 0, Math.max(2, (shade.to - shade.from) * width), height);
  }
  g.fillStyle = resolvedColor(host, 'var(--_accent)');
  const column = width / columns;
  for (let c = 0; c < columns; c++) {
    const top = ((1 - peaks[2 * c + 1]) / 2) * height;
    const bottom = ((1 - peaks[2 * c]) / 2) * height;
    g.fillRect(c * column, top, Math.max(1, column), Math.max(1, bottom - top));
  }
}
