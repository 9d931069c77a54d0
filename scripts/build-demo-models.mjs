// Writes the media demo's two tiny models into public/models/sieve-demo/ (a few hundred bytes
// each): they show the whole flow offline, not what a real model sees.
// - colours: an image model whose features are each pixel's normalized red, green and blue, averaged
//   (it tells images apart by colour only);
// - pitch: an audio model whose features are the mean sample, the mean energy and the mean
//   squared step between samples (it tells sounds apart by loudness and pitch only).
// Run: node scripts/build-demo-models.mjs
import { join } from 'node:path';
import { writeTinyAudioModel, writeTinyImageModel } from './tiny-onnx-model.mjs';

const dir = join(import.meta.dirname, '..', 'public', 'models');
const identity = [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
];
writeTinyImageModel(dir, 'sieve-demo/colours', { weights: identity, size: 16 });
writeTinyAudioModel(dir, 'sieve-demo/pitch', { weights: identity, samplingRate: 16000 });
console.log(`wrote ${dir}/sieve-demo/colours and ${dir}/sieve-demo/pitch`);
