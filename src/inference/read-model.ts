import { ValidationError } from '../errors.js';
import type { StoredModel } from '../store/schema.js';
import { readHeadWeights, type HeadWeights } from './head-weights.js';

/**
 * A stored model's head weights and labels, checked: every weight's name and shape against the
 * head, the byte count, and a label for each class. Throws a ValidationError (under `context`)
 * naming each problem; used when a model is loaded and when a model file is imported.
 */
export function readModel(model: StoredModel, context: string): { head: HeadWeights; labels: string[] } {
  if (!model.head || typeof model.head !== 'object' || !Array.isArray(model.weightSpecs) || !(model.weights instanceof ArrayBuffer)) {
    throw new ValidationError(context, [{ field: 'model', reason: 'the model lacks its head, weight specs or weights' }]);
  }
  const head = readHeadWeights(model.head, model.weightSpecs, model.weights, context);
  return { head, labels: labelsOf(model, head.shape.classes, context) };
}

/**
 * The label of each class index 0 … classes−1. A map with gaps, extras, non-string or repeated
 * labels, or a label2id that disagrees with it, is refused.
 */
function labelsOf(model: Omit<StoredModel, 'weights'>, classes: number, context: string): string[] {
  const map = model.id2label as Record<string, unknown> | undefined;
  const labels = Array.from({ length: classes }, (_, c) => (map && Object.hasOwn(map, String(c)) ? map[String(c)] : undefined));
  const broken = labels.findIndex((l) => typeof l !== 'string' || l === '');
  if (!map || typeof map !== 'object' || broken >= 0 || Object.keys(map).length !== classes) {
    throw new ValidationError(context, [{ field: 'id2label', value: map, reason: `must name each of the ${classes} classes 0…${classes - 1} with a non-empty label` }]);
  }
  const inverse = model.label2id as Record<string, unknown> | undefined;
  const mismatch = labels.findIndex((label, c) => labels.indexOf(label) !== c || !inverse || !Object.hasOwn(inverse, label as string) || inverse[label as string] !== c);
  if (mismatch >= 0 || Object.keys(inverse ?? {}).length !== classes) {
    throw new ValidationError(context, [{ field: 'label2id', value: inverse, reason: `must map each label of id2label to its class index, once (first mismatch: class ${mismatch})` }]);
  }
  return labels as string[];
}
