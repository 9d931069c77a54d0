import { AutoModel, AutoProcessor, RawImage, type PreTrainedModel, type Processor, type Tensor } from '@huggingface/transformers';
import { SieveError } from '../errors.js';
import { yieldToBrowser } from '../util/yield.js';
import { decodeAudio } from '../data/audio-decode.js';
import type { AudioInput, Backbone, BackboneInput, DownloadProgress, FeatureBatch, FeaturizeOptions, TransformersBackboneRef } from './backbone.js';
import { describeLoadError, prepareTransformers } from './transformers-env.js';

/** Files an image or audio model folder must hold (the preprocessor config describes resizing, normalizing, sampling rate). */
const REQUIRED_FILES = ['config.json', 'preprocessor_config.json', 'onnx/model.onnx'];
/** Images run through the model this many at a time (audio clips one by one: their lengths differ). */
const IMAGE_BATCH = 8;

/**
 * An image or audio model of Transformers.js as a frozen backbone: its own preprocessing (the
 * image processor: resize, rescale, normalize; the feature extractor for audio, after Web Audio
 * decodes and resamples the clip to its sampling rate), the ONNX model on WebGPU or WASM, then
 * pooling of the hidden states (mean over tokens or frames, or the first) into one vector per item.
 * Models whose output is one vector per item (image or audio embeddings) are used as they are.
 */
export class TransformersMediaBackbone implements Backbone {
  readonly buckets = 0;

  private constructor(
    readonly ref: TransformersBackboneRef,
    /** The device the model runs on (`auto` resolved). */
    readonly device: 'webgpu' | 'wasm',
    readonly dims: number,
    private readonly processor: Processor,
    private readonly model: PreTrainedModel,
  ) {}

  /** Loads the processor and model, runs them once on a blank item, and learns the feature width. */
  static async load(ref: TransformersBackboneRef, base: string | undefined, onDownload?: (progress: DownloadProgress) => void): Promise<TransformersMediaBackbone> {
    const { device, where } = await prepareTransformers(ref, base, REQUIRED_FILES);
    const progress_callback = (p: { status: string; file?: string; loaded?: number; total?: number }) => {
      if (p.status === 'progress' && p.file) onDownload?.({ file: p.file, loaded: p.loaded ?? 0, total: p.total ?? 0 });
    };
    let processor: Processor;
    let model: PreTrainedModel;
    try {
      processor = await AutoProcessor.from_pretrained(ref.model, { progress_callback });
      model = await AutoModel.from_pretrained(ref.model, { device, dtype: ref.dtype, progress_callback });
    } catch (error) {
      throw new SieveError(`Could not load the Transformers.js model ${JSON.stringify(ref.model)} from ${where}: ${describeLoadError(error, REQUIRED_FILES)}`, { cause: error });
    }
    const backbone = new TransformersMediaBackbone(ref, device, 0, processor, model);
    const probe = ref.task === 'image-feature-extraction' ? await backbone.run(blankImage()) : await backbone.run(new Float32Array(backbone.sampleRate()));
    if (!((probe.dims.length === 3 || probe.dims.length === 2) && probe.dims.at(-1)! >= 1)) {
      await model.dispose();
      throw new SieveError(`The model ${JSON.stringify(ref.model)} from ${where} is not a feature extractor: its output has shape [${probe.dims.join(', ')}], expected [batch, tokens, hidden] or [batch, hidden]`);
    }
    return new TransformersMediaBackbone(ref, device, probe.dims.at(-1)!, processor, model);
  }

  async featurize(inputs: readonly BackboneInput[], options: FeaturizeOptions = {}): Promise<FeatureBatch> {
    const dense = new Float32Array(inputs.length * this.dims);
    const image = this.ref.task === 'image-feature-extraction';
    const step = image ? IMAGE_BATCH : 1;
    for (let start = 0; start < inputs.length; start += step) {
      options.signal?.throwIfAborted();
      const batch = inputs.slice(start, start + step);
      const output = image ? await this.run(await Promise.all(batch.map((input, i) => readImage(input, start + i)))) : await this.run(await audioSamples(audioOf(batch[0], start), this.sampleRate()));
      dense.set(this.pool(output), start * this.dims);
      options.onProgress?.({ done: start + batch.length, total: inputs.length });
      await yieldToBrowser(options.signal);
    }
    if (inputs.length === 0) options.onProgress?.({ done: 0, total: 0 });
    return { count: inputs.length, dims: this.dims, dense };
  }

  dispose(): void {
    void this.model.dispose();
  }

  /** The sampling rate the audio feature extractor expects (16 kHz when it does not say). */
  private sampleRate(): number {
    return (this.processor.feature_extractor?.config as { sampling_rate?: number } | undefined)?.sampling_rate ?? 16000;
  }

  /** The model's features for preprocessed images or one clip's samples: the first of its known outputs. */
  private async run(items: RawImage[] | Float32Array): Promise<Tensor> {
    const inputs = await this.processor(items);
    const outputs = (await this.model(inputs)) as Record<string, Tensor>;
    const output = outputs.last_hidden_state ?? outputs.image_embeds ?? outputs.audio_embeds ?? outputs.pooler_output ?? Object.values(outputs)[0];
    return output;
  }

  /** One vector per item: hidden states pooled (mean, or the first token), L2-normalized when asked. */
  private pool(output: Tensor): Float32Array {
    const data = output.data as Float32Array;
    const dims = this.dims;
    const [count, tokens] = output.dims.length === 3 ? [output.dims[0], output.dims[1]] : [output.dims[0], 1];
    const out = new Float32Array(count * dims);
    for (let i = 0; i < count; i++) {
      const row = out.subarray(i * dims, (i + 1) * dims);
      const used = this.ref.pooling === 'cls' ? 1 : tokens;
      for (let t = 0; t < used; t++) for (let d = 0; d < dims; d++) row[d] += data[(i * tokens + t) * dims + d] / used;
      if (this.ref.normalize) {
        const norm = Math.hypot(...row) || 1;
        for (let d = 0; d < dims; d++) row[d] /= norm;
      }
    }
    return out;
  }
}

/** A grey 32×32 image: the probe that learns an image model's output shape. */
function blankImage(): RawImage[] {
  return [new RawImage(new Uint8ClampedArray(32 * 32 * 3).fill(128), 32, 32, 3)];
}

/** Item `index` as an image, or a SieveError naming it and why it could not be read. */
async function readImage(input: BackboneInput, index: number): Promise<RawImage> {
  if (!(input instanceof Blob)) throw new SieveError(`Item ${index} is not an image (a Blob); this backbone reads images`);
  try {
    return (await RawImage.read(input)).rgb();
  } catch (error) {
    const name = (input as File).name;
    throw new SieveError(`The image ${name ? `${JSON.stringify(name)} ` : ''}(item ${index}, ${input.type || 'no type'}, ${input.size} bytes) could not be decoded: ${(error as Error)?.message ?? error}`, { cause: error });
  }
}

/** A clip (or the window of it an input names) as mono samples at `sampleRate`. */
async function audioSamples(input: AudioInput, sampleRate: number): Promise<Float32Array> {
  const samples = await decodeAudio(input.audio, sampleRate);
  if (!input.window) return samples;
  const start = Math.min(samples.length, Math.round(input.window.start * sampleRate));
  const end = Math.min(samples.length, Math.round(input.window.end * sampleRate));
  return samples.subarray(start, Math.max(start, end));
}

/** Item `index` as an audio clip, or a SieveError. */
function audioOf(input: BackboneInput, index: number): AudioInput {
  if (input instanceof Blob) return { audio: input };
  if (typeof input === 'object' && input !== null && 'audio' in input && input.audio instanceof Blob) return input;
  throw new SieveError(`Item ${index} is not audio (a Blob or { audio, window }); this backbone reads audio`);
}
