// The inference runtime (plain TypeScript) against the training side's TensorFlow.js head, on
// several trained models; and the exported-file runtime against the workspace's classifier.
import { afterAll, describe, expect, it } from 'vitest';
import { loadBuiltinBackbone } from '../../src/backbones/builtin.js';
import type { BuiltinBackboneRef } from '../../src/backbones/backbone.js';
import { SieveError, ValidationError } from '../../src/errors.js';
import { Classifier } from '../../src/inference/classifier.js';
import { loadClassifier } from '../../src/inference/load-classifier.js';
import { decodeModelFile, encodeModelFile } from '../../src/inference/model-file.js';
import { probabilities } from '../../src/inference/scores.js';
import type { StoredModel } from '../../src/store/schema.js';
import { Head, type HeadConfig } from '../../src/training/head.js';
import { predictLogits } from '../../src/training/predict.js';
import { tf } from '../../src/training/tf.js';
import { ASSETS_URL, deleteWorkspaces, freshWorkspace, toyRecords } from './helpers.js';

afterAll(deleteWorkspaces);

const assets = new URL(ASSETS_URL, location.href).href;
const PROBES = ['the striker scored a late goal', 'simmer the garlic sauce', 'an unknown zebra word', '', 'the coach baked bread in the stadium oven'];

const SETUPS = [
  { name: 'sieve-text, linear, single-label', backbone: 'sieve-text', head: { type: 'linear' }, multiLabel: false },
  { name: 'sieve-text, MLP, single-label, three classes', backbone: 'sieve-text', head: { type: 'mlp', hidden_units: 16 }, multiLabel: false, third: true },
  { name: 'glove-100d, MLP, uncalibrated', backbone: 'glove-100d', head: { type: 'mlp', hidden_units: 8 }, multiLabel: false, calibration: 'none' },
  { name: 'hashed-ngrams, linear', backbone: 'hashed-ngrams', head: { type: 'linear' }, multiLabel: false },
  { name: 'sieve-text, linear, multi-label', backbone: 'sieve-text', head: { type: 'linear' }, multiLabel: true },
  { name: 'glove-100d, MLP, multi-label', backbone: 'glove-100d', head: { type: 'mlp', hidden_units: 8 }, multiLabel: true },
] as const;

/** A trained run of `setup`, its stored model (from the exported file) and the file. */
async function trained(setup: (typeof SETUPS)[number]) {
  const ws = await freshWorkspace();
  const labels = 'third' in setup ? ['sports', 'cooking', 'music'] : ['sports', 'cooking'];
  const ds = await ws.datasets.create({ name: setup.name, labels, multiLabel: setup.multiLabel });
  const records = toyRecords(8).map((r, i) => (setup.multiLabel ? { text: r.text, labels: i % 5 === 0 ? ['sports', 'cooking'] : [r.label] } : r));
  if ('third' in setup) records.push(...['the band played a song', 'a guitar solo and drums', 'the choir sang loudly', 'the piano concert'].flatMap((text) => [{ text, label: 'music' }, { text: `${text} tonight`, label: 'music' }]));
  await ws.datasets.addRecords(ds.id, records);
  const run = await ws.train({ datasetId: ds.id, backbone: setup.backbone, params: { head: setup.head, num_train_epochs: 5, ...('calibration' in setup ? { calibration: setup.calibration } : {}) } });
  const file = await ws.models.export(run.id);
  const { header, weights } = await decodeModelFile(file);
  return { ws, run, file, model: { ...header.model, runId: run.id, weights } as StoredModel };
}

describe('predictBatch', () => {
  it('scores alike when calls overlap: each batch\'s lent feature arrays are released once read, never shared', async () => {
    const { file } = await trained(SETUPS[0]);
    const clf = await loadClassifier(file, { assetsUrl: ASSETS_URL });
    const texts = Array.from({ length: 30 }, (_, i) => `the striker scored goal ${i} in the stadium`);
    const others = Array.from({ length: 30 }, (_, i) => `simmer the sauce, then bake the bread ${i}`);
    const [a, b] = [await clf.predictBatch(texts), await clf.predictBatch(others)];
    const [c, d, e] = await Promise.all([clf.predictBatch(texts), clf.predictBatch(others), clf.predictBatch(texts)]);
    expect(c).toEqual(a);
    expect(d).toEqual(b);
    expect(e).toEqual(a);
  });
});

/** A safetensors file read with nothing of Sieve's code (the layout as its specification gives it): its JSON and its data section. */
function readSafetensors(bytes: Uint8Array) {
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  const json = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length)));
  return { length, json, data: bytes.subarray(8 + length) };
}

/** A safetensors file from its JSON and data section. */
function writeSafetensors(json: object, data: Uint8Array): Uint8Array {
  const header = new TextEncoder().encode(JSON.stringify(json));
  const out = new Uint8Array(8 + header.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(header.length), true);
  out.set(header, 8);
  out.set(data, 8 + header.length);
  return out;
}

/** A model file in the version 1 layout (magic, u32 version, SHA-256 hex, u32 header length, header, weights), written as that version did. */
async function version1File(run: object, model: StoredModel): Promise<Uint8Array> {
  const { weights, ...rest } = model;
  const header = new TextEncoder().encode(JSON.stringify({ format: 1, run, model: rest }));
  const body = new Uint8Array(4 + header.length + weights.byteLength);
  new DataView(body.buffer).setUint32(0, header.length, true);
  body.set(header, 4);
  body.set(new Uint8Array(weights), 4 + header.length);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', body));
  const prefix = new Uint8Array(76);
  prefix.set(new TextEncoder().encode('SIEVEMDL'), 0);
  new DataView(prefix.buffer).setUint32(8, 1, true);
  prefix.set(new TextEncoder().encode([...digest].map((b) => b.toString(16).padStart(2, '0')).join('')), 12);
  const out = new Uint8Array(prefix.length + body.length);
  out.set(prefix, 0);
  out.set(body, prefix.length);
  return out;
}

describe('the model file', () => {
  it('is a safetensors file: any reader finds every weight by name, with its shape and values, and the run in the metadata', async () => {
    const { run, file, model } = await trained(SETUPS[1]);
    const { length, json, data } = readSafetensors(new Uint8Array(await file.arrayBuffer()));
    expect(length % 8).toBe(0);
    expect(json.__metadata__).toMatchObject({ format: 'SIEVEMDL', version: '2' });
    expect(Object.values(json.__metadata__).every((v) => typeof v === 'string')).toBe(true);
    expect(JSON.parse(json.__metadata__.header).run.id).toBe(run.id);
    // Every tensor: F32, its shape, its bytes; together they cover the data section with no gap or overlap.
    const tensors = Object.entries(json).filter(([name]) => name !== '__metadata__') as [string, { dtype: string; shape: number[]; data_offsets: [number, number] }][];
    expect(tensors.map(([name]) => name).sort()).toEqual(model.weightSpecs.map((s) => s.name).sort());
    const spans = tensors.map(([, t]) => t.data_offsets).sort((a, b) => a[0] - b[0]);
    expect(spans[0][0]).toBe(0);
    for (let i = 1; i < spans.length; i++) expect(spans[i][0]).toBe(spans[i - 1][1]);
    expect(spans.at(-1)![1]).toBe(data.length);
    let at = 0;
    for (const spec of model.weightSpecs) {
      const size = spec.shape.reduce((a, b) => a * b, 1);
      const tensor = json[spec.name];
      expect(tensor.dtype).toBe('F32');
      expect(tensor.shape).toEqual(spec.shape);
      const values = new Float32Array(data.slice(tensor.data_offsets[0], tensor.data_offsets[1]).buffer);
      expect(values).toEqual(new Float32Array(model.weights, at * 4, size));
      at += size;
    }
  });

  it('round-trips, refuses a changed byte, and still reads version 1 files', async () => {
    const { run, file, model } = await trained(SETUPS[0]);
    const bytes = new Uint8Array(await file.arrayBuffer());
    const decoded = await decodeModelFile(bytes);
    expect(decoded.header.run.id).toBe(run.id);
    expect(new Float32Array(decoded.weights)).toEqual(new Float32Array(model.weights));
    const changed = bytes.slice();
    changed[changed.length - 5] ^= 1;
    await expect(decodeModelFile(changed)).rejects.toThrow(/checksum mismatch/);
    const old = await loadClassifier(await version1File({ ...decoded.header.run }, model), { assetsUrl: ASSETS_URL });
    const current = await loadClassifier(file, { assetsUrl: ASSETS_URL });
    for (const text of PROBES) expect((await old.predict(text)).scores).toEqual((await current.predict(text)).scores);
  });
});

describe('explanations', () => {
  const TEXTS = ['the striker scored a late goal in the match', 'Simmer the GARLIC sauce, then bake the bread!', 'İstanbul: the team won 3.5 to 1 😀', '', 'the the the goal goal'];

  for (const setup of SETUPS.filter((s) => s.head.type === 'linear')) {
    it(`split the logit exactly on ${setup.name}: bias plus every contribution is the logit`, async () => {
      const { ws, run } = await trained(setup);
      const clf = await ws.classifier(run.id);
      for (const text of TEXTS) {
        for (const label of [undefined, ...clf.labelNames]) {
          const e = await clf.explain(text, { label });
          const p = await clf.predict(text);
          expect(e.method).toBe('exact');
          expect(e.label).toBe(label ?? p.label);
          const all = Object.values(p.logits);
          expect(e.logit).toBeCloseTo(setup.multiLabel ? p.logits[e.label] : p.logits[e.label] - all.reduce((a, b) => a + b, 0) / all.length, 5);
          expect(Math.abs(e.bias + e.contributions.reduce((a, c) => a + c.weight, 0) - e.logit)).toBeLessThan(1e-5);
          for (const c of e.contributions) expect(text.slice(c.start, c.end)).toBe(c.text);
        }
      }
      // Word pairs are entries of their own (where the backbone has them), spanning their two tokens.
      const pairs = (await clf.explain('late goal')).contributions.filter((c) => c.text === 'late goal');
      expect(pairs.length).toBe(setup.backbone === 'hashed-ngrams' || setup.backbone === 'sieve-text' ? 1 : 0);
      clf.dispose();
    });
  }

  it('explain other heads by occlusion, each weight the logit lost without that token; refuse a label the model lacks', async () => {
    const { ws, run } = await trained(SETUPS[1]);
    const clf = await ws.classifier(run.id);
    const text = 'the striker scored, then baked bread';
    const e = await clf.explain(text, { label: 'cooking' });
    expect(e.method).toBe('occlusion');
    const baked = e.contributions.find((c) => c.text === 'baked')!;
    const without = await clf.predict(text.slice(0, baked.start) + '     ' + text.slice(baked.end));
    const centred = (logits: Record<string, number>) => logits.cooking - Object.values(logits).reduce((a, b) => a + b, 0) / 3;
    expect(baked.weight).toBeCloseTo(e.logit - centred(without.logits), 5);
    await expect(clf.explain(text, { label: 'weather' })).rejects.toThrow(/label.*not a label of this model \(labels: sports, cooking, music\)/);
    // A label given in place of the options, which would otherwise be ignored.
    await expect(clf.explain(text, 'cooking' as never)).rejects.toThrow(/^explain: field "options": options must be an object of options/);
    clf.dispose();
  });
});

describe('the inference runtime', () => {
  for (const setup of SETUPS) {
    it(`scores as the TensorFlow.js head does: ${setup.name}`, async () => {
      const { ws, run, file, model } = await trained(setup);
      const backbone = await loadBuiltinBackbone(model.backbone as unknown as BuiltinBackboneRef, assets);
      const features = await backbone.featurize(PROBES);
      // The training side's head (TensorFlow.js) with the stored weights.
      const head = Head.create(model.head as unknown as HeadConfig, 0);
      let offset = 0;
      for (const spec of model.weightSpecs) {
        const size = spec.shape.reduce((a, b) => a * b, 1);
        head.variables.get(spec.name)!.assign(tf.tensor(new Float32Array(model.weights, offset, size), spec.shape));
        offset += size * 4;
      }
      const classes = head.config.classes;
      const logits = await predictLogits(head, features, PROBES.map((_, i) => i));
      head.dispose();
      const reference = probabilities(logits, classes, model.multiLabel, model.temperature ?? 1);
      // A strong temperature too (the toy runs calibrate close to 1).
      const hot = Classifier.fromModel({ ...model, temperature: 2.5 }, backbone);
      const hotReference = probabilities(logits, classes, model.multiLabel, 2.5);
      (await hot.predictBatch(PROBES)).forEach((p, i) => hot.labelNames.forEach((label, c) => expect(Math.abs(p.scores[label] - hotReference[i * classes + c])).toBeLessThan(1e-5)));

      const fromWorkspace = await ws.classifier(run.id);
      const fromFile = await loadClassifier(file, { assetsUrl: ASSETS_URL });
      for (const clf of [fromWorkspace, fromFile]) {
        const predictions = await clf.predictBatch(PROBES);
        predictions.forEach((p, i) => {
          clf.labelNames.forEach((label, c) => expect(Math.abs(p.scores[label] - reference[i * classes + c])).toBeLessThan(1e-5));
          if (setup.multiLabel) expect(p.labels).toEqual(clf.labelNames.filter((label, c) => p.scores[label] >= clf.thresholds[c]));
        });
      }
      expect(await fromFile.predictBatch(PROBES)).toEqual(await fromWorkspace.predictBatch(PROBES));
    });
  }

  it('loads a model file from a URL', async () => {
    const { run, file } = await trained(SETUPS[0]);
    const url = URL.createObjectURL(file);
    const clf = await loadClassifier(url, { assetsUrl: ASSETS_URL });
    expect(clf.runId).toBe(run.id);
    expect((await clf.predict('the team won the match')).label).toBe('sports');
    // A wrong item, refused as the call's that was made.
    await expect(clf.predict(42 as never)).rejects.toThrow(/^predict: record 0, field "text": text must be a string \(got 42\)/);
    await expect(clf.predictBatch(['ok', 42 as never])).rejects.toThrow(/^predictBatch: record 1, field "text"/);
    await expect(loadClassifier(new URL('/missing/model.sieve', location.href).href)).rejects.toThrow(/Could not load the model file from .*missing\/model.sieve: HTTP 404/);
  });

  it('refuses what it cannot use, by file and field, never scoring silently wrong', async () => {
    const { run, model } = await trained(SETUPS[0]);
    const file = readSafetensors(new Uint8Array(await (await encodeModelFile({ id: run.id, status: 'FINISHED' } as never, model)).arrayBuffer()));
    const newer = writeSafetensors({ ...file.json, __metadata__: { ...file.json.__metadata__, version: '99' } }, file.data);
    await expect(loadClassifier(newer)).rejects.toThrow(/model file version 99 is not supported: this build reads versions 1 to 2 \(update sieve-classifier/);
    const foreign = writeSafetensors({ 'dense/kernel': file.json['dense/kernel'] }, file.data);
    await expect(loadClassifier(foreign)).rejects.toThrow(/not a Sieve model file \(neither SIEVEMDL nor safetensors with Sieve's metadata/);
    await expect(loadClassifier(new TextEncoder().encode('<!doctype html>'))).rejects.toThrow(/not a Sieve model file/);
    // Arguments of the wrong kind, refused before anything is read, each by its field.
    for (const source of [42, null, undefined, {}, '']) {
      await expect(loadClassifier(source as never)).rejects.toThrow(/^loadClassifier: field "source": the model file: a Blob or File, its bytes, or its URL/);
    }
    await expect(loadClassifier('never-fetched.sieve', { assetsUrl: 5 as never })).rejects.toThrow(/^loadClassifier: field "assetsUrl": the URL of a folder/);
    await expect(loadClassifier('never-fetched.sieve', { assetsUrl: '' })).rejects.toThrow(/^loadClassifier: field "assetsUrl"/);
    await expect(loadClassifier('never-fetched.sieve', 'fast' as never)).rejects.toThrow(/^loadClassifier: field "options": options must be an object/);

    const backbone = await loadBuiltinBackbone(model.backbone as unknown as BuiltinBackboneRef, assets);
    const shape = (name: string, to: number[]) => ({ ...model, weightSpecs: model.weightSpecs.map((s) => (s.name === name ? { ...s, shape: to } : s)) });
    expect(() => Classifier.fromModel(shape('dense/kernel', [50, 4]), backbone)).toThrow(ValidationError);
    expect(() => Classifier.fromModel(shape('dense/kernel', [50, 4]), backbone)).toThrow(/weightSpecs.dense\/kernel.*shape must be \[100, 2\]/);
    expect(() => Classifier.fromModel({ ...model, weights: model.weights.slice(0, 64) }, backbone)).toThrow(/truncated/);
    expect(() => Classifier.fromModel({ ...model, id2label: { 0: 'sports' } }, backbone)).toThrow(/id2label/);
    expect(() => Classifier.fromModel({ ...model, head: { ...model.head, type: 'forest' } }, backbone)).toThrow(/head.type/);
    const glove = await loadBuiltinBackbone({ type: 'builtin', id: 'glove-100d', version: '1' }, assets);
    expect(() => Classifier.fromModel(model, glove)).toThrow(/head.buckets.*the backbone gives 0 sparse buckets/);
  });

  it('refuses a model on a Transformers.js backbone, saying how to use it', async () => {
    const { run, model } = await trained(SETUPS[3]);
    const file = await encodeModelFile({ id: run.id, status: 'FINISHED' } as never, { ...model, backbone: { type: 'transformers', model: 'Xenova/all-MiniLM-L6-v2', device: 'auto', dtype: 'fp32', pooling: 'mean', normalize: true } });
    const error = await loadClassifier(file).catch((e) => e);
    expect(error).toBeInstanceOf(SieveError);
    expect(error.message).toMatch(/Transformers.js model "Xenova\/all-MiniLM-L6-v2".*ws.models.import\(file\).*ws.classifier\(runId\)/);
  });
});
