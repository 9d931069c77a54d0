import { tf } from './tf.js';

/** Name of the fused Adam kernel (registered for the WASM and CPU backends). */
const KERNEL = 'SieveAdamStep';

/** Adam's hyper-parameters for one step, in the form HeadTrainer keeps its moments (see its `adam`). */
export interface AdamStepAttrs {
  beta1: number;
  beta2: number;
  /** √u · scale + shift is the bias-corrected denominator. */
  scale: number;
  shift: number;
}

type Views = { param: Float32Array; m: Float32Array; v: Float32Array; grad: Float32Array; decay?: Float32Array; mask?: Float32Array };

/** One Adam step over flat arrays: g' = (grad + decay·param)·mask; m' = β1·m + g'; u' = β2·u + g'²; param' = param − m'/(√u'·scale + shift). */
function step(inputs: Views, outputs: { param: Float32Array; m: Float32Array; v: Float32Array }, attrs: AdamStepAttrs): void {
  const { param, m, v, grad, decay, mask } = inputs;
  const { beta1, beta2, scale, shift } = attrs;
  for (let i = 0; i < param.length; i++) {
    const decayed = decay ? grad[i] + decay[i] * param[i] : grad[i];
    const g = mask ? decayed * mask[i] : decayed;
    const mi = beta1 * m[i] + g;
    const vi = beta2 * v[i] + g * g;
    outputs.m[i] = mi;
    outputs.v[i] = vi;
    outputs.param[i] = param[i] - mi / (Math.sqrt(vi) * scale + shift);
  }
}

interface WasmBackendLike {
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
}

interface CpuBackendLike {
  data: { get(dataId: unknown): { values: Float32Array } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): tf.TensorInfo;
}

const names = ['param', 'm', 'v', 'grad', 'decay', 'mask'] as const;

tf.registerKernel({
  kernelName: KERNEL,
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs, backend }) => {
    const wasm = backend as unknown as WasmBackendLike;
    const shape = (inputs.param as tf.TensorInfo).shape;
    // Outputs first: allocating may grow the WASM heap, which would detach earlier views.
    const outputs = [wasm.makeOutput(shape, 'float32'), wasm.makeOutput(shape, 'float32'), wasm.makeOutput(shape, 'float32')];
    const views = Object.fromEntries(names.filter((n) => inputs[n]).map((n) => [n, wasm.typedArrayFromHeap(inputs[n] as tf.TensorInfo)])) as Views;
    const [param, m, v] = outputs.map((o) => wasm.typedArrayFromHeap(o));
    step(views, { param, m, v }, attrs as unknown as AdamStepAttrs);
    return outputs;
  },
});

tf.registerKernel({
  kernelName: KERNEL,
  backendName: 'cpu',
  kernelFunc: ({ inputs, attrs, backend }) => {
    const cpu = backend as unknown as CpuBackendLike;
    const views = Object.fromEntries(names.filter((n) => inputs[n]).map((n) => [n, cpu.data.get((inputs[n] as tf.TensorInfo).dataId).values])) as Views;
    const out = { param: new Float32Array(views.param.length), m: new Float32Array(views.param.length), v: new Float32Array(views.param.length) };
    step(views, out, attrs as unknown as AdamStepAttrs);
    const shape = (inputs.param as tf.TensorInfo).shape;
    return [cpu.makeTensorInfo(shape, 'float32', out.param), cpu.makeTensorInfo(shape, 'float32', out.m), cpu.makeTensorInfo(shape, 'float32', out.v)];
  },
});

/** Whether the current backend has the fused kernel (WASM and CPU; others use element-wise ops). */
export function hasFusedAdam(): boolean {
  const backend = tf.getBackend();
  return backend === 'wasm' || backend === 'cpu';
}

/** The fused step: new parameter, first and second moments, in one kernel. */
export function fusedAdam(
  param: tf.Tensor2D,
  m: tf.Tensor2D,
  v: tf.Tensor2D,
  grad: tf.Tensor2D,
  decay: tf.Tensor | undefined,
  mask: tf.Tensor | undefined,
  attrs: AdamStepAttrs,
): [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D] {
  const inputs: tf.NamedTensorMap = { param, m, v, grad, ...(decay ? { decay } : {}), ...(mask ? { mask } : {}) };
  return tf.engine().runKernel(KERNEL, inputs, attrs as unknown as tf.NamedAttrMap) as unknown as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
}
