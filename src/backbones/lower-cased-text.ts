/**
 * A text its reader has already decoded and lower-cased (as `String.prototype.toLowerCase` does),
 * as UTF-16 code units: the built-in text backbones tokenize it as they would the string it was
 * decoded from, without that string being made. The command's JSONL reader gives these, as views
 * of its own memory, valid until it reads the next batch.
 */
export class LowerCasedText {
  constructor(readonly units: Uint16Array) {}
}

/** Writes the code units of `text` (a string, or units already) to the start of `units`. */
export function copyUnits(text: string | Uint16Array, units: Uint16Array): void {
  if (typeof text !== 'string') units.set(text);
  else for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
}
