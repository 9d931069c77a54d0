import type { FeatureBatch, FeatureView } from '../../backbones/backbone.js';
import { rowEntries } from '../../backbones/sparse-rows.js';

/**
 * The training rows' features per view, prepared for the kernel solver: the dense view
 * standardized per dimension over the training rows (and divided by √dims, so that a row's
 * length is about 1 like the sparse views'), the sparse views' entries weighted by inverse
 * document frequency. `gram(view)`
 * gives the rows' inner products within a view.
 */
export class ViewFeatures {
  readonly rows: number;
  /** Per dense dimension: mean and the factor (1 / (σ·√dims), 0 for a constant dimension). */
  readonly mean: Float64Array;
  readonly factor: Float64Array;
  private readonly standardized: Float64Array;
  /** Per sparse bucket: the factor its values were multiplied by (0 for buckets no training row has). */
  readonly idf: Float64Array;
  private readonly entries: { indices: Int32Array; values: Float32Array }[];

  constructor(
    readonly features: FeatureBatch,
    readonly rowIds: readonly number[],
    readonly views: readonly FeatureView[],
  ) {
    const n = (this.rows = rowIds.length);
    const dims = features.dims;
    this.mean = new Float64Array(dims);
    this.factor = new Float64Array(dims);
    for (const r of rowIds) for (let d = 0; d < dims; d++) this.mean[d] += features.dense[r * dims + d] / n;
    const variance = new Float64Array(dims);
    for (const r of rowIds) for (let d = 0; d < dims; d++) variance[d] += (features.dense[r * dims + d] - this.mean[d]) ** 2 / n;
    for (let d = 0; d < dims; d++) this.factor[d] = variance[d] > 1e-12 ? 1 / Math.sqrt(variance[d] * dims) : 0;
    this.standardized = new Float64Array(n * dims);
    rowIds.forEach((r, i) => {
      for (let d = 0; d < dims; d++) this.standardized[i * dims + d] = (features.dense[r * dims + d] - this.mean[d]) * this.factor[d];
    });
    // Sparse entries weighted by inverse document frequency over the training rows (scikit-learn's
    // smooth idf): a linear rescaling per bucket, so the head's weights absorb it (see `idf`).
    const raw = features.sparse ? rowIds.map((r) => rowEntries(features.sparse!, r)) : [];
    this.idf = new Float64Array(features.sparse?.buckets ?? 0);
    for (const e of raw) for (const b of e.indices) this.idf[b]++;
    for (let b = 0; b < this.idf.length; b++) if (this.idf[b]) this.idf[b] = Math.log((1 + n) / (1 + this.idf[b])) + 1;
    this.entries = raw.map((e) => ({ indices: e.indices, values: Float32Array.from(e.values, (v, k) => v * this.idf[e.indices[k]]) }));
  }

  /** The dense view's standardized row `i` (a view into the prepared values). */
  denseRow(i: number): Float64Array {
    const dims = this.features.dims;
    return this.standardized.subarray(i * dims, (i + 1) * dims);
  }

  /** Sparse entries of row `i` (all sparse views; see `inView`). */
  sparseRow(i: number): { indices: Int32Array; values: Float32Array } {
    return this.entries[i];
  }

  /** `rows × rows` inner products of the training rows within one view (symmetric, row-major). */
  gram(view: FeatureView): Float64Array {
    const n = this.rows;
    const out = new Float64Array(n * n);
    if (view.kind === 'dense') {
      const dims = this.features.dims;
      const x = this.standardized;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j <= i; j++) {
          let sum = 0;
          for (let d = view.start, a = i * dims + view.start, b = j * dims + view.start; d < view.end; d++, a++, b++) sum += x[a] * x[b];
          out[i * n + j] = out[j * n + i] = sum;
        }
      }
      return out;
    }
    // Sparse: row i scattered into a dense scratch once, then dotted with every later row's entries.
    const scratch = new Float64Array(view.end - view.start);
    for (let i = 0; i < n; i++) {
      const a = this.entries[i];
      for (let k = 0; k < a.indices.length; k++) {
        const bucket = a.indices[k];
        if (bucket >= view.start && bucket < view.end) scratch[bucket - view.start] = a.values[k];
      }
      for (let j = i; j < n; j++) {
        const b = this.entries[j];
        let sum = 0;
        for (let k = 0; k < b.indices.length; k++) {
          const bucket = b.indices[k];
          if (bucket >= view.start && bucket < view.end) sum += scratch[bucket - view.start] * b.values[k];
        }
        out[i * n + j] = out[j * n + i] = sum;
      }
      for (let k = 0; k < a.indices.length; k++) {
        const bucket = a.indices[k];
        if (bucket >= view.start && bucket < view.end) scratch[bucket - view.start] = 0;
      }
    }
    return out;
  }
}

/** A backbone's views, or the ones implied by its shape when it names none. */
export function viewsOf(backbone: { dims: number; buckets: number; views?: readonly FeatureView[] }): FeatureView[] {
  if (backbone.views) return [...backbone.views];
  return [
    ...(backbone.dims > 0 ? [{ name: 'vectors', kind: 'dense', start: 0, end: backbone.dims } as const] : []),
    ...(backbone.buckets > 0 ? [{ name: 'words', kind: 'sparse', start: 0, end: backbone.buckets } as const] : []),
  ];
}
