import { assetUrl, fetchAsset } from '../assets.js';
import { SieveError } from '../errors.js';
import type { Backbone, BuiltinBackboneRef } from './backbone.js';
import type { CharNgramOptions } from './char-ngrams.js';
import type { HashedNgramOptions } from './hashed-ngrams.js';
import { TextBackbone } from './text-backbone.js';
import { decodeVectorFile, type VectorTable } from './vector-file.js';

// Each view keeps at most 1,024 entries per text, the largest: a paragraph or a short email keeps
// all its n-grams, a long email loses its rarest only. Literal, not derived: a version's features
// never change; models take both views' worth (MAX_SPARSE_PER_ROW, tested to match).
const NGRAMS: HashedNgramOptions = { buckets: 1 << 17, maxN: 2, limit: 1024 };
const CHARS: CharNgramOptions = { buckets: 1 << 17, minN: 2, maxN: 4, limit: 1024 };
/**
 * sieve-text v2 and v3, char-ngrams v1: each view cut to its 512 most frequent entries. Half the
 * benchmark's emails and State of the Union paragraphs have more character n-grams than that, and
 * the cut kept their least telling ones (the frequent n-grams every text has) and dropped the rare
 * ones: logistic regression on their words and characters lost 1–3 points of accuracy to it at 8
 * and 32 labels per class.
 */
const NGRAMS_512: HashedNgramOptions = { ...NGRAMS, limit: 512 };
const CHARS_512: CharNgramOptions = { ...CHARS, limit: 512 };
/** sieve-text v1 and hashed-ngrams v1: word n-grams cut to 256 entries, as they were trained. */
const NGRAMS_256: HashedNgramOptions = { ...NGRAMS, limit: 256 };
const MAX_TOKENS = 1500;

/** What a built-in backbone is made of. */
interface BuiltinSpec {
  version: string;
  description: string;
  vectors: boolean;
  /** How the word vectors are pooled (see TextBackboneConfig.pooling). */
  pooling?: 'mean' | 'frequency-weighted';
  ngrams?: HashedNgramOptions;
  chars?: CharNgramOptions;
}

/** Description of each built-in backbone, by id (this build's version of each). */
export const BUILTIN_BACKBONES = {
  'sieve-text': {
    version: '4',
    description:
      'Default: GloVe 100-d word vectors (40k most frequent words) pooled with smooth inverse frequency weights, plus hashed word 1-2-grams and hashed character 2-4-grams (any language, any script; up to 1,024 of each per text) learned by the head.',
    vectors: true,
    pooling: 'frequency-weighted',
    ngrams: NGRAMS,
    chars: CHARS,
  },
  'glove-100d': {
    version: '2',
    description: 'GloVe 100-d word vectors (40k most frequent words) pooled with smooth inverse frequency weights; dense features only.',
    vectors: true,
    pooling: 'frequency-weighted',
  },
  'hashed-ngrams': {
    version: '2',
    description: 'Hashed word 1-2-grams only (2^17 buckets); needs no asset at all.',
    vectors: false,
    ngrams: NGRAMS,
  },
  'char-ngrams': {
    version: '2',
    description: 'Hashed character 2-4-grams within words only (2^17 buckets): any language or script, no asset at all.',
    vectors: false,
    chars: CHARS,
  },
} as const satisfies Record<string, BuiltinSpec>;

/** Earlier versions this build still loads, so that stored models keep working. */
const EARLIER_VERSIONS: Record<string, BuiltinSpec> = {
  'sieve-text@3': {
    version: '3',
    description: 'GloVe 100-d pooled with smooth inverse frequency weights plus hashed word 1-2-grams and character 2-4-grams, 512 entries each per text.',
    vectors: true,
    pooling: 'frequency-weighted',
    ngrams: NGRAMS_512,
    chars: CHARS_512,
  },
  'sieve-text@2': {
    version: '2',
    description: 'GloVe 100-d mean-pooled plus hashed word 1-2-grams and hashed character 2-4-grams, 512 entries each per text.',
    vectors: true,
    ngrams: NGRAMS_512,
    chars: CHARS_512,
  },
  'sieve-text@1': { version: '1', description: 'GloVe 100-d mean-pooled plus hashed word 1-2-grams.', vectors: true, ngrams: NGRAMS_256 },
  'glove-100d@1': { version: '1', description: 'GloVe 100-d word vectors, mean-pooled; dense features only.', vectors: true },
  'hashed-ngrams@1': { version: '1', description: 'Hashed word 1-2-grams only, 256 entries per text.', vectors: false, ngrams: NGRAMS_256 },
  'char-ngrams@1': { version: '1', description: 'Hashed character 2-4-grams within words only, 512 entries per text.', vectors: false, chars: CHARS_512 },
};

/** Id of a built-in backbone. */
export type BuiltinBackboneId = keyof typeof BUILTIN_BACKBONES;

/** The default backbone's id. */
export const DEFAULT_BACKBONE: BuiltinBackboneId = 'sieve-text';

/** The built-in backbone and version this build can rebuild, or undefined. */
function specOf(id: unknown, version: unknown): BuiltinSpec | undefined {
  if (typeof id !== 'string') return undefined;
  const current: BuiltinSpec | undefined = Object.hasOwn(BUILTIN_BACKBONES, id) ? BUILTIN_BACKBONES[id as BuiltinBackboneId] : undefined;
  if (current?.version === version) return current;
  return Object.hasOwn(EARLIER_VERSIONS, `${id}@${version}`) ? EARLIER_VERSIONS[`${id}@${version}`] : undefined;
}

/** Whether this build can rebuild built-in backbone `id` at `version` (the current one or an earlier one it keeps). */
export function isBuiltinAvailable(id: unknown, version: unknown): boolean {
  return specOf(id, version) !== undefined;
}

/** Every built-in backbone and version this build rebuilds, as "id vN" (current versions first). */
export function availableBuiltins(): string[] {
  return [...Object.entries(BUILTIN_BACKBONES).map(([id, b]) => `${id} v${b.version}`), ...Object.keys(EARLIER_VERSIONS).map((key) => key.replace('@', ' v'))];
}

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
  if (!Object.hasOwn(BUILTIN_BACKBONES, ref.id)) throw new SieveError(`Unknown built-in backbone ${JSON.stringify(ref.id)} (known: ${Object.keys(BUILTIN_BACKBONES).join(', ')})`);
  const spec = specOf(ref.id, ref.version);
  if (!spec) throw new SieveError(`Backbone ${ref.id} version ${ref.version} is not available (this build has: ${availableBuiltins().join(', ')})`);
  const vectors = spec.vectors ? await loadVectorTable(assetUrl('glove', base)) : undefined;
  return new TextBackbone({ ref, vectors, pooling: spec.pooling, ngrams: spec.ngrams, chars: spec.chars, maxTokens: MAX_TOKENS });
}
