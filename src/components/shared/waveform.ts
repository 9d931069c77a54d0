import { resolvedColor } from './theme.js';

/** Columns of min/max per clip, computed once per Blob. */
const PEAKS = new WeakMap<Blob, Promise<Float32Array>>();
const COLUMNS = 600;

/** The clip's peaks: min and max of each of COLUMNS stretches of its first channel (decoded with Web Audio). */
function peaksOf(audio: Blob): Promise<Float32Array> {
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
      return out;
    });
    PEAKS.set(audio, peaks);
  }
  return peaks;
}

/** Draws a clip's waveform on `canvas` in the theme's accent colour; a clip the browser cannot decode leaves it blank. */
export async function drawWaveform(canvas: HTMLCanvasElement, audio: Blob): Promise<void> {
  let peaks: Float32Array;
  try {
    peaks = await peaksOf(audio);
  } catch {
    return;
  }
  const width = (canvas.width = canvas.clientWidth * devicePixelRatio || COLUMNS);
  const height = (canvas.height = canvas.clientHeight * devicePixelRatio || 80);
  const g = canvas.getContext('2d');
  if (!g) return;
  g.clearRect(0, 0, width, height);
  g.fillStyle = resolvedColor(canvas.parentElement ?? canvas, 'var(--_accent)');
  const column = width / COLUMNS;
  for (let c = 0; c < COLUMNS; c++) {
    const top = ((1 - peaks[2 * c + 1]) / 2) * height;
    const bottom = ((1 - peaks[2 * c]) / 2) * height;
    g.fillRect(c * column, top, Math.max(1, column), Math.max(1, bottom - top));
  }
}
