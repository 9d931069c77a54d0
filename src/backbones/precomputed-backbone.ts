import { SieveError } from '../errors.js';
import type { Backbone, BackboneInput, FeatureBatch, FeaturizeOptions, PrecomputedBackboneRef } from './backbone.js';

/**
 * Features computed elsewhere (Perch, BirdNET, CLIP run in Python, …): each item is its own
 * vector, used as the dense features unchanged.
 */
export class PrecomputedBackbone implements Backbone {
  readonly buckets = 0;
  readonly dims: number;

  constructor(readonly ref: PrecomputedBackboneRef) {
    this.dims = ref.dims;
  }

  async featurize(inputs: readonly BackboneInput[], options: FeaturizeOptions = {}): Promise<FeatureBatch> {
    const dense = new Float32Array(inputs.length * this.dims);
    inputs.forEach((input, i) => {
      if (!(input instanceof Float32Array) || input.length !== this.dims) {
        const what = input instanceof Float32Array ? `a vector of ${input.length} values` : typeof input === 'string' ? 'a text' : 'media';
        throw new SieveError(`Item ${i} is ${what}; the precomputed backbone takes vectors of ${this.dims} values`);
      }
      dense.set(input, i * this.dims);
    });
    options.signal?.throwIfAborted();
    options.onProgress?.({ done: inputs.length, total: inputs.length });
    return { count: inputs.length, dims: this.dims, dense };
  }

  dispose(): void {
    // Holds nothing.
  }
}
