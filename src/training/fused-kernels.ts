import { tf } from './tf.js';

// Fused kernels of the training step, registered for the WASM and CPU backends (JS loops over the
// tensors' memory): each replaces several small element-wise kernels whose dispatch, not their
// arithmetic, dominates a small head's step. Other backends use element-wise ops.

/** Name of the fused Adam kernel. */
const KERNEL = 'SieveAdamStep';
/** Gradient of the loss with respect to the logits: softmax or sigmoid, minus targets, times weights. */
const OUTPUT_GRAD = 'SieveOutputGrad';
/** Gradient with respect to the hidden layer: (grad · W₂ᵀ) ⊙ gate. */
const HIDDEN_GRAD = 'SieveHiddenGrad';
/** The n-gram bag: Σ values · table rows, per batch row. */
const SPARSE_BAG = 'SieveSparseBag';
/** Lazy Adam on the table rows a batch touched, in place. */
const SPARSE_ADAM = 'SieveSparseAdam';

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

type Arrays = Record<string, Float32Array | Int32Array>;

/**
 * Registers a kernel for WASM and CPU: `compute(inputs, outputs, shapes, attrs)` reads the inputs'
 * values and fills the outputs (shapes from `outShapes(inputs)`; none for a kernel that writes its
 * inputs in place, which then returns a one-element placeholder to dispose).
 */
function registerFused(
  name: string,
  outShapes: (inputs: Record<string, tf.TensorInfo>) => number[][],
  compute: (inputs: Arrays, outputs: Float32Array[], shapes: Record<string, number[]>, attrs: Record<string, unknown>) => void,
): void {
  const shapesOf = (infos: Record<string, tf.TensorInfo>) => Object.fromEntries(Object.entries(infos).map(([k, v]) => [k, v.shape]));
  const result = (outputs: tf.TensorInfo[]) => (outputs.length === 1 ? outputs[0] : outputs);
  tf.registerKernel({
    kernelName: name,
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs, backend }) => {
      const wasm = backend as unknown as WasmBackendLike;
      const infos = inputs as unknown as Record<string, tf.TensorInfo>;
      const shapes = outShapes(infos);
      // Outputs first: allocating may grow the WASM heap, which would detach earlier views.
      const outputs = (shapes.length ? shapes : [[1]]).map((shape) => wasm.makeOutput(shape, 'float32'));
      const views = Object.fromEntries(Object.entries(infos).map(([k, v]) => [k, wasm.typedArrayFromHeap(v)]));
      compute(views, shapes.length ? outputs.map((o) => wasm.typedArrayFromHeap(o)) : [], shapesOf(infos), attrs as Record<string, unknown>);
      return result(outputs);
    },
  });
  tf.registerKernel({
    kernelName: name,
    backendName: 'cpu',
    kernelFunc: ({ inputs, attrs, backend }) => {
      const cpu = backend as unknown as CpuBackendLike;
      const infos = inputs as unknown as Record<string, tf.TensorInfo>;
      const shapes = outShapes(infos);
      const arrays = (shapes.length ? shapes : [[1]]).map((shape) => new Float32Array(shape.reduce((a, b) => a * b, 1)));
      const views = Object.fromEntries(Object.entries(infos).map(([k, v]) => [k, cpu.data.get(v.dataId).values]));
      compute(views, shapes.length ? arrays : [], shapesOf(infos), attrs as Record<string, unknown>);
      return result(arrays.map((values, o) => cpu.makeTensorInfo(shapes.length ? shapes[o] : [1], 'float32', values)));
    },
  });
}

registerFused(OUTPUT_GRAD, (i) => [i.logits.shape], ({ logits, targets, weights }, [out], shapes, attrs) => {
  const [rows, classes] = shapes.logits;
  const perElement = shapes.weights[1] === classes;
  for (let r = 0; r < rows; r++) {
    const at = r * classes;
    if (attrs.multiLabel) {
      for (let c = 0; c < classes; c++) out[at + c] = (1 / (1 + Math.exp(-logits[at + c])) - targets[at + c]) * weights[perElement ? at + c : r];
      continue;
    }
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, logits[at + c]);
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += out[at + c] = Math.exp(logits[at + c] - max);
    for (let c = 0; c < classes; c++) out[at + c] = (out[at + c] / sum - targets[at + c]) * weights[perElement ? at + c : r];
  }
});

registerFused(HIDDEN_GRAD, (i) => [i.gate.shape], ({ grad, kernel, gate }, [out], shapes, attrs) => {
  const [rows, classes] = shapes.grad;
  const units = shapes.gate[1];
  // With `fromActivations`, `gate` holds ReLU outputs: the gate is 1 where they are positive.
  const fromActivations = attrs.fromActivations === true;
  for (let r = 0; r < rows; r++) {
    for (let u = 0; u < units; u++) {
      const g = fromActivations ? (gate[r * units + u] > 0 ? 1 : 0) : gate[r * units + u];
      if (g === 0) {
        out[r * units + u] = 0;
        continue;
      }
      let sum = 0;
      for (let c = 0; c < classes; c++) sum += grad[r * classes + c] * kernel[u * classes + c];
      out[r * units + u] = sum * g;
    }
  }
});

// Sparse inputs: `unique` [u] bucket ids, `local` [batch · k] positions into `unique`, `values`
// [batch · k] (0 for padding).
registerFused(
  SPARSE_BAG,
  (i) => [[i.values.shape[0], i.table.shape[1]]],
  ({ table, unique, local, values }, [out], shapes) => {
    const [rows, k] = shapes.values;
    const classes = shapes.table[1];
    out.fill(0); // WASM output memory is not cleared
    for (let b = 0; b < rows; b++) {
      for (let j = 0; j < k; j++) {
        const value = values[b * k + j];
        if (value === 0) continue;
        const row = unique[local[b * k + j]] * classes;
        for (let c = 0; c < classes; c++) out[b * classes + c] += value * table[row + c];
      }
    }
  },
);

/**
 * One lazy Adam step on the table rows a batch touched, written into the table and its moments in
 * place (they belong to the trainer alone; its snapshots are copies): the rows' gradient is
 * Σ values · grad (+ decay · row), then the same update as `step`.
 */
function sparseAdam(views: Arrays, shapes: Record<string, number[]>, attrs: AdamStepAttrs & { decay: number }): void {
  const { table, m, v, unique, local, values, grad } = views;
  const [rows, k] = shapes.values;
  const classes = shapes.table[1];
  const u = shapes.unique[0];
  const rowGrad = new Float32Array(u * classes);
  for (let b = 0; b < rows; b++) {
    for (let j = 0; j < k; j++) {
      const value = values[b * k + j];
      if (value === 0) continue;
      const at = local[b * k + j] * classes;
      for (let c = 0; c < classes; c++) rowGrad[at + c] += value * grad[b * classes + c];
    }
  }
  const { beta1, beta2, scale, shift, decay } = attrs;
  for (let r = 0; r < u; r++) {
    const row = unique[r] * classes;
    for (let c = 0; c < classes; c++) {
      const i = row + c;
      const g = rowGrad[r * classes + c] + decay * table[i];
      const mi = (m[i] = beta1 * m[i] + g);
      const vi = (v[i] = beta2 * v[i] + g * g);
      table[i] -= mi / (Math.sqrt(vi) * scale + shift);
    }
  }
}

registerFused(SPARSE_ADAM, () => [], (views, _outputs, shapes, attrs) => sparseAdam(views, shapes, attrs as unknown as AdamStepAttrs & { decay: number }));

/** Σ values · table rows per batch row: `[batch, classes]`. */
export function fusedSparseBag(table: tf.Tensor2D, unique: tf.Tensor1D, local: tf.Tensor1D, values: tf.Tensor2D): tf.Tensor2D {
  return tf.engine().runKernel(SPARSE_BAG, { table, unique, local, values }) as tf.Tensor2D;
}

/** Lazy Adam on the touched rows of `table` (and its moments `m`, `v`), in place. */
export function fusedSparseAdam(
  table: tf.Tensor2D,
  m: tf.Tensor2D,
  v: tf.Tensor2D,
  sparse: { unique: tf.Tensor1D; local: tf.Tensor1D; values: tf.Tensor2D },
  grad: tf.Tensor2D,
  attrs: AdamStepAttrs & { decay: number },
): void {
  const done = tf.engine().runKernel(SPARSE_ADAM, { table, m, v, ...sparse, grad }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
  done.dispose();
}

/** (p − y) · w for logits `[rows, classes]`: softmax (single-label) or sigmoid (multi-label). */
export function fusedOutputGrad(logits: tf.Tensor2D, targets: tf.Tensor2D, weights: tf.Tensor2D, multiLabel: boolean): tf.Tensor2D {
  return tf.engine().runKernel(OUTPUT_GRAD, { logits, targets, weights }, { multiLabel } as unknown as tf.NamedAttrMap) as tf.Tensor2D;
}

/**
 * (grad · kernelᵀ) ⊙ gate: the gradient reaching a hidden layer through an output kernel
 * `[units, classes]`. With `fromActivations`, `gate` is the ReLU output itself (no dropout): the
 * gate is 1 where it is positive.
 */
export function fusedHiddenGrad(grad: tf.Tensor2D, kernel: tf.Tensor2D, gate: tf.Tensor2D, fromActivations = false): tf.Tensor2D {
  return tf.engine().runKernel(HIDDEN_GRAD, { grad, kernel, gate }, { fromActivations } as unknown as tf.NamedAttrMap) as tf.Tensor2D;
}

registerFused(
  KERNEL,
  (i) => [i.param.shape, i.param.shape, i.param.shape],
  (views, [param, m, v], _shapes, attrs) => step(views as Views, { param, m, v }, attrs as unknown as AdamStepAttrs),
);

/** Whether the current backend has the fused kernels (WASM and CPU; others use element-wise ops). */
export function hasFusedKernels(): boolean {
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
