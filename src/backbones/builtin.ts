import { assetUrl, fetchAsset } from '../assets.js';
import { SieveError } from '../errors.js';
import type { Backbone, BuiltinBackboneRef } from './backbone.js';
import { TextBackbone } from './text-backbone.js';
import { decodeVectorFile, type VectorTable } from './vector-file.js';

const NGRAMS = { buckets: 1 << 17, maxN: 2 };
const MAX_TOKENS = 1500;

/** Description of each built-in backbone, by id. */
export const BUILTIN_BACKBONES = {
  'sieve-text': {
    version: '1',
    description: 'Default: GloVe 100-d word vectors (40k most frequent words), mean-pooled, plus hashed word 1-2-grams learned by the head.',
    vectors: true,
    ngrams: NGRAMS,
  },
  'glove-100d': {
    version: '1',
    description: 'GloVe 100-d word vectors (40k most frequent words), mean-pooled; dense features only.',
    vectors: true,
    ngrams: undefined,
  },
  'hashed-ngrams': {
    version: '1',
    description: 'Hashed word 1-2-grams only (2^17 buckets); needs no asset at all.',
    vectors: false,
    ngrams: NGRAMS,
  },
} as const;

/** Id of a built-in backbone. */
export type BuiltinBackboneId = keyof typeof BUILTIN_BACKBONES;

/** The default backbone's id. */
export const DEFAULT_BACKBONE: BuiltinBackboneId = 'sieve-text';

const vectorTables = new Map<string, Promise<VectorTable>>();

/** Fetches and decodes a vector file once per URL; later calls share the table. */
function loadVectorTable(url: string): Promise<VectorTable> {
  let table = vectorTables.get(url);
  if (!table) {
    table = (async () => decodeVectorFile(await fetchAsset(url, 'the built-in word vectors'), url))();
    table.catch(() => vectorTables.delete(url));
    vectorTables.set(url, table);
  }
  return table;
}

/** Builds a built-in backbone; its files come from `base` when given (see `assetUrl`). */
export async function loadBuiltinBackbone(ref: BuiltinBackboneRef, base?: string): Promise<Backbone> {
  const spec = Object.hasOwn(BUILTIN_BACKBONES, ref.id) ? BUILTIN_BACKBONES[ref.id as BuiltinBackboneId] : undefined;
  if (!spec) throw new SieveError(`Unknown built-in backbone ${JSON.stringify(ref.id)} (known: ${Object.keys(BUILTIN_BACKBONES).join(', ')})`);
  if (spec.version !== ref.version) {
    throw new SieveError(`Backbone ${ref.id} version ${ref.version} is not available (this build has version ${spec.version})`);
  }
  const vectors = spec.vectors ? await loadVectorTable(assetUrl('glove', base)) : undefined;
  return new TextBackbone({ ref, vectors, ngrams: spec.ngrams, maxTokens: MAX_TOKENS });
}
