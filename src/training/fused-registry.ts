import { tf } from './tf.js';

// Kernels of the training step written as plain loops over tensor memory, registered for the WASM
// and CPU backends: each replaces several small kernels whose dispatch, not their arithmetic,
// dominates a small head's step. Other backends (WebGPU, WebGL) use element-wise ops instead.

interface WasmBackendLike {
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
}

interface CpuBackendLike {
  data: { get(dataId: unknown): { values: Float32Array } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): tf.TensorInfo;
}

/** A kernel's inputs as flat arrays over the tensors' own memory (writes go into the tensors). */
export type KernelArrays = Record<string, Float32Array | Int32Array>;
/** A kernel's attributes, as passed to `runFused`. */
export type KernelAttrs = Record<string, number | boolean>;

/** Whether the current backend has the fused kernels (WASM and CPU). */
export function hasFusedKernels(): boolean {
  const backend = tf.getBackend();
  return backend === 'wasm' || backend === 'cpu';
}

/** How a backend hands a kernel its tensors' memory: views of inputs, and outputs to fill. */
interface KernelMemory {
  input(info: tf.TensorInfo): Float32Array;
  output(shape: number[]): { values(): Float32Array; info(): tf.TensorInfo };
}

const MEMORY: Record<'wasm' | 'cpu', (backend: unknown) => KernelMemory> = {
  wasm: (backend) => {
    const wasm = backend as WasmBackendLike;
    return {
      input: (info) => wasm.typedArrayFromHeap(info),
      output: (shape) => {
        const info = wasm.makeOutput(shape, 'float32');
        return { values: () => wasm.typedArrayFromHeap(info), info: () => info };
      },
    };
  },
  cpu: (backend) => {
    const cpu = backend as CpuBackendLike;
    return {
      input: (info) => cpu.data.get(info.dataId).values,
      output: (shape) => {
        const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
        return { values: () => values, info: () => cpu.makeTensorInfo(shape, 'float32', values) };
      },
    };
  },
};

/**
 * Registers a kernel for WASM and CPU: `compute(inputs, outputs, shapes, attrs)` reads the inputs'
 * values and fills the outputs, whose shapes `outShapes(inputShapes, attrs)` gives. A kernel may
 * also write its inputs in place (the training step's own parameters, never shared).
 */
export function registerFused(
  name: string,
  outShapes: (shapes: Record<string, number[]>, attrs: KernelAttrs) => number[][],
  compute: (inputs: KernelArrays, outputs: Float32Array[], shapes: Record<string, number[]>, attrs: KernelAttrs) => void,
): void {
  for (const backendName of ['wasm', 'cpu'] as const) {
    tf.registerKernel({
      kernelName: name,
      backendName,
      kernelFunc: ({ inputs, attrs, backend }) => {
        const memory = MEMORY[backendName](backend);
        const infos = Object.entries(inputs as unknown as Record<string, tf.TensorInfo>);
        const shapes = Object.fromEntries(infos.map(([k, v]) => [k, v.shape]));
        const specs = outShapes(shapes, attrs as KernelAttrs);
        // Outputs first: allocating may grow the WASM heap, which would detach earlier views. A
        // kernel must return a tensor: one that only writes in place returns a one-element placeholder.
        const outputs = (specs.length ? specs : [[1]]).map((shape) => memory.output(shape));
        const views = Object.fromEntries(infos.map(([k, v]) => [k, memory.input(v)]));
        compute(views, specs.length ? outputs.map((o) => o.values()) : [], shapes, attrs as KernelAttrs);
        const results = outputs.map((o) => o.info());
        return results.length === 1 ? results[0] : results;
      },
    });
  }
}

/**
 * Runs a registered fused kernel (inputs left undefined are omitted); returns its outputs, none
 * for a kernel that only writes in place.
 */
export function runFused(name: string, inputs: Record<string, tf.Tensor | undefined>, attrs: KernelAttrs, outputs: number): tf.Tensor[] {
  const present = Object.fromEntries(Object.entries(inputs).filter(([, t]) => t !== undefined)) as tf.NamedTensorMap;
  const out = tf.engine().runKernel(name, present, attrs as unknown as tf.NamedAttrMap) as tf.Tensor | tf.Tensor[];
  const all = Array.isArray(out) ? out : [out];
  if (outputs === 0) tf.dispose(all);
  return outputs === 0 ? [] : all;
}
