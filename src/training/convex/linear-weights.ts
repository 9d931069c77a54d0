import type { SelectionSetup } from '../../store/schema.js';
import type { NaiveBayesFit } from './naive-bayes.js';
import type { ViewFeatures } from './view-kernels.js';

/** A trained linear head in the layout of the stored model's weights. */
export interface LinearWeights {
  denseKernel?: Float32Array;
  sparseTable?: Float32Array;
  bias: Float32Array;
}

/**
 * The head's weights from the rows' coefficients: W = Σᵢ Aᵢ·xᵢ over the prepared features of the
 * setup's views, with the dense view's standardization folded in (kernel ÷ σ·√dims, bias minus
 * the kernel times the mean), so the stored head reads the backbone's raw features.
 */
export function assembleWeights(prepared: ViewFeatures, setup: SelectionSetup, coefficients: Float64Array, bias: ArrayLike<number>, classes: number): LinearWeights {
  const { features, views } = prepared;
  const used = views.filter((v) => setup.views.includes(v.name));
  const out: LinearWeights = { bias: Float32Array.from(bias) };
  const dims = features.dims;
  if (dims > 0) {
    const kernel = new Float64Array(dims * classes);
    for (const view of used.filter((v) => v.kind === 'dense')) {
      for (let i = 0; i < prepared.rows; i++) {
        const x = prepared.denseRow(i);
        for (let d = view.start; d < view.end; d++) {
          if (x[d] === 0) continue;
          for (let c = 0; c < classes; c++) kernel[d * classes + c] += coefficients[i * classes + c] * x[d];
        }
      }
    }
    const raw = new Float32Array(dims * classes);
    for (let d = 0; d < dims; d++) {
      for (let c = 0; c < classes; c++) {
        const w = kernel[d * classes + c] * prepared.factor[d];
        raw[d * classes + c] = w;
        out.bias[c] -= w * prepared.mean[d];
      }
    }
    out.denseKernel = raw;
  }
  const buckets = features.sparse?.buckets ?? 0;
  if (buckets > 0) {
    const table = new Float32Array(buckets * classes);
    const ranges = used.filter((v) => v.kind === 'sparse');
    for (let i = 0; i < prepared.rows; i++) {
      const { indices, values } = prepared.sparseRow(i);
      for (let k = 0; k < indices.length; k++) {
        const bucket = indices[k];
        if (!ranges.some((v) => bucket >= v.start && bucket < v.end)) continue;
        // The prepared value carries the bucket's inverse document frequency once; the raw feature the head will read needs it once more.
        const weight = values[k] * prepared.idf[bucket];
        for (let c = 0; c < classes; c++) table[bucket * classes + c] += coefficients[i * classes + c] * weight;
      }
    }
    out.sparseTable = table;
  }
  return out;
}

/** A naive Bayes fit in the stored layout: log θ per seen bucket times its idf (the prepared value is the raw one times idf), log priors as the bias. */
export function naiveBayesWeights(prepared: ViewFeatures, fit: NaiveBayesFit, classes: number): LinearWeights {
  const out = emptyWeights(prepared, classes);
  out.bias.set(fit.logPrior);
  const table = out.sparseTable as Float32Array;
  fit.buckets.forEach((bucket, k) => {
    for (let c = 0; c < classes; c++) table[bucket * classes + c] = fit.logTheta[k * classes + c] * prepared.idf[bucket];
  });
  return out;
}

/** Zero weights in the stored layout of a head over `prepared`'s features. */
export function emptyWeights(prepared: ViewFeatures, classes: number): LinearWeights {
  const { dims } = prepared.features;
  const buckets = prepared.features.sparse?.buckets ?? 0;
  return {
    bias: new Float32Array(classes),
    ...(dims > 0 ? { denseKernel: new Float32Array(dims * classes) } : {}),
    ...(buckets > 0 ? { sparseTable: new Float32Array(buckets * classes) } : {}),
  };
}

/** `into += scale · add`, weight by weight. */
export function addScaled(into: LinearWeights, add: LinearWeights, scale: number): void {
  const pairs: [Float32Array | undefined, Float32Array | undefined][] = [[into.bias, add.bias], [into.denseKernel, add.denseKernel], [into.sparseTable, add.sparseTable]];
  for (const [target, source] of pairs) {
    if (!target || !source) continue;
    for (let k = 0; k < source.length; k++) if (source[k] !== 0) target[k] += scale * source[k];
  }
}
