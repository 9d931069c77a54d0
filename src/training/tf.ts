// The one place that imports TensorFlow.js and registers the extra backends Sieve uses.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import '@tensorflow/tfjs-backend-wasm';

export { tf };
export { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
