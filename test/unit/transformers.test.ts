import { afterAll, describe, expect, it } from 'vitest';
import type { TransformersBackboneRef } from '../../src/backbones/backbone.js';
import { resolveBackboneRef } from '../../src/backbones/resolve.js';
import { TransformersBackbone } from '../../src/backbones/transformers-backbone.js';
import { TrainingError, ValidationError } from '../../src/index.js';
import { EMBEDDINGS, MODELS, TINY_MODEL_URL, WORDS } from '../fixtures/tiny-models.js';
import { ASSETS_URL, deleteWorkspaces, freshWorkspace, toyRecords } from './helpers.js';

afterAll(deleteWorkspaces);

const assets = new URL(ASSETS_URL, location.href).href;
const localModelPath = new URL(TINY_MODEL_URL, location.href).href;
const spec = (model: string, extra: Record<string, unknown> = {}) => ({ type: 'transformers', model, localModelPath, device: 'wasm', ...extra });

/** Mean of the words' embeddings (unknown words → [UNK]), L2-normalized: the expected pooled vector. */
function expectedMean(text: string, normalize = true): number[] {
  const ids = text.toLowerCase().split(/\s+/).map((w) => (WORDS.includes(w) ? WORDS.indexOf(w) + 2 : 1));
  const mean = EMBEDDINGS[0].map((_, d) => ids.reduce((sum, id) => sum + EMBEDDINGS[id][d], 0) / ids.length);
  const norm = Math.hypot(...mean);
  return normalize ? mean.map((v) => v / norm) : mean;
}

describe('Transformers.js backbone (tiny local model, no network)', () => {
  for (const device of ['wasm', 'webgpu'] as const) {
    it(`pools hidden states into the vectors computed by hand on ${device.toUpperCase()}`, async () => {
      const ref = resolveBackboneRef(spec(MODELS.tiny, { device })) as TransformersBackboneRef;
      const backbone = await TransformersBackbone.load(ref, assets);
      expect(backbone.device).toBe(device);
      expect(backbone.dims).toBe(4);
      const texts = ['the team won the match', 'Bake bread', 'unknown words here'];
      const features = await backbone.featurize(texts);
      texts.forEach((text, i) => {
        const got = Array.from(features.dense.subarray(i * 4, i * 4 + 4));
        expectedMean(text).forEach((v, d) => expect(got[d]).toBeCloseTo(v, 5));
      });
      backbone.dispose();
      const cls = await TransformersBackbone.load(resolveBackboneRef(spec(MODELS.tiny, { device, pooling: 'cls', normalize: false })) as TransformersBackboneRef, assets);
      const first = await cls.featurize(['match bread']);
      expect(Array.from(first.dense)).toEqual(EMBEDDINGS[WORDS.indexOf('match') + 2].map((v) => Math.fround(v)));
      cls.dispose();
    });
  }

  it('trains a run that records the backbone exactly, and its classifier rebuilds it', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'toy', labels: ['sports', 'cooking'] });
    await ws.datasets.addRecords(ds.id, toyRecords(20));
    const statuses = new Set<string>();
    const downloads: { file: string; loaded: number; total: number }[] = [];
    const run = await ws.train({
      datasetId: ds.id,
      backbone: spec(MODELS.tiny),
      params: { num_train_epochs: 20, learning_rate: 0.1 },
      onProgress: (p) => {
        statuses.add(p.status);
        if (p.status === 'download') downloads.push(p);
      },
    });
    const files = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'];
    for (const file of files) {
      const last = downloads.filter((d) => d.file === file).at(-1);
      expect(last?.loaded, file).toBeGreaterThan(0);
      expect(last?.loaded).toBe(last?.total);
    }
    expect(run.status).toBe('FINISHED');
    expect(run.params.backbone).toEqual({ type: 'transformers', model: MODELS.tiny, localModelPath, device: 'wasm', dtype: 'fp32', pooling: 'mean', normalize: true });
    expect(statuses).toContain('featurize');
    expect(run.metrics.accuracy).toBeGreaterThan(0.9);
    const clf = await ws.classifier(run.id);
    expect((await clf.predict('the striker won the match')).label).toBe('sports');
    expect((await clf.predict('bake the bread in the oven')).label).toBe('cooking');
    clf.dispose();
  });

  it('prepares training in the worker ahead of the first run, which then loads nothing', async () => {
    const backbone = spec(MODELS.tiny);
    const statusesOf = async (prepare: boolean) => {
      const ws = await freshWorkspace({ trainIn: 'worker' });
      const ds = await ws.datasets.create({ name: 'toy', labels: ['sports', 'cooking'] });
      await ws.datasets.addRecords(ds.id, toyRecords(20));
      if (prepare) await ws.prepare({ backbone });
      const statuses: string[] = [];
      const run = await ws.train({ datasetId: ds.id, backbone, params: { num_train_epochs: 5 }, onProgress: (p) => statuses.push(p.status) });
      expect(run.status).toBe('FINISHED');
      return statuses;
    };
    // A fresh worker's first run loads the model itself (and reports the files)...
    expect(await statusesOf(false)).toContain('download');
    // ...a prepared one has it loaded already.
    const prepared = await statusesOf(true);
    expect(prepared).toContain('featurize');
    expect(prepared).not.toContain('download');
    const ws = await freshWorkspace({ trainIn: 'worker' });
    await expect(ws.prepare({ backbone: { type: 'transformers' } })).rejects.toThrow(ValidationError);
    await expect(ws.prepare({ backbone: 'no-such-backbone' })).rejects.toThrow(/no-such-backbone/);
  });

  it('names what is wrong: unknown options, a missing file, a file that is not ONNX, an output that is not hidden states', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'toy', labels: ['sports', 'cooking'] });
    await ws.datasets.addRecords(ds.id, toyRecords(5));
    await expect(ws.train({ datasetId: ds.id, backbone: { type: 'transformers', model: '', pooling: 'max', colour: 'red' } })).rejects.toThrow(
      /backbone.model[\s\S]*backbone.pooling.*must be one of "mean", "cls"[\s\S]*backbone.colour.*unknown option/,
    );
    expect(await ws.runs.list()).toEqual([]);
    const failure = async (model: string) => {
      const error = await ws.train({ datasetId: ds.id, backbone: spec(model) }).catch((e) => e);
      expect(error).toBeInstanceOf(TrainingError);
      expect((await ws.runs.get(error.runId)).status).toBe('FAILED');
      return error.message as string;
    };
    expect(await failure(MODELS.missingTokenizer)).toMatch(/the folder has no tokenizer.json/);
    expect(await failure(MODELS.notOnnx)).toMatch(/onnx\/model.onnx is not a valid ONNX model/);
    expect(await failure(MODELS.flatOutput)).toMatch(/not a feature extractor: its output has shape \[1, 1\], expected a hidden-state tensor/);
    expect(() => resolveBackboneRef({ type: 'transformers' })).toThrow(ValidationError);
  });
});
