import { ValidationError, type Problem } from '../errors.js';
import type { BackboneRef, PrecomputedBackboneRef, TransformersBackboneRef } from './backbone.js';
import { availableBuiltins, BUILTIN_BACKBONES, DEFAULT_BACKBONE, isBuiltinAvailable, type BuiltinBackboneId } from './builtin.js';

const TRANSFORMERS_OPTIONS: Record<Exclude<keyof TransformersBackboneRef, 'type' | 'model' | 'localModelPath'>, readonly unknown[]> = {
  task: ['feature-extraction', 'image-feature-extraction', 'audio-feature-extraction'],
  device: ['auto', 'webgpu', 'wasm'],
  dtype: ['fp32', 'fp16', 'q8'],
  pooling: ['mean', 'cls'],
  normalize: [true, false],
};

/**
 * Turns what a user passed as `backbone` into a complete reference, or throws a ValidationError
 * naming each wrong field and what is accepted. Accepts a built-in id, `{ type: 'builtin', id }`,
 * `'precomputed'` (the records' own vectors: `vectorDims` is their length, when known) or
 * `{ type: 'transformers', task?, model, localModelPath?, device?, dtype?, pooling?, normalize? }`.
 */
export function resolveBackboneRef(spec: unknown, vectorDims?: number): BackboneRef {
  const ids = Object.keys(BUILTIN_BACKBONES);
  if (spec === 'precomputed') return precomputed(vectorDims);
  if (spec === undefined || typeof spec === 'string') return builtin(spec ?? DEFAULT_BACKBONE, ids);
  if (typeof spec !== 'object' || spec === null) {
    throw new ValidationError('backbone', [{ field: 'backbone', value: spec, reason: `expected a built-in id (${ids.join(', ')}) or an object with a "type"` }]);
  }
  const given = spec as Record<string, unknown>;
  if (given.type === undefined || given.type === 'builtin') return builtin(given.id, ids, given.version);
  if (given.type === 'precomputed') return precomputed(given.dims ?? vectorDims);
  if (given.type !== 'transformers') {
    throw new ValidationError('backbone', [{ field: 'backbone.type', value: given.type, reason: 'unknown backbone type (accepted: "builtin", "transformers", "precomputed")' }]);
  }
  const problems: Problem[] = [];
  if (typeof given.model !== 'string' || given.model.trim() === '') {
    problems.push({ field: 'backbone.model', value: given.model, reason: 'the model id must be a non-empty string, e.g. "Xenova/all-MiniLM-L6-v2"' });
  }
  if (given.localModelPath !== undefined && (typeof given.localModelPath !== 'string' || given.localModelPath === '')) {
    problems.push({ field: 'backbone.localModelPath', value: given.localModelPath, reason: 'must be the URL of a folder of models' });
  }
  const ref: TransformersBackboneRef = { type: 'transformers', model: String(given.model), device: 'auto', dtype: 'fp32', pooling: 'mean', normalize: true };
  for (const [name, accepted] of Object.entries(TRANSFORMERS_OPTIONS)) {
    const value = given[name];
    // Text models are stored without a task, as they were before media models existed.
    if (value === undefined || (name === 'task' && value === 'feature-extraction')) continue;
    if (!accepted.includes(value)) problems.push({ field: `backbone.${name}`, value, reason: `must be one of ${accepted.map((a) => JSON.stringify(a)).join(', ')}` });
    else (ref as unknown as Record<string, unknown>)[name] = value;
  }
  const known = new Set(['type', 'model', 'localModelPath', ...Object.keys(TRANSFORMERS_OPTIONS)]);
  for (const name of Object.keys(given)) if (!known.has(name)) problems.push({ field: `backbone.${name}`, value: given[name], reason: `unknown option (accepted: ${[...known].join(', ')})` });
  if (problems.length) throw new ValidationError('backbone', problems);
  if (typeof given.localModelPath === 'string') ref.localModelPath = given.localModelPath.replace(/\/?$/, '/');
  return ref;
}

/** The precomputed backbone's reference: the records' vectors, `dims` long. */
function precomputed(dims: unknown): PrecomputedBackboneRef {
  if (!(typeof dims === 'number' && Number.isInteger(dims) && dims > 0)) {
    throw new ValidationError('backbone', [{ field: 'backbone', value: 'precomputed', reason: 'the precomputed backbone reads the records\' own vectors, and this dataset has none (add records with a "vector")' }]);
  }
  return { type: 'precomputed', dims };
}

/** A built-in backbone's reference: this build's version, or an earlier one it still rebuilds when asked for. */
function builtin(id: unknown, ids: string[], version?: unknown): BackboneRef {
  if (typeof id !== 'string' || !Object.hasOwn(BUILTIN_BACKBONES, id)) {
    throw new ValidationError('backbone', [{ field: 'backbone', value: id, reason: `unknown backbone id (accepted: ${ids.join(', ')}, or { type: "transformers", model })` }]);
  }
  const current = BUILTIN_BACKBONES[id as BuiltinBackboneId].version;
  if (version !== undefined && !isBuiltinAvailable(id, version)) {
    throw new ValidationError('backbone', [{ field: 'backbone.version', value: version, reason: `not available (this build has: ${availableBuiltins().join(', ')})` }]);
  }
  return { type: 'builtin', id, version: (version as string | undefined) ?? current };
}
