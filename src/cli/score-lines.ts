import { argmax } from '../inference/scores.js';

/** A number as JSON writes it: as `String` does where finite, `null` otherwise. */
function jsonNumber(value: number): string {
  return Number.isFinite(value) ? String(value) : 'null';
}

/**
 * Writes the command's output lines, `{ id?, label, score, scores, labels? }` (labels: multi-label
 * models only), from a batch's probabilities: the very text `JSON.stringify` gives for those
 * objects, keys in the same order, without the objects being made (making them and stringifying
 * them took four times as long per record, and their garbage with them).
 */
export class ScoreLines {
  /** Each label as a JSON string. */
  private readonly labelJson: string[];
  /** The classes in the order an object keyed by label lists them (integer-like labels first, ascending), each with its key written out. */
  private readonly scoreKeys: { c: number; key: string }[];

  constructor(
    labels: readonly string[],
    private readonly multiLabel: boolean,
    private readonly thresholds: readonly number[],
  ) {
    this.labelJson = labels.map((label) => JSON.stringify(label));
    const classOf = Object.fromEntries(labels.map((label, c) => [label, c])) as Record<string, number>;
    this.scoreKeys = Object.keys(classOf).map((label, k) => ({ c: classOf[label], key: `${k ? ',' : ''}${JSON.stringify(label)}:` }));
  }

  /** The lines (each ending in a line break) of the records with `ids`, whose probabilities are `count × classes`, row-major. */
  format(probabilities: Float32Array, ids: readonly (string | undefined)[]): string {
    const classes = this.labelJson.length;
    let out = '';
    for (let i = 0; i < ids.length; i++) {
      const row = probabilities.subarray(i * classes, (i + 1) * classes);
      const best = argmax(row);
      const id = ids[i];
      // The score is written twice (as `score` and among `scores`), converted once.
      const score = jsonNumber(row[best]);
      out += `${id !== undefined ? `{"id":${JSON.stringify(id)},"label":` : '{"label":'}${this.labelJson[best]},"score":${score},"scores":{`;
      for (const { c, key } of this.scoreKeys) out += key + (c === best ? score : jsonNumber(row[c]));
      out += '}';
      if (this.multiLabel) out += `,"labels":[${this.labelJson.filter((_, c) => row[c] >= this.thresholds[c]).join(',')}]`;
      out += '}\n';
    }
    return out;
  }
}
