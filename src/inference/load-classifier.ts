import { absoluteFolder, absoluteUrl, fetchAsset, notAUrl } from '../assets.js';
import { loadBuiltinBackbone } from '../backbones/builtin.js';
import { PrecomputedBackbone } from '../backbones/precomputed-backbone.js';
import { resolveBackboneRef } from '../backbones/resolve.js';
import { kindOf, optionsArgument } from '../data/arguments.js';
import { SieveError, ValidationError } from '../errors.js';
import type { StoredModel } from '../store/schema.js';
import { Classifier } from './classifier.js';
import { decodeModelFile } from './model-file.js';

/** Options of `loadClassifier`. */
export interface LoadClassifierOptions {
  /**
   * Base URL of Sieve's files (the word vectors), laid out as the package's `dist/` folder. Default:
   * the base path set by `setBasePath`, else where the build put them (in Node: the installed package).
   */
  assetsUrl?: string;
}

/**
 * Loads an exported model file (`ws.models.export(runId)`) as a classifier that needs neither
 * TensorFlow.js nor IndexedDB: in a page, a worker or Node 20. `source` is the file (Blob, File),
 * its bytes, or its URL (in Node, also a `file:` URL or the file's path). Models on the built-in backbones and on precomputed
 * vectors: a model on a Transformers.js backbone is refused with a SieveError that says how to use it instead.
 */
export async function loadClassifier(source: Blob | ArrayBuffer | ArrayBufferView | URL | string, options: LoadClassifierOptions = {}): Promise<Classifier> {
  const base = checkArguments(source, options);
  const bytes = typeof source === 'string' || source instanceof URL ? await fetchModel(String(source)) : source;
  const { header, weights } = await decodeModelFile(bytes);
  const model: StoredModel = { ...header.model, runId: header.run.id, weights };
  const ref = resolveBackboneRef(model.backbone);
  if (ref.type === 'precomputed') return Classifier.fromModel(model, new PrecomputedBackbone(ref));
  if (ref.type !== 'builtin') {
    throw new SieveError(
      `The model of run ${model.runId} runs on the Transformers.js model ${JSON.stringify(ref.model)}, which this runtime cannot run (it runs the built-in backbones). ` +
        'In a page, import the file with ws.models.import(file) and predict with ws.classifier(runId).',
    );
  }
  return Classifier.fromModel(model, await loadBuiltinBackbone(ref, base));
}

/** `loadClassifier`'s arguments checked before anything is read: what the file is given as, and the options; gives the folder of Sieve's files, where one is named. */
function checkArguments(source: unknown, options: unknown): string | undefined {
  const given = source instanceof Blob || source instanceof ArrayBuffer || ArrayBuffer.isView(source) || source instanceof URL || (typeof source === 'string' && source !== '');
  if (!given) throw new ValidationError('loadClassifier', [{ field: 'source', value: kindOf(source), reason: 'the model file: a Blob or File, its bytes, or its URL (in Node, also its path)' }]);
  const { assetsUrl } = optionsArgument<LoadClassifierOptions>(options, 'options', 'loadClassifier');
  return assetsUrl === undefined ? undefined : absoluteFolder(assetsUrl, 'loadClassifier', 'assetsUrl');
}

/** The model file at `source`: its URL, or in Node its path (see `absoluteUrl`). */
async function fetchModel(source: string): Promise<ArrayBuffer> {
  const url = absoluteUrl(source);
  if (url === undefined) throw new ValidationError('loadClassifier', [{ field: 'source', value: source, reason: notAUrl() }]);
  return fetchAsset(url, 'the model file', 'Check the URL of the exported model file.');
}
