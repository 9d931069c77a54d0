import { afterAll, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import '../../src/index.js';
import { drawnImage, renderedTone } from '../fixtures/media.js';
import { AUDIO_RATE, MODELS, TINY_MODEL_URL } from '../fixtures/tiny-models.js';
import { deleteWorkspaces, freshWorkspace, key, mounted, until } from './helpers.js';

afterAll(deleteWorkspaces);

const localModelPath = new URL(TINY_MODEL_URL, location.href).href;
const imageModel = { type: 'transformers', task: 'image-feature-extraction', model: MODELS.image, localModelPath, device: 'wasm' } as const;
const audioModel = { type: 'transformers', task: 'audio-feature-extraction', model: MODELS.audio, localModelPath, device: 'wasm' } as const;

async function imageDataset(perLabel: number, unlabeled = 0) {
  const ws = await freshWorkspace();
  const ds = await ws.datasets.create({ name: 'shapes', labels: ['warm', 'cool'] });
  const records = [];
  for (let i = 0; i < perLabel; i++) {
    records.push({ id: `w${i}`, image: new File([await drawnImage(`rgb(230, ${60 + i * 5}, 40)`, 24, { colour: '#111', seed: i })], `w${i}.png`, { type: 'image/png' }), label: 'warm' });
    records.push({ id: `c${i}`, image: new File([await drawnImage(`rgb(30, ${90 + i * 5}, 220)`, 24, { colour: '#eee', seed: i })], `c${i}.png`, { type: 'image/png' }), label: 'cool' });
  }
  for (let i = 0; i < unlabeled; i++) records.push({ id: `u${i}`, image: new File([await drawnImage(i % 2 ? 'rgb(240, 80, 30)' : 'rgb(20, 110, 230)', 24)], `u${i}.png`, { type: 'image/png' }) });
  await ws.datasets.addRecords(ds.id, records);
  return { ws, ds };
}

describe('<sieve-labeler> on media', () => {
  it('shows each image (thumbnails in the list, Z zooms), labels by number key, and suggests with the image model', async () => {
    const { ws, ds } = await imageDataset(6, 2);
    await ws.train({ datasetId: ds.id, backbone: imageModel });
    const labeler = mounted('sieve-labeler', { workspace: ws, datasetId: ds.id });
    const root = labeler.shadowRoot!;
    await until(() => root.querySelector('.hint')?.textContent?.startsWith('Record 13 of 14') ?? false);
    const image = root.querySelector<HTMLImageElement>('img[part="image"]')!;
    expect(image.alt).toBe('Record image: u0.png');
    await until(() => image.complete && image.naturalWidth === 24);
    // A grid of thumbnails, each named by its file and label: all 14 once the list's width is known
    // (its ResizeObserver sets the columns; before it reports, the grid has one column of five rows).
    await until(() => root.querySelectorAll('.cell').length === 14);
    const cells = [...root.querySelectorAll('.cell')];
    expect(cells.every((cell) => cell.querySelector('img.thumb'))).toBe(true);
    expect(cells.map((cell) => cell.getAttribute('aria-label'))).toContain('u0.png: unlabeled');
    expect(root.querySelector('.cell[aria-selected="true"]')!.getAttribute('aria-label')).toBe('u0.png: unlabeled');
    const panel = root.querySelector<HTMLElement>('.panel')!;
    key(panel, 'z');
    await until(() => root.querySelector('img[part="image"]')!.classList.contains('zoomed'));
    // The model in the loop reads images: u0 is blue, so it suggests "cool"; Enter accepts.
    await until(() => root.querySelector('[part="suggestion"] strong')?.textContent === 'cool');
    key(panel, 'Enter');
    await expect.poll(async () => (await ws.datasets.records(ds.id)).find((r) => r.id === 'u0')?.label).toBe('cool');
    await until(() => root.querySelector('.hint')?.textContent?.startsWith('Record 14 of 14') ?? false);
    key(panel, '1');
    await expect.poll(async () => (await ws.datasets.records(ds.id)).find((r) => r.id === 'u1')?.label).toBe('warm');
    labeler.remove();
  });

  it('moves through a grid of 10,000 images by arrows (across, and a row up and down), keeping only the cells in view in the page', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'many', labels: ['a', 'b'] });
    const images = await Promise.all(Array.from({ length: 8 }, (_, i) => drawnImage(`hsl(${i * 45} 70% 50%)`, 16)));
    await ws.datasets.addRecords(ds.id, Array.from({ length: 10_000 }, (_, i) => ({ id: `p${i}`, image: new Blob([images[i % 8]], { type: 'image/png' }) })));
    // Wide enough for several columns of thumbnails.
    document.body.style.width = '900px';
    const labeler = mounted('sieve-labeler', { workspace: ws, datasetId: ds.id });
    const root = labeler.shadowRoot!;
    const position = () => Number(/Record (\d+)/.exec(root.querySelector('.hint')?.textContent ?? '')?.[1]);
    await until(() => position() === 1);
    const list = root.querySelector<HTMLElement>('.list')!;
    const columns = Math.floor(list.clientWidth / 76);
    expect(columns).toBeGreaterThan(2);
    await until(() => root.querySelectorAll('.cell').length > 0 && Number(root.querySelector<HTMLElement>('.cell:last-child')?.style.left.replace('px', '')) > 0);
    const panel = root.querySelector<HTMLElement>('.panel')!;
    key(panel, 'ArrowRight');
    await until(() => position() === 2);
    key(panel, 'ArrowDown');
    await until(() => position() === 2 + columns);
    key(panel, 'ArrowLeft');
    await until(() => position() === 1 + columns);
    key(panel, 'ArrowUp');
    await until(() => position() === 1);
    for (let i = 0; i < 40; i++) key(panel, 'ArrowDown');
    await until(() => position() === 1 + 40 * columns);
    expect(root.querySelectorAll('.cell').length).toBeLessThan(120);
    expect(root.querySelector('.cell[aria-selected="true"]')!.getAttribute('aria-label')).toBe(`p${40 * columns}: unlabeled`);
    labeler.remove();
    document.body.style.width = '';
  });

  it('shows an audio record as its waveform and a player (P plays), and labels it by key', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'tones', labels: ['low', 'high'] });
    const tone = await renderedTone(440, 1, AUDIO_RATE, 0.8);
    // The clip's overview: silent, then loud from 5 s on (20 columns of 0.5 s).
    const overview = new Float32Array(40).map((_, k) => (k >= 20 ? (k % 2 ? 0.9 : -0.9) : 0));
    await ws.datasets.addRecords(ds.id, [{ id: 'clip.wav#5', audio: tone.wav, window: { start: 5, end: 6, clip: 'clip.wav', clipSeconds: 10, overview } }]);
    const labeler = mounted('sieve-labeler', { workspace: ws, datasetId: ds.id });
    const root = labeler.shadowRoot!;
    await until(() => !!root.querySelector('canvas[part="waveform"]'));
    const canvas = root.querySelector<HTMLCanvasElement>('canvas[part="waveform"]')!;
    expect(canvas.getAttribute('aria-label')).toBe('Waveform of clip.wav 5.0–6.0 s');
    // Drawn once decoded: some pixels are painted.
    await until(() => {
      const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      return pixels.some((v, i) => i % 4 === 3 && v > 0);
    });
    // The window marked in its clip: the shaded stretch is the 6th tenth of the overview.
    const clip = root.querySelector<HTMLCanvasElement>('canvas[part="clip"]')!;
    expect(clip.getAttribute('aria-label')).toBe('Where this window lies in clip.wav: 5.0–6.0 s of 10.0 s');
    const alphaAt = (x: number) => clip.getContext('2d')!.getImageData(Math.floor(x * clip.width), 1, 1, 1).data[3];
    expect(alphaAt(0.55)).toBeGreaterThan(0);
    expect(alphaAt(0.25)).toBe(0);
    const audio = root.querySelector<HTMLAudioElement>('audio[part="audio"]')!;
    expect(audio.paused).toBe(true);
    // A real key press (a user gesture: the browser lets it start playback).
    root.querySelector<HTMLElement>('.list')!.focus();
    await userEvent.keyboard('p');
    await until(() => !audio.paused);
    await userEvent.keyboard('p');
    await until(() => audio.paused);
    key(root.querySelector('.panel')!, '2');
    await expect.poll(async () => (await ws.datasets.records(ds.id))[0].label).toBe('high');
    labeler.remove();
  });

  it('shows the image a vector record links to', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'linked', labels: ['a', 'b'] });
    const url = URL.createObjectURL(await drawnImage('rgb(200, 30, 30)', 20));
    await ws.datasets.addRecords(ds.id, [{ id: 'x', vector: [1, 0], imageUrl: url }]);
    const labeler = mounted('sieve-labeler', { workspace: ws, datasetId: ds.id });
    const root = labeler.shadowRoot!;
    await until(() => root.querySelector<HTMLImageElement>('img[part="image"]')?.complete === true);
    const image = root.querySelector<HTMLImageElement>('img[part="image"]')!;
    expect(image.src).toBe(url);
    expect(image.naturalWidth).toBe(20);
    expect(root.querySelectorAll('.cell img.thumb')).toHaveLength(1);
    labeler.remove();
    URL.revokeObjectURL(url);
  });
});

describe('<sieve-predictor> on media', () => {
  it('classifies a dropped image and a pasted one, and a photo from the camera', async () => {
    const { ws, ds } = await imageDataset(6);
    const run = await ws.train({ datasetId: ds.id, backbone: imageModel });
    const predictor = mounted('sieve-predictor', { workspace: ws, runId: run.id });
    const root = predictor.shadowRoot!;
    await until(() => !!root.querySelector('[part="drop"]'));
    expect(root.querySelector('textarea')).toBeNull();
    const events: { text: string; item?: Blob }[] = [];
    predictor.addEventListener('sieve-prediction', (e) => events.push(e.detail));
    const drop = root.querySelector<HTMLElement>('[part="drop"]')!;
    const dropped = new DataTransfer();
    dropped.items.add(new File([await drawnImage('rgb(240, 70, 30)', 30)], 'sunset.png', { type: 'image/png' }));
    drop.dispatchEvent(new DragEvent('drop', { dataTransfer: dropped, bubbles: true, cancelable: true }));
    await until(() => root.querySelector('[part="label"]')?.textContent === 'warm');
    expect(root.querySelector<HTMLImageElement>('img[part="preview"]')).not.toBeNull();
    expect(events.at(-1)).toMatchObject({ text: 'sunset.png' });
    const pasted = new DataTransfer();
    pasted.items.add(new File([await drawnImage('rgb(20, 100, 240)', 30)], 'sea.png', { type: 'image/png' }));
    drop.dispatchEvent(new ClipboardEvent('paste', { clipboardData: pasted, bubbles: true }));
    await until(() => root.querySelector('[part="label"]')?.textContent === 'cool');
    // A file that is not an image is refused in words.
    const wrong = new DataTransfer();
    wrong.items.add(new File(['hello'], 'notes.txt', { type: 'text/plain' }));
    drop.dispatchEvent(new DragEvent('drop', { dataTransfer: wrong, bubbles: true, cancelable: true }));
    await until(() => root.querySelector('[role="alert"]')?.textContent === 'That is not an image');
    // The camera (Chromium's synthetic one): a live view, then a photo that is classified.
    const before = events.length;
    root.querySelector<HTMLButtonElement>('button[part="capture"]')!.click();
    await until(() => !!root.querySelector<HTMLVideoElement>('video.camera')?.videoWidth);
    root.querySelector<HTMLButtonElement>('button[part="capture"].primary')!.click();
    await until(() => events.length === before + 1);
    expect(events.at(-1)!.item!.type).toBe('image/png');
    expect(root.querySelector('video')).toBeNull();
    predictor.remove();
  });

  it('classifies a sound recorded with the microphone', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'tones', labels: ['low', 'high'] });
    const records = [];
    for (let i = 0; i < 6; i++) {
      records.push({ audio: (await renderedTone(250 + 20 * i, 0.3, AUDIO_RATE, 0.3 + 0.05 * i)).wav, label: 'low' });
      records.push({ audio: (await renderedTone(2500 + 50 * i, 0.3, AUDIO_RATE, 0.3 + 0.05 * i)).wav, label: 'high' });
    }
    await ws.datasets.addRecords(ds.id, records);
    const run = await ws.train({ datasetId: ds.id, backbone: audioModel });
    const predictor = mounted('sieve-predictor', { workspace: ws, runId: run.id });
    const root = predictor.shadowRoot!;
    await until(() => root.querySelector('[part="drop"]')?.getAttribute('aria-label') === 'Drop, paste or choose a sound to classify');
    root.querySelector<HTMLButtonElement>('button[part="capture"]')!.click();
    await until(() => root.querySelector('button[part="capture"]')?.textContent === 'Stop and classify');
    await new Promise((r) => setTimeout(r, 600));
    root.querySelector<HTMLButtonElement>('button[part="capture"]')!.click();
    await until(() => ['low', 'high'].includes(root.querySelector('[part="label"]')?.textContent ?? ''), 30_000);
    expect(root.querySelector('audio[part="preview"]')).not.toBeNull();
    predictor.remove();
  });
});
