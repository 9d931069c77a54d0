import type { Backbone, FeatureBatch, TextAttribution } from '../backbones/backbone.js';
import { rowEntries } from '../backbones/sparse-rows.js';
import { headLogits } from './head-logits.js';
import type { HeadWeights } from './head-weights.js';

/** One part of a text and how much it moved the explained label's logit. */
export interface Contribution {
  /** The part of the text (a token, or a word n-gram's tokens and what lies between them). */
  text: string;
  /** UTF-16 offsets into the explained text. */
  start: number;
  end: number;
  /** Its contribution to the logit (positive: toward the label). */
  weight: number;
}

/** Why a classifier gave a text its logit for one label (see `Classifier.explain`). */
export interface Explanation {
  label: string;
  /**
   * The logit explained. Multi-label models: the label's raw logit (its sigmoid is the score).
   * Single-label models: the label's logit minus the mean of all labels' logits (softmax scores
   * depend on nothing else; a word that raises every label's logit alike counts for nothing).
   */
  logit: number;
  /** The head's bias for the label (single-label: centred the same way). */
  bias: number;
  /**
   * `exact`: linear head on a built-in backbone, bias + Σ weights = logit. `occlusion`: each
   * weight is the logit minus the logit of the text without that token (one more forward pass per
   * token; no sum rule).
   */
  method: 'exact' | 'occlusion';
  contributions: Contribution[];
}

/**
 * The exact split of a linear head's logit for class `c`: each token gets its share of the dense
 * features times the kernel, plus its share of every hashed feature it takes part in (a feature's
 * value times its table row, split equally among the feature's occurrences; word unigrams and
 * character n-grams go to their token, longer word n-grams are entries of their own).
 */
export function exactContributions(text: string, attribution: TextAttribution, features: FeatureBatch, head: HeadWeights, c: number, centred: boolean): Contribution[] {
  const classes = head.shape.classes;
  const weight = (matrix: Float32Array, row: number) => centredAt(matrix, row, classes, c, centred);
  const tokenWeights = new Float64Array(attribution.tokens.length);
  if (head.denseKernel) {
    attribution.dense.forEach((share, t) => {
      if (!share) return;
      let sum = 0;
      for (let d = 0; d < share.length; d++) sum += share[d] * weight(head.denseKernel!, d);
      tokenWeights[t] += sum;
    });
  }
  const spans = new Map<string, number>();
  if (features.sparse && head.sparseTable) {
    // The entries the head actually reads, and each one's share per occurrence.
    const { indices, values } = rowEntries(features.sparse, 0);
    const total = new Map<number, number>();
    for (let k = 0; k < indices.length; k++) total.set(indices[k], values[k] * weight(head.sparseTable, indices[k]));
    const times = new Map<number, number>();
    for (const o of attribution.occurrences) times.set(o.bucket, (times.get(o.bucket) ?? 0) + 1);
    for (const o of attribution.occurrences) {
      const share = (total.get(o.bucket) ?? 0) / (times.get(o.bucket) as number);
      if (o.first === o.last) tokenWeights[o.first] += share;
      else spans.set(`${o.first}:${o.last}`, (spans.get(`${o.first}:${o.last}`) ?? 0) + share);
    }
  }
  const { tokens } = attribution;
  return [
    ...tokens.map((token, t) => ({ ...token, weight: tokenWeights[t] })),
    ...[...spans].map(([key, weight]) => {
      const [first, last] = key.split(':').map(Number);
      return { text: text.slice(tokens[first].start, tokens[last].end), start: tokens[first].start, end: tokens[last].end, weight };
    }),
  ];
}

/** `matrix[row][c]`, or (centred) that minus the row's mean over the classes. */
export function centredAt(matrix: Float32Array, row: number, classes: number, c: number, centred: boolean): number {
  const at = row * classes;
  if (!centred) return matrix[at + c];
  let mean = 0;
  for (let j = 0; j < classes; j++) mean += matrix[at + j];
  return matrix[at + c] - mean / classes;
}

/**
 * Occlusion: for each token, the (centred) logit of class `c` minus the same when that token's
 * span is blanked out (one forward pass per token, batched).
 */
export async function occlusionContributions(text: string, backbone: Backbone, head: HeadWeights, c: number, logit: number, centred: boolean, tokens: { text: string; start: number; end: number }[]): Promise<Contribution[]> {
  if (tokens.length === 0) return [];
  const variants = tokens.map((t) => text.slice(0, t.start) + ' '.repeat(t.end - t.start) + text.slice(t.end));
  const logits = headLogits(head, await backbone.featurize(variants));
  const classes = head.shape.classes;
  return tokens.map((token, i) => ({ ...token, weight: logit - centredAt(logits, i, classes, c, centred) }));
}
