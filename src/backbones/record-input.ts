import type { BackboneInput, Modality } from './backbone.js';
import { ValidationError, type Problem } from '../errors.js';
import type { TextRecord } from '../store/schema.js';

/** What a backbone of `modality` reads of `record`, or undefined when the record has none of it. */
export function recordInput(record: Pick<TextRecord, 'text' | 'image' | 'audio' | 'vector'>, modality: Modality): BackboneInput | undefined {
  switch (modality) {
    case 'text':
      return record.text;
    case 'image':
      return record.image;
    case 'audio':
      // A window record's audio is the window itself (cut on import); `window` only says where it lay.
      return record.audio && { audio: record.audio };
    case 'vector':
      return record.vector;
  }
}

/**
 * What a backbone of `modality` reads of each record, in order; a ValidationError naming every
 * record that lacks it (by id) when some do, saying what `call` needed.
 */
export function recordInputs(records: readonly Pick<TextRecord, 'id' | 'text' | 'image' | 'audio' | 'vector'>[], modality: Modality, call: string): BackboneInput[] {
  const problems: Problem[] = [];
  const inputs = records.map((record, index) => {
    const input = recordInput(record, modality);
    if (input === undefined) problems.push({ index, field: modality, value: record.id, reason: `record ${JSON.stringify(record.id)} has no ${modality}, and the backbone reads ${modality === 'vector' ? 'vectors' : `${modality}s`}` });
    return input as BackboneInput;
  });
  if (problems.length) {
    throw new ValidationError(`${call}: ${problems.length} of ${records.length} records have no ${modality} for this backbone`, problems.slice(0, 100));
  }
  return inputs;
}
