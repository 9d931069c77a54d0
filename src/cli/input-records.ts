import type { LowerCasedText } from '../backbones/lower-cased-text.js';

/** Why a line could not be read, with its line number. */
export interface InputProblem {
  line: number;
  problem: string;
}

/**
 * One input record to score (a text, or a vector for a model on precomputed vectors; from JSONL,
 * also a text already decoded and lower-cased by `PlainJsonLines`), or why a line could not be read.
 */
export type InputRecord<Item = string | Float32Array> = { line: number; id?: string; item: Item } | InputProblem;

/** A record of a JSONL batch (see `jsonlRecords`). */
export type JsonlRecord = InputRecord<string | LowerCasedText | Float32Array>;

/** Column names of the input, and what the model reads. */
export interface InputColumns {
  textColumn: string;
  idColumn: string;
  /** The id column was named (`--id-column`): every record must have an id there. */
  idRequired?: boolean;
  vectorColumn: string;
  /** Set when the model reads precomputed vectors of this length (from `vectorColumn`) instead of texts. */
  vectorDims?: number;
}

/**
 * A parsed row as a record to score: its text column must be a string (or, for a model on
 * vectors, its vector column an array of `vectorDims` finite numbers; a JSON array in CSV); an
 * empty id counts as none (unless the id column was named), and an id is a string or a number.
 */
export function recordOf(line: number, value: unknown, { textColumn, idColumn, idRequired, vectorColumn, vectorDims }: InputColumns): InputRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { line, problem: 'a line must hold one JSON object' };
  const row = value as Record<string, unknown>;
  let item: string | Float32Array;
  if (vectorDims === undefined) {
    const text = row[textColumn];
    if (typeof text !== 'string') return { line, problem: `"${textColumn}" must be a string (got ${text === undefined ? `nothing: ${fieldsOf(row)}; --text-column names another` : JSON.stringify(text).slice(0, 40)})` };
    item = text;
  } else {
    let vector = row[vectorColumn];
    if (typeof vector === 'string') {
      try {
        vector = JSON.parse(vector);
      } catch {
        // Reported below as not an array.
      }
    }
    const ok = Array.isArray(vector) && vector.length === vectorDims && vector.every((v) => typeof v === 'number' && Number.isFinite(v));
    if (!ok) return { line, problem: `"${vectorColumn}" must be an array of ${vectorDims} finite numbers (got ${vector === undefined ? `nothing: ${fieldsOf(row)}; --vector-column names another` : JSON.stringify(vector).slice(0, 40)})` };
    item = Float32Array.from(vector as number[]);
  }
  const id = row[idColumn];
  if (id === undefined || id === null || id === '') return idRequired ? { line, problem: `"${idColumn}" (the id) is missing` } : { line, item };
  if (typeof id !== 'string' && !(typeof id === 'number' && Number.isFinite(id))) return { line, problem: `"${idColumn}" must be a string or a number (got ${JSON.stringify(id).slice(0, 40)})` };
  return { line, id: String(id), item };
}

/** The fields a record has, for a problem that names one it lacks: "its fields are "id", "body"" (the first eight). */
function fieldsOf(row: Record<string, unknown>): string {
  const keys = Object.keys(row);
  if (!keys.length) return 'it has no fields';
  return `its fields are ${keys.slice(0, 8).map((key) => JSON.stringify(key)).join(', ')}${keys.length > 8 ? ', …' : ''}`;
}
