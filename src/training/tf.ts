// The one place that imports TensorFlow.js: its core and the four backends `auto` may choose
// (no layers, converter or data API: Sieve's heads are its own).
import * as tf from '@tensorflow/tfjs-core';
// Tensor methods (x.add(y)), which the full @tensorflow/tfjs bundle registers.
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import '@tensorflow/tfjs-backend-wasm';

export { tf };
export { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
