import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeTinyAudioModel, writeTinyImageModel, writeTinyModel } from '../scripts/tiny-onnx-model.mjs';
import { AUDIO_RATE, AUDIO_WEIGHTS, EMBEDDINGS, IMAGE_SIZE, IMAGE_WEIGHTS, MODELS, WORDS } from './fixtures/tiny-models.js';

/** Builds the tiny model folders the browser tests load (nothing is downloaded). */
export default function setup(): void {
  const dir = join(import.meta.dirname, 'generated', 'models');
  rmSync(dir, { recursive: true, force: true });
  const spec = { words: WORDS, embeddings: EMBEDDINGS };
  writeTinyModel(dir, MODELS.tiny, spec);
  writeTinyModel(dir, MODELS.missingTokenizer, { ...spec, omit: ['tokenizer.json'] });
  writeTinyModel(dir, MODELS.notOnnx, { ...spec, onnxBytes: 'this is not an ONNX graph' });
  writeTinyModel(dir, MODELS.flatOutput, { ...spec, outputRank: 2 });
  writeTinyImageModel(dir, MODELS.image, { weights: IMAGE_WEIGHTS, size: IMAGE_SIZE });
  writeTinyImageModel(dir, MODELS.imageWithoutPreprocessor, { weights: IMAGE_WEIGHTS, omit: ['preprocessor_config.json'] });
  writeTinyAudioModel(dir, MODELS.audio, { weights: AUDIO_WEIGHTS, samplingRate: AUDIO_RATE });
}
