import Papa from 'papaparse';
import { ValidationError, type Problem } from '../errors.js';
import type { Dataset, Response, Split, TextRecord } from '../store/schema.js';
import { unify } from './unify.js';
import type { RecordInput } from './validate-records.js';

/** File formats of dataset import and export. */
export type DatasetFileFormat = 'csv' | 'jsonl';

/**
 * Column names of a dataset file (Hugging Face datasets' defaults). `null` for an optional column
 * says the file has none: a column of the default name is then not read.
 */
export interface DatasetColumns {
  /** Default "id"; a missing or empty id gets a new one. */
  idColumn?: string | null;
  /** Default "text". */
  textColumn?: string;
  /** Single-label datasets; default "label". */
  labelColumn?: string | null;
  /** Multi-label datasets; default "labels" (JSONL: an array; CSV: a JSON array or "a|b"). */
  labelsColumn?: string | null;
  /** Default "split" (train, validation or test). */
  splitColumn?: string | null;
  /**
   * Default "responses": every annotator's answer, a JSON array of `{ annotator, label | labels,
   * at }` (a JSON string in CSV). When a row has responses, its label column must be empty or
   * their majority.
   */
  responsesColumn?: string | null;
  /** Default "vector": features computed elsewhere (JSONL: an array of numbers; CSV: a JSON array), for `backbone: 'precomputed'`. */
  vectorColumn?: string | null;
  /** Defaults "image_url" and "audio_url": where a record's media are (kept as `imageUrl` / `audioUrl`, shown by the labeler). */
  imageUrlColumn?: string | null;
  audioUrlColumn?: string | null;
}

/** A column name no file has (a NUL character): where a column is mapped to none, nothing is read. */
const NO_COLUMN = '\u0000';

function columnsOf(options: DatasetColumns) {
  const name = (column: string | null | undefined, fallback: string) => (column === null ? NO_COLUMN : (column ?? fallback));
  return {
    id: name(options.idColumn, 'id'),
    text: options.textColumn ?? 'text',
    label: name(options.labelColumn, 'label'),
    labels: name(options.labelsColumn, 'labels'),
    split: name(options.splitColumn, 'split'),
    responses: name(options.responsesColumn, 'responses'),
    vector: name(options.vectorColumn, 'vector'),
    imageUrl: name(options.imageUrlColumn, 'image_url'),
    audioUrl: name(options.audioUrlColumn, 'audio_url'),
  };
}

/** The format of a file: the given one, else from its name (.csv, .jsonl, .ndjson), else an error. */
export function fileFormat(file: Blob, format: unknown): DatasetFileFormat {
  if (format === 'csv' || format === 'jsonl') return format;
  if (format !== undefined) throw new ValidationError('importFile', [{ field: 'format', value: format, reason: 'format must be "csv" or "jsonl"' }]);
  const name = (file as File).name ?? '';
  // Tab-separated values are CSV to papaparse, which finds the delimiter from the first rows.
  if (/\.(csv|tsv)$/i.test(name)) return 'csv';
  if (/\.(jsonl|ndjson)$/i.test(name)) return 'jsonl';
  throw new ValidationError('importFile', [{ field: 'format', value: name || undefined, reason: 'cannot tell the format from the file name: pass { format: "csv" | "jsonl" }' }]);
}

/** A parsed row: its 1-based row number, its place among the file's data rows (from 0) and the record it describes. */
export interface ParsedRow {
  row: number;
  index: number;
  record: RecordInput;
}

/** A file's rows as objects (1-based row numbers), the rows that could not be read, and its columns. */
interface FileRows {
  objects: { row: number; index: number; value: Record<string, unknown> }[];
  /** Data rows, readable or not. */
  count: number;
  problems: Problem[];
  /** CSV: the header row; JSONL: every key seen, in order of first appearance. */
  columns: string[];
}

/** Reads a CSV (papaparse: header row, quoted fields, any line ending) or JSONL text into row objects. */
function readRows(text: string, format: DatasetFileFormat): FileRows {
  const objects: FileRows['objects'] = [];
  const problems: Problem[] = [];
  if (format === 'csv') {
    const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: 'greedy' });
    for (const error of parsed.errors) problems.push({ row: (error.row ?? 0) + 1, reason: `CSV: ${error.message}` });
    const bad = new Set(problems.map((p) => p.row));
    parsed.data.forEach((value, i) => !bad.has(i + 1) && objects.push({ row: i + 1, index: i, value }));
    return { objects, problems, columns: parsed.meta.fields ?? [], count: parsed.data.length };
  }
  const columns = new Set<string>();
  let count = 0;
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    const index = count++;
    try {
      const value = JSON.parse(line);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('a line must hold one JSON object');
      objects.push({ row: i + 1, index, value });
      for (const key of Object.keys(value)) columns.add(key);
    } catch (error) {
      problems.push({ row: i + 1, reason: `JSONL: ${(error as Error).message}` });
    }
  });
  return { objects, problems, columns: [...columns], count };
}

/** What a dataset file holds, before anything is imported: see `datasets.previewFile`. */
export interface FilePreview {
  format: DatasetFileFormat;
  /** Column names (CSV header; JSONL keys). */
  columns: string[];
  /** The first rows, as read. */
  rows: Record<string, unknown>[];
  /** Rows with content (readable or not). */
  rowCount: number;
  /** Distinct values of the label column (single-label) or of the labels column's entries, in order of appearance. */
  labelValues: string[];
}

/** The columns, first `n` rows, row count and label values of a dataset file's text. */
export function previewDatasetFile(text: string, format: DatasetFileFormat, options: DatasetColumns & { multiLabel?: boolean }, n: number): FilePreview {
  const col = columnsOf(options);
  const { objects, problems, columns } = readRows(text, format);
  const labelValues = new Set<string>();
  for (const { value } of objects) {
    const raw = value[options.multiLabel ? col.labels : col.label];
    if (raw === undefined || raw === null || raw === '') continue;
    const values = !options.multiLabel ? [raw] : Array.isArray(raw) ? raw : String(raw).trim().startsWith('[') ? safeJsonArray(String(raw)) : String(raw).split('|');
    for (const v of values) if (String(v).trim()) labelValues.add(String(v).trim());
  }
  return { format, columns, rows: objects.slice(0, n).map((o) => o.value), rowCount: objects.length + new Set(problems.map((p) => p.row)).size, labelValues: [...labelValues] };
}

function safeJsonArray(text: string): unknown[] {
  try {
    const value = JSON.parse(text);
    return Array.isArray(value) ? value : [];
  } catch {
    return [];
  }
}

/**
 * Parses a dataset file into records. Rows that cannot be read are returned as problems with their
 * row number; other checks (labels in the label set, splits, ids) are `validateRecords`' job.
 */
export function parseDatasetFile(text: string, format: DatasetFileFormat, dataset: Dataset, options: DatasetColumns = {}): { rows: ParsedRow[]; problems: Problem[]; count: number } {
  const col = columnsOf(options);
  const rows: ParsedRow[] = [];
  const { objects, problems, columns, count } = readRows(text, format);
  const vectorsBeside = (options as { vectors?: unknown }).vectors !== undefined;
  if (format === 'csv' && !columns.includes(col.text) && !columns.includes(col.vector) && !vectorsBeside) {
    throw new ValidationError('importFile', [{ field: col.text, reason: `the CSV has no "${col.text}" column (columns: ${columns.join(', ') || 'none'}); pass textColumn (or give a "${col.vector}" column of vectors)` }]);
  }
  for (const { row, index, value } of objects) {
    const record: RecordInput = {};
    const rawVector = value[col.vector];
    if (rawVector !== undefined && rawVector !== '' && rawVector !== null) {
      try {
        record.vector = (typeof rawVector === 'string' ? JSON.parse(rawVector) : rawVector) as number[];
      } catch {
        problems.push({ row, field: col.vector, value: String(rawVector).slice(0, 80), reason: 'vector must be a JSON array of numbers' });
        continue;
      }
    }
    for (const field of ['imageUrl', 'audioUrl'] as const) {
      const url = value[col[field]];
      if (url !== undefined && url !== '' && url !== null) record[field] = url as string;
    }
    const text = value[col.text];
    // A vector row may leave the text empty; a text row may not (validation says so).
    if (text !== undefined && !(record.vector !== undefined && (text === '' || text === null))) record.text = text as string;
    const id = value[col.id];
    if (id !== undefined && id !== '' && id !== null) {
      if (typeof id !== 'string' && !(typeof id === 'number' && Number.isFinite(id))) {
        problems.push({ row, field: col.id, value: JSON.stringify(id)?.slice(0, 80), reason: 'id must be a string or a number' });
        continue;
      }
      record.id = String(id);
    }
    const split = value[col.split];
    if (split !== undefined && split !== '' && split !== null) record.split = split as Split;
    const rawLabel = dataset.multiLabel ? value[col.labels] : value[col.label];
    if (rawLabel !== undefined && rawLabel !== '' && rawLabel !== null) {
      if (!dataset.multiLabel) record.label = rawLabel as string;
      else if (Array.isArray(rawLabel)) record.labels = rawLabel as string[];
      else if (typeof rawLabel === 'string') {
        try {
          record.labels = rawLabel.trim().startsWith('[') ? JSON.parse(rawLabel) : rawLabel.split('|').map((l) => l.trim()).filter(Boolean);
        } catch {
          problems.push({ row, field: col.labels, value: rawLabel, reason: 'labels must be a JSON array or "a|b"' });
          continue;
        }
      } else record.labels = rawLabel as never;
    }
    const rawResponses = value[col.responses];
    if (rawResponses !== undefined && rawResponses !== '' && rawResponses !== null) {
      let responses: unknown;
      try {
        responses = typeof rawResponses === 'string' ? JSON.parse(rawResponses) : rawResponses;
      } catch {
        problems.push({ row, field: col.responses, value: rawResponses, reason: 'responses must be a JSON array of { annotator, label | labels, at }' });
        continue;
      }
      const mismatch = labelMismatch(record, responses, dataset.multiLabel);
      if (mismatch) {
        problems.push({ row, field: dataset.multiLabel ? col.labels : col.label, value: dataset.multiLabel ? record.labels : record.label, reason: mismatch });
        continue;
      }
      // The label column restates the responses' majority: the responses are what is stored.
      delete record.label;
      delete record.labels;
      record.responses = responses as RecordInput['responses'];
    }
    const metadata = value.metadata;
    if (metadata !== undefined && metadata !== '') {
      try {
        record.metadata = typeof metadata === 'string' ? JSON.parse(metadata) : (metadata as Record<string, unknown>);
      } catch {
        problems.push({ row, field: 'metadata', value: metadata, reason: 'metadata must be a JSON object' });
        continue;
      }
    }
    rows.push({ row, index, record });
  }
  return { rows, problems, count };
}

/**
 * Why a row's label column contradicts its responses (their majority, as stored records keep it),
 * or undefined when it is empty, agrees, or the responses are malformed (which validation reports).
 */
function labelMismatch(record: RecordInput, responses: unknown, multiLabel: boolean): string | undefined {
  const given = multiLabel ? record.labels : record.label;
  if (given === undefined || !Array.isArray(responses) || !responses.every((r) => typeof r === 'object' && r !== null)) return undefined;
  const majority = unify(responses as Response[], multiLabel, 'majority');
  const expected = multiLabel ? (majority?.labels ?? []) : majority?.label;
  const same = multiLabel ? Array.isArray(given) && JSON.stringify([...new Set(given)].sort()) === JSON.stringify(expected) : given === expected;
  if (same) return undefined;
  return `the label column (${JSON.stringify(given)}) is not the majority of the row's responses (${expected === undefined ? 'none' : JSON.stringify(expected)}); leave it empty or correct the responses`;
}

/** A dataset's records as a CSV or JSONL file, with the given column names (each annotator's answer in the responses column). */
export function serializeDataset(dataset: Dataset, records: readonly TextRecord[], format: DatasetFileFormat, options: DatasetColumns = {}): Blob {
  const col = columnsOf(options);
  const media = records.find((r) => r.image || r.audio);
  if (media) {
    throw new ValidationError('datasets.export', [{ field: media.image ? 'image' : 'audio', value: media.id, reason: `record ${JSON.stringify(media.id)} holds ${media.image ? 'an image' : 'audio'}, which a ${format.toUpperCase()} file cannot carry: use datasets.exportZip (one folder per label)` }]);
  }
  const vectors = dataset.vectorDims !== undefined;
  const rows = records.map((r) => {
    const row: Record<string, unknown> = { [col.id]: r.id, [col.text]: r.text ?? null };
    if (vectors) row[col.vector] = r.vector ? Array.from(r.vector) : null;
    if (r.imageUrl !== undefined) row[col.imageUrl] = r.imageUrl;
    if (r.audioUrl !== undefined) row[col.audioUrl] = r.audioUrl;
    if (dataset.multiLabel) row[col.labels] = r.labels ?? null;
    else row[col.label] = r.label ?? null;
    row[col.split] = r.split ?? null;
    row[col.responses] = r.responses ?? null;
    if (r.metadata !== undefined) row.metadata = r.metadata;
    return row;
  });
  if (format === 'jsonl') {
    return new Blob([rows.map((row) => JSON.stringify(row)).join('\n') + (rows.length ? '\n' : '')], { type: 'application/jsonl' });
  }
  const urls = [...(records.some((r) => r.imageUrl !== undefined) ? [col.imageUrl] : []), ...(records.some((r) => r.audioUrl !== undefined) ? [col.audioUrl] : [])];
  const fields = [col.id, col.text, ...(vectors ? [col.vector] : []), ...urls, dataset.multiLabel ? col.labels : col.label, col.split, col.responses, 'metadata'];
  const csvRows = rows.map((row) =>
    fields.map((f) => {
      const v = row[f];
      if (v === null || v === undefined) return '';
      return typeof v === 'object' ? JSON.stringify(v) : String(v);
    }),
  );
  return new Blob([Papa.unparse({ fields, data: csvRows }, { newline: '\n' }) + '\n'], { type: 'text/csv' });
}
