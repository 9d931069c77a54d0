import { afterAll, describe, expect, it } from 'vitest';
import type { TransformersBackboneRef } from '../../src/backbones/backbone.js';
import { resolveBackboneRef } from '../../src/backbones/resolve.js';
import { TransformersMediaBackbone } from '../../src/backbones/transformers-media-backbone.js';
import { loadClassifier, openWorkspace, ValidationError } from '../../src/index.js';
import { sha256Hex } from '../../src/util/hash.js';
import { drawnImage, renderedTone } from '../fixtures/media.js';
import { AUDIO_RATE, AUDIO_WEIGHTS, IMAGE_WEIGHTS, MODELS, TINY_MODEL_URL } from '../fixtures/tiny-models.js';
import { ASSETS_URL, deleteWorkspaces, freshWorkspace } from './helpers.js';

afterAll(deleteWorkspaces);

const assets = new URL(ASSETS_URL, location.href).href;
const localModelPath = new URL(TINY_MODEL_URL, location.href).href;
const imageModel = { type: 'transformers', task: 'image-feature-extraction', model: MODELS.image, localModelPath, device: 'wasm' } as const;
const audioModel = { type: 'transformers', task: 'audio-feature-extraction', model: MODELS.audio, localModelPath, device: 'wasm' } as const;

/** row × weights (3 × dims). */
const project = (row: number[], weights: number[][]) => weights[0].map((_, d) => row.reduce((sum, v, k) => sum + v * weights[k][d], 0));

/** The audio model's pooled features of samples, by hand: mean over t ≥ 1 of [x_t, x_t², (x_t − x_{t−1})²], projected. */
function audioFeatures(x: Float32Array): number[] {
  const sums = [0, 0, 0];
  for (let t = 1; t < x.length; t++) {
    sums[0] += x[t];
    sums[1] += x[t] * x[t];
    sums[2] += (x[t] - x[t - 1]) ** 2;
  }
  return project(sums.map((s) => s / (x.length - 1)), AUDIO_WEIGHTS);
}

const hashOf = async (blob: Blob) => sha256Hex(new Uint8Array(await blob.arrayBuffer()));

describe('image and audio backbones (tiny local models, no network)', () => {
  for (const device of ['wasm', 'webgpu'] as const) {
    it(`pools an image's pixels into the vector computed by hand on ${device.toUpperCase()}`, async () => {
      const ref = resolveBackboneRef({ ...imageModel, device, normalize: false }) as TransformersBackboneRef;
      const backbone = await TransformersMediaBackbone.load(ref, assets);
      expect(backbone.dims).toBe(4);
      expect(backbone.device).toBe(device);
      const colours = [[255, 0, 0], [0, 128, 255], [40, 200, 90]];
      const images = await Promise.all(colours.map(([r, g, b]) => drawnImage(`rgb(${r}, ${g}, ${b})`, 20)));
      const features = await backbone.featurize(images);
      colours.forEach((rgb, i) => {
        // Rescaled to [0, 1], normalized with mean and std 0.5: every pixel the same, so the mean too.
        const expected = project(rgb.map((c) => (c / 255 - 0.5) / 0.5), IMAGE_WEIGHTS);
        expected.forEach((v, d) => expect(features.dense[i * 4 + d]).toBeCloseTo(v, 4));
      });
      backbone.dispose();
    });
  }

  it('reads an audio clip, or only its window, resampled by Web Audio, into the features computed by hand', async () => {
    const backbone = await TransformersMediaBackbone.load(resolveBackboneRef({ ...audioModel, normalize: false }) as TransformersBackboneRef, assets);
    expect(backbone.dims).toBe(3);
    const tone = await renderedTone(440, 1, AUDIO_RATE);
    const window = { start: 0.25, end: 0.5 };
    const features = await backbone.featurize([tone.wav, { audio: tone.wav, window }]);
    audioFeatures(tone.samples).forEach((v, d) => expect(features.dense[d]).toBeCloseTo(v, 4));
    audioFeatures(tone.samples.subarray(0.25 * AUDIO_RATE, 0.5 * AUDIO_RATE)).forEach((v, d) => expect(features.dense[3 + d]).toBeCloseTo(v, 4));
    // The same tone recorded at another rate is resampled to the model's 16 kHz first.
    const at44 = await renderedTone(440, 1, 44100);
    const resampled = await backbone.featurize([at44.wav]);
    audioFeatures(tone.samples).forEach((v, d) => expect(resampled.dense[d]).toBeCloseTo(v, 2));
    backbone.dispose();
  });

  it('names a model folder without its preprocessor config, and an image the browser cannot decode', async () => {
    await expect(TransformersMediaBackbone.load(resolveBackboneRef({ ...imageModel, model: MODELS.imageWithoutPreprocessor }) as TransformersBackboneRef, assets)).rejects.toThrow(
      /has no preprocessor_config\.json/,
    );
    const backbone = await TransformersMediaBackbone.load(resolveBackboneRef(imageModel) as TransformersBackboneRef, assets);
    const broken = new File([new Uint8Array([1, 2, 3, 4])], 'broken.png', { type: 'image/png' });
    await expect(backbone.featurize([broken])).rejects.toThrow(/The image "broken\.png" \(item 0, image\/png, 4 bytes\) could not be decoded/);
    backbone.dispose();
  });
});

describe('training on media', () => {
  it('trains on drawn images in the worker and predicts a new image; the cache keys images by their bytes', async () => {
    const ws = await freshWorkspace({ trainIn: 'worker' });
    const ds = await ws.datasets.create({ name: 'shapes', labels: ['warm', 'cool'] });
    const records = [];
    for (let i = 0; i < 16; i++) {
      const split = i >= 12 ? ('test' as const) : undefined;
      records.push({ image: await drawnImage(`rgb(${200 + (i % 5) * 10}, ${60 + i * 3}, 40)`, 24, { colour: '#222', seed: i }), label: 'warm', ...(split ? { split } : {}) });
      records.push({ image: await drawnImage(`rgb(30, ${90 + i * 4}, ${190 + (i % 6) * 10})`, 24, { colour: '#eee', seed: i + 3 }), label: 'cool', ...(split ? { split } : {}) });
    }
    await ws.datasets.addRecords(ds.id, records);
    const run = await ws.train({ datasetId: ds.id, backbone: imageModel });
    expect(run.status).toBe('FINISHED');
    expect(run.params.backbone).toMatchObject({ type: 'transformers', task: 'image-feature-extraction', model: MODELS.image });
    expect(run.metrics.test?.accuracy).toBeGreaterThanOrEqual(0.9);
    const clf = await ws.classifier(run.id);
    expect(clf.modality).toBe('image');
    expect((await clf.predict(await drawnImage('rgb(240, 90, 40)', 40))).label).toBe('warm');
    expect((await clf.predict(await drawnImage('rgb(20, 120, 230)', 40))).label).toBe('cool');
    await expect(clf.predict('a text')).rejects.toThrow(ValidationError);
    clf.dispose();
    // Same images again: the second run's features all come from the cache.
    const again = await ws.train({ datasetId: ds.id, backbone: imageModel });
    expect(again.datasetHash).toBe(run.datasetHash);
    expect(again.timing!.featurizeSeconds).toBeLessThan(run.timing!.featurizeSeconds);
  });

  it('trains on rendered tones in the worker (the page decodes the audio for it) and scores audio windows', async () => {
    const ws = await freshWorkspace({ trainIn: 'worker' });
    const ds = await ws.datasets.create({ name: 'tones', labels: ['low', 'high'] });
    const records = [];
    for (let i = 0; i < 10; i++) {
      const gain = 0.2 + 0.06 * i;
      records.push({ audio: (await renderedTone(250 + 10 * i, 0.3, AUDIO_RATE, gain)).wav, label: 'low', ...(i >= 8 ? { split: 'test' as const } : {}) });
      records.push({ audio: (await renderedTone(2400 + 40 * i, 0.3, AUDIO_RATE, gain)).wav, label: 'high', ...(i >= 8 ? { split: 'test' as const } : {}) });
    }
    await ws.datasets.addRecords(ds.id, records);
    const run = await ws.train({ datasetId: ds.id, backbone: audioModel });
    expect(run.status).toBe('FINISHED');
    expect(run.metrics.test?.accuracy).toBe(1);
    const clf = await ws.classifier(run.id);
    // One clip: a low tone, then a high one; each window is scored on its part only.
    const low = await renderedTone(300, 0.5, AUDIO_RATE, 0.5);
    const high = await renderedTone(2600, 0.5, AUDIO_RATE, 0.5);
    const both = new Float32Array([...low.samples, ...high.samples]);
    const { encodeWav } = await import('../../src/data/wav.js');
    const clip = encodeWav(both, AUDIO_RATE);
    const [first, second] = await clf.predictBatch([{ audio: clip, window: { start: 0, end: 0.5 } }, { audio: clip, window: { start: 0.5, end: 1 } }]);
    expect([first.label, second.label]).toEqual(['low', 'high']);
    clf.dispose();
  });
});

describe('precomputed vectors', () => {
  /** Two clusters in 5 dimensions. */
  const vectorRecords = (n: number) =>
    Array.from({ length: n }, (_, i) => {
      const label = i % 2 ? 'b' : 'a';
      const centre = label === 'a' ? [1, 0, 0.5, 0, 0] : [0, 1, -0.5, 0, 0];
      return { id: `v${i}`, vector: centre.map((c, d) => c + 0.15 * Math.sin(i * 7 + d * 3)), label };
    });

  it('refuses vectors of the wrong length, with NaN, or of another kind, naming each, and writes nothing', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'vectors', labels: ['a', 'b'] });
    await ws.datasets.addRecords(ds.id, vectorRecords(2));
    expect((await ws.datasets.get(ds.id)).vectorDims).toBe(5);
    const error = await ws.datasets
      .addRecords(ds.id, [{ vector: [1, 2, 3, 4, 5] }, { vector: [1, 2, 3] }, { vector: [1, NaN, 3, 4, 5] }, { vector: 'x' as never }, { image: new Blob(['hi'], { type: 'text/plain' }) }, {}])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const problems = (error as ValidationError).problems;
    expect(problems).toEqual([
      expect.objectContaining({ index: 1, field: 'vector', value: '3 values', reason: 'every vector of this dataset has 5 values' }),
      expect.objectContaining({ index: 2, field: 'vector[1]', value: 'NaN' }),
      expect.objectContaining({ index: 3, field: 'vector' }),
      expect.objectContaining({ index: 4, field: 'image', reason: 'image must be an image (its type is "text/plain")' }),
      expect.objectContaining({ index: 5, reason: expect.stringContaining('"text", "image", "audio" or "vector"') }),
    ]);
    expect(await ws.datasets.records(ds.id)).toHaveLength(2);
  });

  it('trains on the records\' vectors, predicts vectors, round-trips them through JSONL, and the model file runs without a workspace', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'vectors', labels: ['a', 'b'] });
    await ws.datasets.addRecords(ds.id, vectorRecords(40));
    const run = await ws.train({ datasetId: ds.id, backbone: 'precomputed' });
    expect(run.params.backbone).toEqual({ type: 'precomputed', dims: 5 });
    expect(run.metrics.accuracy).toBe(1);
    const clf = await ws.classifier(run.id);
    expect((await clf.predict([1, 0, 0.5, 0, 0])).label).toBe('a');
    expect((await clf.predict(new Float32Array([0, 1, -0.5, 0, 0]))).label).toBe('b');
    await expect(clf.predict([1, 2])).rejects.toThrow(/has 5 values, not 2/);
    const file = await ws.models.export(run.id);
    const offline = await loadClassifier(file);
    expect((await offline.predict([0, 1, -0.5, 0, 0])).scores.b).toBeCloseTo((await clf.predict([0, 1, -0.5, 0, 0])).scores.b, 6);
    clf.dispose();

    const jsonl = await ws.datasets.export(ds.id);
    const copy = await ws.datasets.create({ name: 'copy', labels: ['a', 'b'] });
    await ws.datasets.importFile(copy.id, jsonl, { format: 'jsonl' });
    const [original, copied] = [await ws.datasets.records(ds.id), await ws.datasets.records(copy.id)];
    expect(copied.map((r) => Array.from(r.vector!))).toEqual(original.map((r) => Array.from(r.vector!)));
    const csv = await ws.datasets.export(ds.id, { format: 'csv' });
    const fromCsv = await ws.datasets.create({ name: 'from csv', labels: ['a', 'b'] });
    await ws.datasets.importFile(fromCsv.id, csv, { format: 'csv' });
    expect((await ws.datasets.records(fromCsv.id)).map((r) => Array.from(r.vector!))).toEqual(original.map((r) => Array.from(r.vector!)));
  });

  it('keeps a URL to each vector\'s media beside it (image_url / audio_url columns), refusing one that is no URL', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'linked', labels: ['a', 'b'] });
    const jsonl = new File(['{"id":"x","vector":[1,0],"image_url":"https://example.org/birds/x.jpg","label":"a"}\n{"id":"y","vector":[0,1],"audio_url":"clips/y.wav"}\n'], 'linked.jsonl');
    await ws.datasets.importFile(ds.id, jsonl);
    const records = await ws.datasets.records(ds.id);
    expect(records.map((r) => [r.id, r.imageUrl, r.audioUrl])).toEqual([['x', 'https://example.org/birds/x.jpg', undefined], ['y', undefined, 'clips/y.wav']]);
    const again = await ws.datasets.create({ name: 'again', labels: ['a', 'b'] });
    await ws.datasets.importFile(again.id, await ws.datasets.export(ds.id, { format: 'csv' }), { format: 'csv' });
    expect((await ws.datasets.records(again.id)).map((r) => [r.imageUrl, r.audioUrl])).toEqual([['https://example.org/birds/x.jpg', undefined], [undefined, 'clips/y.wav']]);
    const error = await ws.datasets.addRecords(ds.id, [{ vector: [1, 1], imageUrl: 'javascript:alert(1)' }, { vector: [1, 1], audioUrl: 42 as never }]).catch((e: unknown) => e);
    expect((error as ValidationError).problems.map((p) => [p.index, p.field])).toEqual([[0, 'imageUrl'], [1, 'audioUrl']]);
  });

  it('refuses a backbone that reads what the records lack, before any run is stored', async () => {
    const ws = await freshWorkspace();
    const texts = await ws.datasets.create({ name: 'texts', labels: ['a', 'b'] });
    await ws.datasets.addRecords(texts.id, [{ text: 'one', label: 'a' }, { text: 'two', label: 'b' }]);
    await expect(ws.train({ datasetId: texts.id, backbone: 'precomputed' })).rejects.toThrow(/has none \(add records with a "vector"\)/);
    const error = await ws.train({ datasetId: texts.id, backbone: imageModel }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems[0]).toMatchObject({ field: 'image', reason: expect.stringContaining('has no image, and the backbone reads images') });
    expect(await ws.runs.list({ datasetId: texts.id })).toEqual([]);
  });
});

describe('media records in IndexedDB', () => {
  it('keep every byte of their images and audio across a reload', async () => {
    const name = `media-${crypto.randomUUID()}`;
    const ws = await freshWorkspace({ name });
    const ds = await ws.datasets.create({ name: 'media', labels: ['x', 'y'] });
    const image = await drawnImage('rgb(10, 20, 30)', 16, { colour: '#fff', seed: 4 });
    const { wav } = await renderedTone(880, 0.2, AUDIO_RATE);
    await ws.datasets.addRecords(ds.id, [
      { id: 'img', image, text: 'a caption', label: 'x' },
      { id: 'clip', audio: wav, window: { start: 0.05, end: 0.15, clip: 'tone.wav' }, label: 'y' },
    ]);
    ws.close();
    const reopened = await openWorkspace({ name, assetsUrl: ASSETS_URL, trainIn: 'page' });
    const [img, clip] = await reopened.datasets.records(ds.id);
    expect(await hashOf(img.image!)).toBe(await hashOf(image));
    expect(img.image!.type).toBe('image/png');
    expect(img.text).toBe('a caption');
    expect(await hashOf(clip.audio!)).toBe(await hashOf(wav));
    expect(clip.window).toEqual({ start: 0.05, end: 0.15, clip: 'tone.wav' });
    reopened.close();
  });
});

describe('folders of images and sounds', () => {
  /** A picked folder "photos/" with a subfolder per label, as `{ path, file }`. */
  async function photoFolder(perLabel: number) {
    const files = [];
    for (let i = 0; i < perLabel; i++) {
      files.push({ path: `photos/warm/w${i}.png`, file: new File([await drawnImage(`rgb(230, ${70 + i}, 40)`, 16, { colour: '#000', seed: i })], `w${i}.png`, { type: 'image/png' }) });
      files.push({ path: `photos/cool/c${i}.png`, file: new File([await drawnImage(`rgb(30, ${100 + i}, 220)`, 16, { colour: '#fff', seed: i })], `c${i}.png`, { type: 'image/png' }) });
    }
    files.push({ path: 'photos/unlabeled/u0.png', file: new File([await drawnImage('rgb(128, 128, 128)', 16)], 'u0.png', { type: 'image/png' }) });
    files.push({ path: 'photos/cool/.DS_Store', file: new File(['junk'], '.DS_Store') });
    return files;
  }

  it('imports a folder per label into a new dataset, and its ZIP export gives back every byte in the same layout', async () => {
    const ws = await freshWorkspace();
    const folder = await photoFolder(5);
    const phases = new Set<string>();
    const result = await ws.datasets.importFolder({ name: 'photos' }, folder, { onProgress: (p) => phases.add(p.phase) });
    expect(result.added).toBe(11);
    expect([...phases]).toEqual(['read', 'write']);
    const dataset = await ws.datasets.get(result.datasetId);
    expect(dataset.labels).toEqual(['cool', 'warm']);
    const records = await ws.datasets.records(dataset.id);
    expect(records.find((r) => r.id === 'warm/w3.png')).toMatchObject({ label: 'warm' });
    expect(records.find((r) => r.id === 'unlabeled/u0.png')?.label).toBeUndefined();

    const { unzipSync } = await import('fflate');
    const unzipped = unzipSync(new Uint8Array(await (await ws.datasets.exportZip(dataset.id)).arrayBuffer()));
    const original = new Map(await Promise.all(folder.filter((f) => !f.path.includes('.DS_Store')).map(async (f) => [f.path.replace('photos/', ''), await hashOf(f.file)] as const)));
    expect(Object.keys(unzipped).sort()).toEqual([...original.keys()].sort());
    for (const [path, bytes] of Object.entries(unzipped)) expect(await sha256Hex(bytes), path).toBe(original.get(path));
    // Read back: the same records, byte for byte.
    const again = await ws.datasets.importFolder({ name: 'again' }, Object.entries(unzipped).map(([path, bytes]) => ({ path, file: new Blob([bytes], { type: 'image/png' }) })));
    const copied = await ws.datasets.records(again.datasetId);
    expect(await Promise.all(copied.map((r) => hashOf(r.image!)))).toEqual(await Promise.all(records.map((r) => hashOf(r.image!))));
    expect(copied.map((r) => [r.id, r.label])).toEqual(records.map((r) => [r.id, r.label]));
  });

  it('cancels while checking the files, writing nothing', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'cancelled', labels: ['warm', 'cool'] });
    const files = [];
    for (let i = 0; i < 30; i++) files.push({ path: `${i % 2 ? 'warm' : 'cool'}/${i}.png`, file: await drawnImage(`rgb(${i * 8}, 90, 90)`, 16) });
    const abort = new AbortController();
    const error = await ws.datasets
      .importFolder(ds.id, files, { signal: abort.signal, onProgress: (p) => p.phase === 'read' && p.done >= 5 && abort.abort() })
      .catch((e: unknown) => e);
    expect((error as Error).name, (error as Error).message).toBe('AbortError');
    expect(await ws.datasets.records(ds.id)).toEqual([]);
  });

  it('cuts long clips into windows that cover each clip exactly, each a record that names its clip', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'birds', labels: ['wren', 'owl'] });
    const long = await renderedTone(3000, 12.5, AUDIO_RATE, 0.4);
    const short = await renderedTone(400, 3, AUDIO_RATE, 0.4);
    await ws.datasets.importFolder(ds.id, [
      { path: 'wren/dawn.wav', file: long.wav },
      { path: 'owl/night.wav', file: short.wav },
    ], { windowSeconds: 5, sampleRate: AUDIO_RATE });
    const records = await ws.datasets.records(ds.id);
    expect(records.map((r) => [r.id, r.label, { ...r.window, overview: undefined }])).toEqual([
      ['owl/night.wav#0', 'owl', { start: 0, end: 3, clip: 'owl/night.wav', clipSeconds: 3 }],
      ['wren/dawn.wav#0', 'wren', { start: 0, end: 5, clip: 'wren/dawn.wav', clipSeconds: 12.5 }],
      ['wren/dawn.wav#5', 'wren', { start: 5, end: 10, clip: 'wren/dawn.wav', clipSeconds: 12.5 }],
      ['wren/dawn.wav#10', 'wren', { start: 10, end: 12.5, clip: 'wren/dawn.wav', clipSeconds: 12.5 }],
    ]);
    // Each window carries its clip's overview: a steady tone of gain 0.4 peaks near ±0.4 everywhere.
    const overview = records[1].window!.overview!;
    expect(overview.length).toBe(480);
    expect(Math.max(...overview)).toBeCloseTo(0.4, 2);
    expect(Math.min(...overview)).toBeCloseTo(-0.4, 2);
    // The windows' samples, end to end, are the clip's (16-bit: within one step).
    const { decodeWithWebAudio } = await import('../../src/data/audio-decode.js');
    const pieces = await Promise.all(records.slice(1).map((r) => decodeWithWebAudio(r.audio!, AUDIO_RATE)));
    const joined = new Float32Array(pieces.reduce((n, p) => n + p.length, 0));
    pieces.reduce((at, p) => (joined.set(p, at), at + p.length), 0);
    expect(joined.length).toBe(long.samples.length);
    let worst = 0;
    for (let i = 0; i < joined.length; i++) worst = Math.max(worst, Math.abs(joined[i] - long.samples[i]));
    expect(worst).toBeLessThanOrEqual(1 / 32767);
  });

  it('refuses a folder with files at its top level, an empty folder, a file it cannot decode and a folder that is no label, writing nothing', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'strict', labels: ['warm', 'cool'] });
    const good = await drawnImage('red', 8);
    const error = await ws.datasets
      .importFolder(ds.id, [
        { path: 'root/warm/a.png', file: good },
        { path: 'root/loose.png', file: good },
        { path: 'root/cool/fake.png', file: new Blob(['not a png'], { type: 'image/png' }) },
        { path: 'root/hot/b.png', file: good },
        { path: 'root/cool/notes.txt', file: new Blob(['hello'], { type: 'text/plain' }) },
        { path: 'root/cool/bad.wav', file: new Blob(['RIFF nonsense'], { type: 'audio/wav' }) },
      ])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const problems = (error as ValidationError).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'file', value: 'loose.png', reason: expect.stringContaining('top level') }),
        expect.objectContaining({ field: 'image', value: 'cool/fake.png', reason: expect.stringContaining('not an image this browser can decode') }),
        expect.objectContaining({ field: 'label', value: 'hot', reason: expect.stringContaining('not a label of the dataset') }),
        expect.objectContaining({ field: 'file', value: 'cool/notes.txt', reason: expect.stringContaining('not an image or audio file') }),
        expect.objectContaining({ field: 'audio', value: 'cool/bad.wav', reason: expect.stringContaining('not audio this browser can decode') }),
      ]),
    );
    expect((error as Error).message).toMatch(/nothing was written/);
    expect(await ws.datasets.records(ds.id)).toEqual([]);
    await expect(ws.datasets.importFolder(ds.id, [])).rejects.toThrow(/holds no files/);
    // skip: the good file is written, the others reported.
    const skipped = await ws.datasets.importFolder(ds.id, [{ path: 'warm/a.png', file: good }, { path: 'cool/fake.png', file: new Blob(['x'], { type: 'image/png' }) }], { onInvalid: 'skip' });
    expect(skipped.added).toBe(1);
    expect(skipped.skipped).toEqual([expect.objectContaining({ value: 'cool/fake.png' })]);
  });
});

describe('vectors from a NumPy file', () => {
  /** A .npy file (format 1.0, C order) of `rows` as float64 or float32, written here from the format's description. */
  function npy(rows: number[][], descr: '<f8' | '<f4'): Blob {
    const header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${rows.length}, ${rows[0].length}), }`;
    const padded = header.padEnd(Math.ceil((header.length + 11) / 64) * 64 - 11, ' ') + '\n';
    const prefix = new Uint8Array([0x93, ...new TextEncoder().encode('NUMPY'), 1, 0, padded.length & 255, padded.length >> 8]);
    const values = descr === '<f8' ? new Float64Array(rows.flat()) : new Float32Array(rows.flat());
    return new File([prefix, new TextEncoder().encode(padded), values.buffer as ArrayBuffer], 'vectors.npy');
  }

  it('gives each row of a JSONL or CSV file its vector from a .npy file, and refuses a count or format that does not fit', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'embedded', labels: ['a', 'b'] });
    const rows = [[0.5, -1, 2], [1.25, 0, -0.75], [3, 3, 3]];
    const jsonl = new File(['{"id":"r1","label":"a"}\n\n{"id":"r2","label":"b"}\n{"id":"r3"}\n'], 'rows.jsonl');
    await ws.datasets.importFile(ds.id, jsonl, { vectors: npy(rows, '<f8') });
    expect((await ws.datasets.records(ds.id)).map((r) => [r.id, Array.from(r.vector!)])).toEqual(rows.map((v, i) => [`r${i + 1}`, v]));
    const csv = new File(['id,label\nc1,a\nc2,b\nc3,a\n'], 'rows.csv');
    await ws.datasets.importFile(ds.id, csv, { vectors: npy(rows, '<f4') });
    expect((await ws.datasets.records(ds.id)).slice(3).map((r) => Array.from(r.vector!))).toEqual(rows);
    const problemOf = async (vectors: Blob) => ((await ws.datasets.importFile(ds.id, new File(['{"id":"x1"}\n'], 'one.jsonl'), { vectors }).catch((e: ValidationError) => e)) as ValidationError).problems[0];
    expect(await problemOf(npy(rows, '<f4'))).toMatchObject({ field: 'vectors', value: 'vectors.npy', reason: 'it holds 3 vectors and the file 1 rows: one vector per row, in order' });
    expect(await problemOf(new File(['not numpy'], 'v.npy'))).toMatchObject({ field: 'vectors', value: 'v.npy', reason: expect.stringContaining('not a NumPy .npy file') });
    expect(await ws.datasets.records(ds.id)).toHaveLength(6);
  });
});
