// The media section's page side (loaded by bench.html beside bench-page.js): folder import speed,
// featurization throughput of the image and audio models on WASM and WebGPU, and the labeler's key
// → next latency on image records. Everything is made here: images drawn on a canvas, tones
// rendered by an OfflineAudioContext; the models are the media demo's tiny ones (dist/models/).
import { openWorkspace } from '/dist/sieve.js';
import { timeLabelerKeys } from './labeler-latency.js';

const MODELS = new URL('/dist/models/', location.href).href;
const ref = (task, model, device) => ({ type: 'transformers', task, model, localModelPath: MODELS, device });

async function withWorkspace(body, options = {}) {
  const name = `media-bench-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const ws = await openWorkspace({ name, backend: 'wasm', trainIn: 'page', ...options });
  try {
    return await body(ws);
  } finally {
    ws.close();
    indexedDB.deleteDatabase(`sieve:${name}`);
  }
}

/** A PNG of `size`² pixels: a gradient, shapes and noise (so it compresses like a small photo, not a flat colour). */
async function photo(i, size) {
  const canvas = new OffscreenCanvas(size, size);
  const g = canvas.getContext('2d');
  const gradient = g.createLinearGradient(0, 0, size, size);
  gradient.addColorStop(0, `hsl(${(i * 37) % 360} 70% 50%)`);
  gradient.addColorStop(1, `hsl(${(i * 91) % 360} 60% 30%)`);
  g.fillStyle = gradient;
  g.fillRect(0, 0, size, size);
  const pixels = g.getImageData(0, 0, size, size);
  let seed = i + 1;
  for (let p = 0; p < pixels.data.length; p += 4) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    pixels.data[p] = Math.min(255, pixels.data[p] + (seed % 24));
  }
  g.putImageData(pixels, 0, 0);
  return canvas.convertToBlob({ type: 'image/png' });
}

/** A 16-bit mono WAV of a tone with an overtone, `seconds` long at `rate`. */
async function clip(i, seconds, rate) {
  const context = new OfflineAudioContext(1, Math.round(seconds * rate), rate);
  for (const [frequency, gain] of [[200 + i * 37, 0.3], [1200 + i * 91, 0.1]]) {
    const oscillator = new OscillatorNode(context, { frequency });
    oscillator.connect(new GainNode(context, { gain })).connect(context.destination);
    oscillator.start();
  }
  const samples = (await context.startRendering()).getChannelData(0);
  const view = new DataView(new ArrayBuffer(44 + samples.length * 2));
  const text = (offset, s) => [...s].forEach((c, k) => view.setUint8(offset + k, c.charCodeAt(0)));
  text(0, 'RIFF'); view.setUint32(4, 36 + samples.length * 2, true); text(8, 'WAVEfmt ');
  view.setUint32(16, 16, true); view.setUint16(20, 1, true); view.setUint16(22, 1, true);
  view.setUint32(24, rate, true); view.setUint32(28, rate * 2, true); view.setUint16(32, 2, true); view.setUint16(34, 16, true);
  text(36, 'data'); view.setUint32(40, samples.length * 2, true);
  samples.forEach((s, k) => view.setInt16(44 + k * 2, s * 32767, true));
  return new Blob([view.buffer], { type: 'audio/wav' });
}

/** importFolder of `images` PNGs and of `clips` sounds (whole, then cut into 5 s windows): files/s and MB/s. */
async function mediaImport({ images, imageSize, clips, clipSeconds }) {
  const imageFiles = [];
  for (let i = 0; i < images; i++) imageFiles.push({ path: `photos/${i % 2 ? 'a' : 'b'}/${i}.png`, file: await photo(i, imageSize) });
  const soundFiles = [];
  for (let i = 0; i < clips; i++) soundFiles.push({ path: `sounds/${i % 2 ? 'a' : 'b'}/${i}.wav`, file: await clip(i, clipSeconds, 32000) });
  const timed = (files, options) =>
    withWorkspace(async (ws) => {
      const start = performance.now();
      const { added } = await ws.datasets.importFolder({ name: 'bench' }, files, options);
      const seconds = (performance.now() - start) / 1000;
      const bytes = files.reduce((n, f) => n + f.file.size, 0);
      return { files: files.length, records: added, seconds, filesPerSecond: files.length / seconds, mbPerSecond: bytes / 2 ** 20 / seconds, mb: bytes / 2 ** 20 };
    });
  return {
    images: await timed(imageFiles, {}),
    sounds: await timed(soundFiles, {}),
    windows: await timed(soundFiles, { windowSeconds: 5, sampleRate: 32000 }),
  };
}

/** Items per second through `ws.features` (not cached) for the image and audio models on each device. */
async function mediaFeaturize({ images, imageSize, clips, clipSeconds }) {
  const imageItems = await Promise.all(Array.from({ length: images }, (_, i) => photo(i, imageSize)));
  const clipItems = await Promise.all(Array.from({ length: clips }, (_, i) => clip(i, clipSeconds, 16000)));
  const rows = [];
  for (const device of ['wasm', 'webgpu']) {
    await withWorkspace(async (ws) => {
      for (const [what, task, model, items] of [['image', 'image-feature-extraction', 'sieve-demo/colours', imageItems], ['audio', 'audio-feature-extraction', 'sieve-demo/pitch', clipItems]]) {
        const backbone = ref(task, model, device);
        await ws.features(items.slice(0, 2), { backbone }); // loads the model and warms up
        const start = performance.now();
        await ws.features(items, { backbone });
        const seconds = (performance.now() - start) / 1000;
        rows.push({ model: what, device, items: items.length, itemsPerSecond: items.length / seconds });
      }
    });
  }
  return rows;
}

/** <sieve-labeler> on `size` image records: key press → next record shown with its image decoded (p50, p95). */
async function mediaLabeler({ size, presses }) {
  return withWorkspace(async (ws) => {
    const ds = await ws.datasets.create({ name: 'photos', labels: ['a', 'b'] });
    const distinct = await Promise.all(Array.from({ length: 64 }, (_, i) => photo(i, 96)));
    const t0 = performance.now();
    // Each record its own Blob (copied), as imported files would be.
    await ws.datasets.addRecords(ds.id, Array.from({ length: size }, (_, i) => ({ id: `p${i}`, image: new Blob([distinct[i % 64]], { type: 'image/png' }) })));
    const addSeconds = (performance.now() - t0) / 1000;
    // Shown: the new current image decoded.
    const { openSeconds, label, arrow } = await timeLabelerKeys(ws, ds.id, presses, (labeler) => labeler.shadowRoot.querySelector('img[part="image"]').decode());
    return { size, addSeconds, openSeconds, label, arrow };
  });
}

window.sieveMediaBench = { mediaImport, mediaFeaturize, mediaLabeler };
