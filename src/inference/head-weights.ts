import { ValidationError, type Problem } from '../errors.js';
import type { WeightSpec } from '../store/schema.js';

/** Shape of a classification head, as a stored model records it. */
export interface HeadShape {
  /** `linear`: logistic regression; `mlp`: one hidden ReLU layer on the dense features. */
  type: 'linear' | 'mlp';
  hiddenUnits: number;
  /** Dense input dimensions (0: none). */
  dims: number;
  /** Sparse buckets (0: none). */
  buckets: number;
  classes: number;
}

/** A head's weights as plain arrays (row-major), checked against its shape. */
export interface HeadWeights {
  shape: HeadShape;
  /** MLP: `dims × hiddenUnits`, and the hidden bias. */
  hiddenKernel?: Float32Array;
  hiddenBias?: Float32Array;
  /** `dims × classes` (linear) or `hiddenUnits × classes` (MLP). */
  denseKernel?: Float32Array;
  /** `buckets × classes`: one learned row per n-gram bucket. */
  sparseTable?: Float32Array;
  /** `classes`. */
  outputBias: Float32Array;
}

/** Named weight arrays laid out as stored models hold them: specs in order over one float32 buffer (the inverse of `readHeadWeights`). */
export function packWeights(parts: readonly { name: string; shape: number[]; values: Float32Array }[]): { specs: WeightSpec[]; buffer: ArrayBuffer } {
  const buffer = new Float32Array(parts.reduce((n, p) => n + p.values.length, 0));
  let offset = 0;
  for (const part of parts) {
    buffer.set(part.values, offset);
    offset += part.values.length;
  }
  return { specs: parts.map(({ name, shape }) => ({ name, shape: [...shape], dtype: 'float32' })), buffer: buffer.buffer };
}

const positiveInteger = (n: unknown) => Number.isInteger(n) && (n as number) >= 0;

/**
 * Reads stored weights (`specs` in order over `buffer`, float32 little-endian) into plain arrays,
 * checking every name and shape against the head's shape. Throws a ValidationError naming each
 * mismatch, so a model that could only predict garbage is never used.
 */
export function readHeadWeights(head: Record<string, unknown>, specs: readonly WeightSpec[], buffer: ArrayBuffer, context = 'model'): HeadWeights {
  const problems: Problem[] = [];
  const { type, hiddenUnits, dims, buckets, classes } = head as unknown as HeadShape;
  if (type !== 'linear' && type !== 'mlp') problems.push({ field: 'head.type', value: type, reason: 'must be "linear" or "mlp"' });
  for (const [field, value] of Object.entries({ hiddenUnits, dims, buckets })) {
    if (!positiveInteger(value)) problems.push({ field: `head.${field}`, value, reason: 'must be a whole number, 0 or more' });
  }
  if (!positiveInteger(classes) || classes < 1) problems.push({ field: 'head.classes', value: classes, reason: 'must be a whole number, 1 or more' });
  if (problems.length) throw new ValidationError(context, problems);
  const expected = new Map<string, number[]>();
  if (dims > 0 && type === 'mlp') {
    expected.set('hidden/kernel', [dims, hiddenUnits]).set('hidden/bias', [hiddenUnits]).set('dense/kernel', [hiddenUnits, classes]);
  } else if (dims > 0) expected.set('dense/kernel', [dims, classes]);
  if (buckets > 0) expected.set('sparse/table', [buckets, classes]);
  expected.set('output/bias', [classes]);

  const arrays = new Map<string, Float32Array>();
  let offset = 0;
  for (const spec of specs) {
    const shape = expected.get(spec?.name);
    if (!shape) {
      problems.push({ field: 'weightSpecs', value: spec?.name, reason: `not a weight of this head (expected ${[...expected.keys()].join(', ')})` });
      continue;
    }
    if (!Array.isArray(spec.shape) || spec.shape.join() !== shape.join()) {
      problems.push({ field: `weightSpecs.${spec.name}`, value: spec.shape, reason: `shape must be [${shape.join(', ')}] for this head` });
      continue;
    }
    const bytes = shape.reduce((a, b) => a * b, 1) * 4;
    if (offset + bytes > buffer.byteLength) {
      problems.push({ field: `weights.${spec.name}`, value: buffer.byteLength, reason: `the weights are truncated: need ${offset + bytes} bytes` });
      break;
    }
    arrays.set(spec.name, new Float32Array(buffer.slice(offset, offset + bytes)));
    offset += bytes;
  }
  for (const name of expected.keys()) if (!arrays.has(name) && !problems.length) problems.push({ field: 'weightSpecs', value: name, reason: 'this weight is missing' });
  if (!problems.length && offset !== buffer.byteLength) problems.push({ field: 'weights', value: buffer.byteLength, reason: `the weights take ${offset} bytes; ${buffer.byteLength - offset} more follow` });
  if (problems.length) throw new ValidationError(context, problems);
  return {
    shape: { type, hiddenUnits, dims, buckets, classes },
    hiddenKernel: arrays.get('hidden/kernel'),
    hiddenBias: arrays.get('hidden/bias'),
    denseKernel: arrays.get('dense/kernel'),
    sparseTable: arrays.get('sparse/table'),
    outputBias: arrays.get('output/bias')!,
  };
}
