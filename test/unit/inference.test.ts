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
    await expect(loadClassifier(new URL('/missing/model.sieve', location.href).href)).rejects.toThrow(/Could not load the model file from .*missing\/model.sieve: HTTP 404/);
  });

  it('refuses what it cannot use, by file and field, never scoring silently wrong', async () => {
    const { run, model } = await trained(SETUPS[0]);
    const bytes = new Uint8Array(await (await encodeModelFile({ id: run.id, status: 'FINISHED' } as never, model)).arrayBuffer());
    const newer = bytes.slice();
    new DataView(newer.buffer).setUint32(8, 99, true);
    await expect(loadClassifier(newer)).rejects.toThrow(/model file version 99 is not supported: this build reads version 1 \(update sieve-classifier/);
    await expect(loadClassifier(new TextEncoder().encode('<!doctype html>'))).rejects.toThrow(/not a Sieve model file/);

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
