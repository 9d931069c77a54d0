// sieve-classifier/predict: the inference-only runtime. Loads an exported model file and predicts
// with plain TypeScript (no TensorFlow.js, no IndexedDB, no DOM): in a page, a worker or Node 20.
export { loadClassifier, type LoadClassifierOptions } from './inference/load-classifier.js';
export { Classifier, type Prediction } from './inference/classifier.js';
export type { Explanation, Contribution } from './inference/explain.js';
export { MODEL_FILE_MAGIC, MODEL_FILE_VERSION, type ModelFileHeader } from './inference/model-file.js';
export { setBasePath, getBasePath } from './assets.js';
export { SieveError, ValidationError, type Problem } from './errors.js';
