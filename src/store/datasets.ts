import { NotFoundError, ValidationError, type Problem } from '../errors.js';
import type { DatasetColumns, DatasetFileFormat, FilePreview } from '../data/dataset-files.js';
import { readText } from '../data/read-text.js';
import { throttled } from '../util/throttled.js';
import { agreement, type Agreement } from '../data/agreement.js';
import type { RecordInput } from '../data/validate-records.js';
import type { SieveDatabase } from './db.js';
import type { Dataset, TextRecord } from './schema.js';
import { kindOf, optionsArgument, requireId, requireIds } from '../data/arguments.js';
import { ensureRoom } from './storage-usage.js';
import { writeRecords } from './record-writer.js';
import { writeAnswer, writeAnswers } from './answer-writer.js';
import { newDataset } from '../data/new-dataset.js';
import { folderFiles, labelFolders, type FolderInput } from '../data/folder-files.js';
import type { AudioImportOptions } from '../data/folder-import.js';

/** CSV and JSONL reading and writing (with papaparse), loaded when a file is imported or exported. */
const datasetFiles = () => import('../data/dataset-files.js');

/** What `datasets.create` takes. */
export interface DatasetInput {
  name: string;
  labels: string[];
  multiLabel?: boolean;
  description?: string;
}

/** An annotator's answer for one record; `label` for single-label datasets, `labels` for multi-label; null takes it back. */
export interface LabelAssignment {
  /** Who answers (default: the workspace's current annotator). */
  annotator?: string;
  label?: string | null;
  labels?: string[] | null;
}

/** Options of `datasets.importFile`. */
export interface ImportOptions extends DatasetColumns {
  /** Default: from the file name (.csv or .tsv: CSV, its delimiter found by papaparse; .jsonl, .ndjson). */
  format?: DatasetFileFormat;
  /**
   * The file's text encoding, any label TextDecoder knows ("windows-1252", "iso-8859-2",
   * "utf-16le"…). Default: UTF-16 when the file starts with its byte order mark, else UTF-8. Bytes
   * the encoding cannot read are refused with the first line that has them, never replaced.
   */
  encoding?: string;
  /** `abort` (default): any bad row writes nothing; `skip`: write the valid rows, report the rest. */
  onInvalid?: 'abort' | 'skip';
  /** Called as the file is read (bytes), parsed and written (records), at most every 100 ms and at the end of each phase. */
  onProgress?: (progress: ImportProgress) => void;
  /** Aborting cancels the import: nothing of it is written, and it rejects with an AbortError. */
  signal?: AbortSignal;
  /**
   * A NumPy `.npy` file of one vector per data row of the file, in the same order (embeddings
   * computed elsewhere: `np.save('vectors.npy', embeddings)`), for `backbone: 'precomputed'`.
   */
  vectors?: Blob;
}

/** What `importFile` wrote (or `checkFile` would write). */
export interface FileImport {
  /** The dataset (new when the import created it). */
  datasetId: string;
  added: number;
  /** Rows left out (`onInvalid: 'skip'`), by row number, with the field, value and reason. */
  skipped: Problem[];
}

/** Where an import stands: `read` counts bytes, `parse` and `write` count rows. */
export interface ImportProgress {
  phase: 'read' | 'parse' | 'write';
  done: number;
  total: number;
}

/** Options of `datasets.previewFile`. */
export interface PreviewOptions extends DatasetColumns {
  /** Default: from the file name. */
  format?: DatasetFileFormat;
  /** The file's text encoding, as `ImportOptions.encoding`. */
  encoding?: string;
  /** How many rows to return (default 5). */
  rows?: number;
  /** Collect label values from the `labels` column (multi-label) instead of `label`. */
  multiLabel?: boolean;
}

/** Options of `datasets.importFolder`. */
export interface FolderImportOptions extends AudioImportOptions {
  /** Files of a folder of this name are imported unlabeled (default "unlabeled", unless that is a label). */
  unlabeledFolder?: string;
  /** `abort` (default): any bad file writes nothing; `skip`: write the others, report the bad ones. */
  onInvalid?: 'abort' | 'skip';
  /** `read` counts files checked (decoded), `write` records written. */
  onProgress?: (progress: ImportProgress) => void;
  /** Aborting cancels the import: nothing of it is written, and it rejects with an AbortError. */
  signal?: AbortSignal;
}

/** Options of `datasets.export`. */
export interface ExportOptions extends DatasetColumns {
  /** Default `jsonl`. */
  format?: DatasetFileFormat;
}

/** A cheap lower bound of a record's stored bytes (texts as UTF-16, media and vectors as they are, plus its keys and answers), not a serialization. */
function refusal(file: Blob, problems: Problem[], rows: number): ValidationError {
  const name = (file as File).name ? ` ${JSON.stringify((file as File).name)}` : '';
  const bad = new Set(problems.map((p) => p.row)).size;
  return new ValidationError(`importFile${name} refused ${bad} of ${rows} rows, nothing was written`, problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0)));
}

/** Typed access to datasets and their records. */
export class DatasetStore {
  /** @internal Made by the workspace, on its database. */
  constructor(
    private readonly db: SieveDatabase,
    /** The current annotator: who answers when a call names nobody. */
    private readonly annotator: () => string = () => 'default',
  ) {}

  /** Creates an empty dataset with a fixed label set. */
  async create(input: DatasetInput): Promise<Dataset> {
    const dataset = newDataset(input, 'datasets.create');
    await this.db.put('datasets', dataset);
    return dataset;
  }



  /** All datasets, oldest first. */
  async list(): Promise<Dataset[]> {
    const all = await this.db.getAll('datasets');
    return all.sort((a, b) => a.createdAt - b.createdAt);
  }

  /** One dataset; throws NotFoundError when there is none with that id. */
  async get(id: string): Promise<Dataset> {
    const dataset = await this.db.get('datasets', requireId(id, 'datasetId', 'datasets'));
    if (!dataset) throw new NotFoundError(`No dataset with id ${JSON.stringify(id)}`);
    return dataset;
  }

  /** Records of a dataset in insertion order. */
  async records(datasetId: string): Promise<TextRecord[]> {
    await this.get(datasetId);
    const range = IDBKeyRange.bound([datasetId, -Infinity], [datasetId, Infinity]);
    return this.db.getAllFromIndex('records', 'byDatasetSeq', range);
  }

  /** Adds records in one transaction: either all are written or, on any problem, none. */
  async addRecords(datasetId: string, inputs: RecordInput[]): Promise<{ added: number }> {
    const { added } = await writeRecords(this.db, this.annotator(), await this.get(datasetId), inputs, 'abort');
    return { added };
  }

  /**
   * Imports a CSV or JSONL file (format from `options.format` or the file name) into a dataset —
   * an existing one (its id), or a new one (its definition, as `create` takes it: the dataset and
   * its records are then written in one transaction) — with configurable column names. Every row
   * is checked first; with `onInvalid: 'abort'` (the default) any problem writes nothing and
   * throws a ValidationError listing each bad row number and reason; with `'skip'` the valid rows
   * are written (in one transaction) and the bad ones are returned in `skipped`. Reports progress
   * and cancels (nothing written) through `options`.
   */
  async importFile(target: string | DatasetInput, file: Blob, importOptions?: ImportOptions): Promise<FileImport> {
    return this.fromFile('importFile', target, file, importOptions, false);
  }

  /**
   * Checks a file exactly as `importFile` would, into an existing dataset (its id) or a new one
   * (its definition), and writes nothing: how many records it would add, and every problem by
   * row (with `onInvalid: 'skip'`; with 'abort', the default, the problems throw as they would).
   */
  async checkFile(target: string | DatasetInput, file: Blob, importOptions?: ImportOptions): Promise<FileImport> {
    return this.fromFile('checkFile', target, file, importOptions, true);
  }

  private async fromFile(call: string, target: string | DatasetInput, file: Blob, importOptions: ImportOptions | undefined, dryRun: boolean): Promise<FileImport> {
    const options = optionsArgument<ImportOptions>(importOptions, 'options', call);
    if (!(file instanceof Blob)) throw new ValidationError(call, [{ field: 'file', value: kindOf(file), reason: 'expected a File or Blob' }]);
    const { signal } = options;
    signal?.throwIfAborted();
    const report = throttled(options.onProgress);
    const dataset = typeof target === 'object' && target !== null ? newDataset(target, call) : await this.get(target);
    const onInvalid = options.onInvalid ?? 'abort';
    if (onInvalid !== 'abort' && onInvalid !== 'skip') {
      throw new ValidationError(call, [{ field: 'onInvalid', value: onInvalid, reason: 'onInvalid must be "abort" or "skip"' }]);
    }
    const { fileFormat, parseDatasetFile } = await datasetFiles();
    const format = fileFormat(file, options.format);
    const text = await readText(file, (done) => report({ phase: 'read', done, total: file.size }), call, signal, options.encoding);
    report({ phase: 'read', done: file.size, total: file.size }, true);
    report({ phase: 'parse', done: 0, total: 1 });
    const { rows, problems, count } = parseDatasetFile(text, format, dataset, options);
    if (options.vectors !== undefined) await this.attachVectors(options.vectors, rows, count, call);
    const total = rows.length + new Set(problems.map((p) => p.row)).size;
    report({ phase: 'parse', done: total, total }, true);
    signal?.throwIfAborted();
    const result = await writeRecords(this.db, this.annotator(), dataset, rows.map((r) => r.record), onInvalid, {
      rowOf: (index) => rows[index].row,
      earlier: problems,
      refuse: (all) => refusal(file, all, total),
      dryRun,
      onWritten: (done, of) => report({ phase: 'write', done, total: of }, done === of),
      signal,
    });
    return { datasetId: dataset.id, added: result.added, skipped: result.problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0)) };
  }

  /**
   * Imports a folder of images or sounds laid out as one subfolder per label (the layout of image
   * folder datasets: `cats/a.jpg`, `dogs/b.png`): the files of an `<input type="file"
   * webkitdirectory>`, or `{ path, file }` pairs (a drop: `filesFromDrop`). Into an existing
   * single-label dataset, or a new one (its definition; its labels default to the folder names).
   * Every file is decoded first: a file the browser cannot decode, a file at the top level, a
   * folder that is not a label, or no files at all is a problem naming the path; with `onInvalid:
   * 'abort'` (the default) any problem writes nothing. Sounds may be cut into windows of
   * `windowSeconds`, each a record (`window` says where it lay in its clip). All records are
   * written in one transaction; the browser's storage estimate is checked first. Record ids are
   * the files' paths (a window's: path#start), so importing the same folder twice is refused.
   */
  async importFolder(target: string | (Omit<DatasetInput, 'labels'> & { labels?: string[] }), input: FolderInput, importOptions?: FolderImportOptions): Promise<FileImport> {
    const call = 'importFolder';
    const options = optionsArgument<FolderImportOptions>(importOptions, 'options', call);
    const { signal } = options;
    signal?.throwIfAborted();
    const onInvalid = options.onInvalid ?? 'abort';
    const problems: Problem[] = [];
    if (onInvalid !== 'abort' && onInvalid !== 'skip') problems.push({ field: 'onInvalid', value: onInvalid, reason: 'onInvalid must be "abort" or "skip"' });
    if (options.windowSeconds !== undefined && !(typeof options.windowSeconds === 'number' && options.windowSeconds > 0 && Number.isFinite(options.windowSeconds))) {
      problems.push({ field: 'windowSeconds', value: options.windowSeconds, reason: 'windowSeconds must be a number of seconds above 0' });
    }
    if (options.sampleRate !== undefined && !(Number.isInteger(options.sampleRate) && options.sampleRate >= 3000 && options.sampleRate <= 768000)) {
      problems.push({ field: 'sampleRate', value: options.sampleRate, reason: 'sampleRate must be a whole number of Hz from 3000 to 768000' });
    }
    if (problems.length) throw new ValidationError(call, problems);
    const layout = labelFolders(folderFiles(input, call));
    const unlabeled = options.unlabeledFolder ?? 'unlabeled';
    const folders = [...new Set(layout.files.map((f) => f.folder))].filter((f) => f !== unlabeled);
    const dataset =
      typeof target === 'object' && target !== null ? newDataset({ ...target, labels: target.labels ?? folders } as DatasetInput, call) : await this.get(target);
    if (dataset.multiLabel) throw new ValidationError(call, [{ field: 'dataset', value: dataset.name, reason: 'a folder gives each file one label: import folders into a single-label dataset' }]);
    const report = throttled(options.onProgress);
    const total = layout.files.length;
    await ensureRoom(layout.files.reduce((n, f) => n + f.file.size, 0), `Importing ${total} files`);
    const label = (folder: string) => (dataset.labels.includes(folder) ? folder : folder === unlabeled ? null : undefined);
    const { folderRecords } = await import('../data/folder-import.js');
    const prepared = await folderRecords(dataset, layout.files, label, options, (done) => report({ phase: 'read', done, total }, done === total), signal);
    const earlier = [...layout.problems, ...prepared.problems];
    const result = await writeRecords(this.db, this.annotator(), dataset, prepared.inputs, onInvalid, {
      rowOf: (index) => prepared.rows[index],
      earlier,
      refuse: (all) => new ValidationError(`importFolder refused ${new Set(all.map((p) => p.row ?? p.value)).size} of ${total} files, nothing was written`, all.sort((a, b) => (a.row ?? 0) - (b.row ?? 0))),
      dryRun: false,
      onWritten: (done, of) => report({ phase: 'write', done, total: of }, done === of),
      signal,
    });
    return { datasetId: dataset.id, added: result.added, skipped: result.problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0)) };
  }

  /**
   * A single-label dataset's images and sounds as a ZIP archive, one folder per label (unlabeled
   * records in `unlabeledFolder`, default "unlabeled"), every file byte for byte: what
   * `importFolder` reads back. Records without media are left out (`export` writes them).
   */
  async exportZip(datasetId: string, exportOptions?: { unlabeledFolder?: string }): Promise<Blob> {
    const options = optionsArgument<{ unlabeledFolder?: string }>(exportOptions, 'options', 'datasets.exportZip');
    const dataset = await this.get(datasetId);
    if (dataset.multiLabel) throw new ValidationError('datasets.exportZip', [{ field: 'dataset', value: dataset.name, reason: 'a folder per label holds single-label datasets only' }]);
    const { zipMedia } = await import('../data/zip-export.js');
    return (await zipMedia(await this.records(datasetId), options.unlabeledFolder ?? 'unlabeled')).zip;
  }

  /** Gives each parsed row its vector from a `.npy` file with one row per data row of the file. */
  private async attachVectors(vectors: unknown, rows: { index: number; record: RecordInput }[], count: number, call: string): Promise<void> {
    if (!(vectors instanceof Blob)) throw new ValidationError(call, [{ field: 'vectors', value: kindOf(vectors), reason: 'vectors must be a .npy File or Blob' }]);
    const { readNpy } = await import('../data/npy.js');
    const name = (vectors as File).name || 'the .npy file';
    const table = readNpy(await vectors.arrayBuffer(), name);
    if (table.length !== count) throw new ValidationError(call, [{ field: 'vectors', value: name, reason: `it holds ${table.length} vectors and the file ${count} rows: one vector per row, in order` }]);
    for (const row of rows) row.record.vector = table[row.index];
  }

  /**
   * What a CSV or JSONL file holds, before importing it: its columns, first rows, row count and
   * the label values of its label column (a form maps columns and creates a dataset from these).
   */
  async previewFile(file: Blob, previewOptions?: PreviewOptions): Promise<FilePreview> {
    const options = optionsArgument<PreviewOptions>(previewOptions, 'options', 'previewFile');
    if (!(file instanceof Blob)) throw new ValidationError('previewFile', [{ field: 'file', value: kindOf(file), reason: 'expected a File or Blob' }]);
    const { fileFormat, previewDatasetFile } = await datasetFiles();
    const text = await readText(file, () => {}, 'previewFile', undefined, options.encoding);
    return previewDatasetFile(text, fileFormat(file, options.format), options, options.rows ?? 5);
  }

  /** A dataset's records as one CSV or JSONL file (see `importFile` for the columns). */
  async export(datasetId: string, exportOptions?: ExportOptions): Promise<Blob> {
    const options = optionsArgument<ExportOptions>(exportOptions, 'options', 'datasets.export');
    const dataset = await this.get(datasetId);
    const format = options.format ?? 'jsonl';
    if (format !== 'csv' && format !== 'jsonl') {
      throw new ValidationError('datasets.export', [{ field: 'format', value: format, reason: 'format must be "csv" or "jsonl"' }]);
    }
    const { serializeDataset } = await datasetFiles();
    return serializeDataset(dataset, await this.records(datasetId), format, options);
  }

  /**
   * Records one annotator's answer for a record (replacing that annotator's earlier answer; null
   * takes it back) and updates the record's unified (majority) label.
   */
  async annotate(datasetId: string, recordId: string, assignment: LabelAssignment): Promise<TextRecord> {
    requireId(recordId, 'recordId', 'annotate');
    optionsArgument(assignment, 'assignment', 'annotate');
    return writeAnswer(this.db, await this.get(datasetId), recordId, assignment ?? {}, this.annotator());
  }

  /**
   * Records one annotator's answer for many records in one transaction (all or none): a bulk
   * label for a filtered selection. Returns the updated records.
   */
  async annotateMany(datasetId: string, recordIds: readonly string[], assignment: LabelAssignment): Promise<TextRecord[]> {
    requireIds(recordIds, 'recordIds', 'annotateMany');
    optionsArgument(assignment, 'assignment', 'annotateMany');
    return this.annotateEach(datasetId, recordIds.map((recordId) => ({ ...assignment, recordId })), `annotateMany (${recordIds.length} records)`);
  }

  /**
   * Records an answer per record, each its own (e.g. restoring the answers a bulk label replaced),
   * in one transaction (all or none). Every entry is checked first; problems name the entry's index.
   */
  async annotateEach(datasetId: string, answers: readonly (LabelAssignment & { recordId: string })[], context = 'annotateEach'): Promise<TextRecord[]> {
    if (!Array.isArray(answers)) throw new ValidationError(context, [{ field: 'answers', value: kindOf(answers), reason: 'expected an array of { recordId, label | labels }' }]);
    return writeAnswers(this.db, await this.get(datasetId), answers, this.annotator(), context);
  }

  /** Inter-annotator agreement of a dataset (Cohen's kappa for two annotators, Krippendorff's alpha for more). */
  async agreement(datasetId: string): Promise<Agreement> {
    return agreement(await this.get(datasetId), await this.records(datasetId));
  }

  /** Deletes a dataset and all its records in one transaction. */
  async delete(datasetId: string): Promise<void> {
    await this.get(datasetId);
    const tx = this.db.transaction(['datasets', 'records'], 'readwrite');
    void tx.objectStore('records').delete(IDBKeyRange.bound([datasetId, ''], [datasetId, []]));
    void tx.objectStore('datasets').delete(datasetId);
    await tx.done;
  }
}
