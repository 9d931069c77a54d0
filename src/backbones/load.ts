import type { Backbone, BackboneRef, DownloadProgress } from './backbone.js';
import { loadBuiltinBackbone } from './builtin.js';
import { PrecomputedBackbone } from './precomputed-backbone.js';

/**
 * Builds the backbone a reference names (its files from `base` when given, see `assetUrl`). Transformers.js (and ONNX Runtime) is imported only when
 * a Transformers.js backbone is used, so pages on the built-in backbones never load it.
 */
export async function loadBackbone(ref: BackboneRef, base: string | undefined, onDownload?: (progress: DownloadProgress) => void): Promise<Backbone> {
  if (ref.type === 'builtin') return loadBuiltinBackbone(ref, base);
  if (ref.type === 'precomputed') return new PrecomputedBackbone(ref);
  if (ref.task === 'image-feature-extraction' || ref.task === 'audio-feature-extraction') {
    const { TransformersMediaBackbone } = await import('./transformers-media-backbone.js');
    return TransformersMediaBackbone.load(ref, base, onDownload);
  }
  const { TransformersBackbone } = await import('./transformers-backbone.js');
  return TransformersBackbone.load(ref, base, onDownload);
}
