import type { Backbone, BackboneInput, BackboneRef, FeatureBatch, FeaturizeOptions } from './backbone.js';

/**
 * A backbone that runs elsewhere — in the training worker, which has it loaded already — so that
 * the page needs no copy of the model: `featurize` asks `compute` for the features.
 */
export class RemoteBackbone implements Backbone {
  constructor(
    readonly ref: BackboneRef,
    readonly dims: number,
    readonly buckets: number,
    private readonly compute: (items: readonly BackboneInput[]) => Promise<FeatureBatch>,
  ) {}

  async featurize(items: readonly BackboneInput[], options: FeaturizeOptions = {}): Promise<FeatureBatch> {
    options.signal?.throwIfAborted();
    const features = await this.compute(items);
    options.signal?.throwIfAborted();
    options.onProgress?.({ done: items.length, total: items.length });
    return features;
  }

  dispose(): void {
    // The model stays loaded where it runs (the worker); nothing is held here.
  }
}
