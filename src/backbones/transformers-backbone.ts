import { pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';
import { SieveError } from '../errors.js';
import { yieldToBrowser } from '../util/yield.js';
import { describeLoadError, prepareTransformers } from './transformers-env.js';
import type { Backbone, DownloadProgress, FeatureBatch, FeaturizeOptions, TransformersBackboneRef } from './backbone.js';

const BATCH = 16;

/** Files a Transformers.js model folder must hold. */
const REQUIRED_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'];

/**
 * A Transformers.js feature-extraction model as a frozen backbone: texts are tokenized, run
 * through the ONNX model (WebGPU or WASM) and pooled (mean over tokens, or the first token) into
 * one vector each.
 */
export class TransformersBackbone implements Backbone {
  readonly buckets = 0;

  private constructor(
    readonly ref: TransformersBackboneRef,
    /** The device the model runs on (`auto` resolved). */
    readonly device: 'webgpu' | 'wasm',
    readonly dims: number,
    private readonly extractor: FeatureExtractionPipeline,
  ) {}

  /**
   * Loads the model (from `localModelPath` with remote loading off, else from the Hub), checks
   * that its output is a hidden-state tensor, and learns its width.
   */
  static async load(ref: TransformersBackboneRef, base: string | undefined, onDownload?: (progress: DownloadProgress) => void): Promise<TransformersBackbone> {
    const { device, where } = await prepareTransformers(ref, base, REQUIRED_FILES);
    let extractor: FeatureExtractionPipeline;
    try {
      extractor = await pipeline('feature-extraction', ref.model, {
        device,
        dtype: ref.dtype,
        progress_callback: (p: { status: string; file?: string; loaded?: number; total?: number }) => {
          if (p.status === 'progress' && p.file) onDownload?.({ file: p.file, loaded: p.loaded ?? 0, total: p.total ?? 0 });
        },
      });
    } catch (error) {
      throw new SieveError(`Could not load the Transformers.js model ${JSON.stringify(ref.model)} from ${where}: ${describeLoadError(error, REQUIRED_FILES)}`, { cause: error });
    }
    const probe = await extractor(['sieve'], { pooling: 'none' });
    if (probe.dims.length !== 3 || probe.dims[2] < 1) {
      await extractor.dispose();
      throw new SieveError(
        `The model ${JSON.stringify(ref.model)} from ${where} is not a feature extractor: its output has shape [${probe.dims.join(', ')}], expected a hidden-state tensor [batch, tokens, hidden]`,
      );
    }
    return new TransformersBackbone(ref, device, probe.dims[2], extractor);
  }

  async featurize(texts: readonly string[], options: FeaturizeOptions = {}): Promise<FeatureBatch> {
    const dense = new Float32Array(texts.length * this.dims);
    for (let start = 0; start < texts.length; start += BATCH) {
      options.signal?.throwIfAborted();
      const batch = texts.slice(start, start + BATCH);
      const output = await this.extractor(batch as string[], { pooling: this.ref.pooling, normalize: this.ref.normalize });
      dense.set(output.data as Float32Array, start * this.dims);
      options.onProgress?.({ done: start + batch.length, total: texts.length });
      await yieldToBrowser(options.signal);
    }
    if (texts.length === 0) options.onProgress?.({ done: 0, total: 0 });
    return { count: texts.length, dims: this.dims, dense };
  }

  dispose(): void {
    void this.extractor.dispose();
  }
}
