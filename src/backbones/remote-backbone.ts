import type { Backbone, BackboneRef, FeatureBatch, FeaturizeOptions } from './backbone.js';

/**
 * A backbone that runs elsewhere — in the training worker, which has it loaded already — so that
 * the page needs no copy of the model: `featurize` asks `compute` for the features.
 */
export class RemoteBackbone implements Backbone {
  constructor(
    readonly ref: BackboneRef,
    readonly dims: number,
    readonly buckets: number,
    private readonly compute: (texts: readonly string[]) => Promise<FeatureBatch>,
  ) {}

  async featurize(texts: readonly string[], options: FeaturizeOptions = {}): Promise<FeatureBatch> {
    options.signal?.throwIfAborted();
    const features = await this.compute(texts);
    options.signal?.throwIfAborted();
    options.onProgress?.({ done: texts.length, total: texts.length });
    return features;
  }

  dispose(): void {
    // The model stays loaded where it runs (the worker); nothing is held here.
  }
}
