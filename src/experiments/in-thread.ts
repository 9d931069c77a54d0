// What a workspace needs to train on its own thread. The workspace imports this module only when
// it trains here (`trainIn: 'page'`, or inside the training worker), so a page that trains in the
// worker, or only predicts, never downloads TensorFlow.js.
export { trainRun } from './train-run.js';
export { useBackend } from '../training/backend.js';
export { warmUp } from '../training/warm-up.js';
export { tf } from '../training/tf.js';
