import type { Backbone, BackboneRef, DownloadProgress } from './backbone.js';
import { loadBuiltinBackbone } from './builtin.js';

/**
 * Builds the backbone a reference names (its files from `base` when given, see `assetUrl`). Transformers.js (and ONNX Runtime) is imported only when
 * a Transformers.js backbone is used, so pages on the built-in backbones never load it.
 */
export async function loadBackbone(ref: BackboneRef, base: string | undefined, onDownload?: (progress: DownloadProgress) => void): Promise<Backbone> {
  if (ref.type === 'builtin') return loadBuiltinBackbone(ref, base);
  const { TransformersBackbone } = await import('./transformers-backbone.js');
  return TransformersBackbone.load(ref, base, onDownload);
}
