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
  const shapesOf = (infos: Record<string, tf.TensorInfo>) => Object.fromEntries(Object.entries(infos).map(([k, v]) => [k, v.shape]));
  const result = (outputs: tf.TensorInfo[]) => (outputs.length === 1 ? outputs[0] : outputs);
  tf.registerKernel({
    kernelName: name,
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs, backend }) => {
      const wasm = backend as unknown as WasmBackendLike;
      const infos = inputs as unknown as Record<string, tf.TensorInfo>;
      const shapes = shapesOf(infos);
      // Outputs first: allocating may grow the WASM heap, which would detach earlier views.
      const outSpecs = outShapes(shapes, attrs as KernelAttrs);
      const outputs = withPlaceholder(outSpecs).map((shape) => wasm.makeOutput(shape, 'float32'));
      const views = Object.fromEntries(Object.entries(infos).map(([k, v]) => [k, wasm.typedArrayFromHeap(v)]));
      compute(views, outSpecs.length ? outputs.map((o) => wasm.typedArrayFromHeap(o)) : [], shapes, attrs as KernelAttrs);
      return result(outputs);
    },
  });
  tf.registerKernel({
    kernelName: name,
    backendName: 'cpu',
    kernelFunc: ({ inputs, attrs, backend }) => {
      const cpu = backend as unknown as CpuBackendLike;
      const infos = inputs as unknown as Record<string, tf.TensorInfo>;
      const shapes = shapesOf(infos);
      const outSpecs = outShapes(shapes, attrs as KernelAttrs);
      const arrays = withPlaceholder(outSpecs).map((shape) => new Float32Array(shape.reduce((a, b) => a * b, 1)));
      const views = Object.fromEntries(Object.entries(infos).map(([k, v]) => [k, cpu.data.get(v.dataId).values]));
      compute(views, outSpecs.length ? arrays : [], shapes, attrs as KernelAttrs);
      return result(arrays.map((values, o) => cpu.makeTensorInfo(withPlaceholder(outSpecs)[o], 'float32', values)));
    },
  });
}

/** A kernel must return a tensor: one that only writes in place returns a one-element placeholder. */
function withPlaceholder(shapes: number[][]): number[][] {
  return shapes.length ? shapes : [[1]];
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
