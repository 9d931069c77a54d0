import type { AudioInput, BackboneInput, Modality } from '../backbones/backbone.js';
import { checkTexts, kindOf } from '../data/arguments.js';
import { ValidationError, type Problem } from '../errors.js';

/** What a classifier takes for one item: a text, an image, an audio clip (or a window of one), or a vector (as the model's backbone reads). */
export type ItemInput = string | Blob | AudioInput | Float32Array | readonly number[];

/**
 * Checks that every item is what a backbone of `modality` reads (vectors `dims` long, finite) and
 * returns them as the backbone takes them; a ValidationError names each wrong item by index.
 */
export function checkItems(items: unknown, modality: Modality, dims: number, context: string): BackboneInput[] {
  if (modality === 'text') {
    checkTexts(items, context);
    return items;
  }
  if (!Array.isArray(items)) throw new ValidationError(context, [{ field: 'items', value: kindOf(items), reason: `expected an array of ${modality === 'vector' ? 'vectors' : `${modality}s`}` }]);
  const problems: Problem[] = [];
  const out = items.map((item: unknown, index): BackboneInput => {
    const problem = (reason: string) => problems.push({ index, field: modality, value: kindOf(item), reason });
    if (modality === 'image') {
      if (!(item instanceof Blob)) problem('an image must be a Blob or File');
      return item as Blob;
    }
    if (modality === 'audio') {
      if (item instanceof Blob) return { audio: item };
      const given = item as Partial<AudioInput> | null;
      if (!(given?.audio instanceof Blob)) problem('audio must be a Blob, a File or { audio: Blob, window?: { start, end } }');
      return item as AudioInput;
    }
    const values = item as ArrayLike<unknown>;
    if (!(item instanceof Float32Array || Array.isArray(item))) problem('a vector must be a Float32Array or an array of numbers');
    else if (values.length !== dims) problem(`a vector of this model has ${dims} values, not ${values.length}`);
    else if (!Array.prototype.every.call(values, (v: unknown) => typeof v === 'number' && Number.isFinite(v))) problem('every vector value must be a finite number');
    return item instanceof Float32Array ? item : Float32Array.from(values as number[]);
  });
  if (problems.length) throw new ValidationError(context, problems.slice(0, 5));
  return out;
}
