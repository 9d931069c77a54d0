import { recordInputs } from '../backbones/record-input.js';
import { NotFoundError, ValidationError, type Problem } from '../errors.js';
import type { DatasetStore } from '../store/datasets.js';
import type { SieveDatabase } from '../store/db.js';
import type { ClassifierOutput, OutputScores, TextRecord } from '../store/schema.js';
import { seededRandom, shuffled } from '../util/random.js';
import { yieldToBrowser } from '../util/yield.js';
import type { Classifier } from '../inference/classifier.js';
import { callbackProblems, optionsArgument, requireId } from '../data/arguments.js';

/** Options of `outputs.create`. */
export interface CreateOutputOptions {
  /** Called after each chunk: `done` of `total` records classified. */
  onProgress?: (progress: { done: number; total: number }) => void;
  /** Aborting stops the run; nothing is stored. */
  signal?: AbortSignal;
}

/** What `outputs.sample` selects. */
export interface SampleQuery {
  /** Label whose score (or logit) the range applies to. */
  label: string;
  minScore?: number;
  maxScore?: number;
  minLogit?: number;
  maxLogit?: number;
  /** Most records returned. */
  n: number;
  /** Seed of the random choice among the matching records (default 0). */
  seed?: number;
}

/** A record picked for review, with the output's scores for it. */
export interface SampledRecord {
  record: TextRecord;
  /** Score and logit of the queried label. */
  score: number;
  logit: number;
  /** Every label's score. */
  scores: Record<string, number>;
}

const CHUNK = 256;

/**
 * Classifier outputs, as perch-analyzer's run_classifier and gather_classifier_outputs: a run's
 * classifier scores every record of a dataset, the scores are stored, and records are sampled by
 * label within a score or logit range for review.
 */
/** How a classifier output's scores for one label spread: counts in equal-width bins over [0, 1]. */
export interface ScoreHistogram {
  label: string;
  /** Bin edges, `bins + 1` of them, from 0 to 1. */
  edges: number[];
  /** Records per bin: bin b holds scores in [edges[b], edges[b + 1]) (the last bin includes 1). */
  counts: number[];
}

export class OutputStore {
  /** @internal Made by the workspace, on its database. */
  constructor(
    private readonly db: SieveDatabase,
    private readonly datasets: DatasetStore,
    private readonly classifier: (runId: string) => Promise<Classifier>,
  ) {}

  /** Classifies every record of `datasetId` with the model of `runId` and stores all scores in one transaction. */
  async create(runId: string, datasetId: string, createOptions?: CreateOutputOptions): Promise<ClassifierOutput> {
    const options = optionsArgument<CreateOutputOptions>(createOptions, 'options', 'outputs.create');
    const problems = callbackProblems(options);
    if (problems.length) throw new ValidationError('outputs.create', problems);
    requireId(runId, 'runId', 'outputs.create');
    const records = await this.datasets.records(datasetId);
    const clf = await this.classifier(runId);
    try {
      const rows: OutputScores[] = [];
      const output: ClassifierOutput = { id: crypto.randomUUID(), runId, datasetId, labels: [...clf.labelNames], count: records.length, createdAt: Date.now() };
      for (let start = 0; start < records.length; start += CHUNK) {
        options.signal?.throwIfAborted();
        const chunk = records.slice(start, start + CHUNK);
        const predictions = await clf.predictBatch(recordInputs(chunk, clf.modality, 'outputs.create'));
        predictions.forEach((p, i) =>
          rows.push({ outputId: output.id, recordId: chunk[i].id, scores: output.labels.map((l) => p.scores[l]), logits: output.labels.map((l) => p.logits[l]) }),
        );
        options.onProgress?.({ done: Math.min(records.length, start + CHUNK), total: records.length });
        await yieldToBrowser(options.signal);
      }
      const tx = this.db.transaction(['outputs', 'outputScores'], 'readwrite');
      void tx.objectStore('outputs').put(output);
      const store = tx.objectStore('outputScores');
      for (const row of rows) void store.put(row);
      await tx.done;
      return output;
    } finally {
      clf.dispose();
    }
  }

  /** One output; throws NotFoundError when there is none with that id. */
  async get(outputId: string): Promise<ClassifierOutput> {
    const output = await this.db.get('outputs', requireId(outputId, 'outputId', 'outputs'));
    if (!output) throw new NotFoundError(`No classifier output with id ${JSON.stringify(outputId)}`);
    return output;
  }

  /** Outputs, newest first, optionally of one run. */
  async list(outputQuery?: { runId?: string }): Promise<ClassifierOutput[]> {
    const query = optionsArgument<{ runId?: string }>(outputQuery, 'query', 'outputs.list');
    if (query.runId !== undefined) requireId(query.runId, 'runId', 'outputs.list');
    const all = query.runId !== undefined ? await this.db.getAllFromIndex('outputs', 'byRun', query.runId) : await this.db.getAll('outputs');
    return all.sort((a, b) => b.createdAt - a.createdAt);
  }

  /** Removes an output and its scores in one transaction. */
  async delete(outputId: string): Promise<void> {
    await this.get(outputId);
    const tx = this.db.transaction(['outputs', 'outputScores'], 'readwrite');
    void tx.objectStore('outputScores').delete(IDBKeyRange.bound([outputId, ''], [outputId, '\uffff']));
    void tx.objectStore('outputs').delete(outputId);
    await tx.done;
  }

  /** The histogram of every record's score for `label` in the output (default 20 bins). */
  async histogram(outputId: string, query: { label: string; bins?: number }): Promise<ScoreHistogram> {
    const output = await this.get(outputId);
    const bins = query?.bins ?? 20;
    const c = output.labels.indexOf(query?.label);
    const problems: Problem[] = [];
    if (c < 0) problems.push({ field: 'label', value: query?.label, reason: `not a label of this output (labels: ${output.labels.join(', ')})` });
    if (!Number.isInteger(bins) || bins < 1 || bins > 1000) problems.push({ field: 'bins', value: bins, reason: 'bins must be a whole number from 1 to 1000' });
    if (problems.length) throw new ValidationError('outputs.histogram', problems);
    const counts = new Array<number>(bins).fill(0);
    const rows = await this.db.getAll('outputScores', IDBKeyRange.bound([outputId, ''], [outputId, '\uffff']));
    for (const row of rows) counts[Math.min(bins - 1, Math.max(0, Math.floor(row.scores[c] * bins)))]++;
    return { label: query.label, edges: Array.from({ length: bins + 1 }, (_, b) => b / bins), counts };
  }

  /**
   * Up to `n` records whose score (and logit) for `label` lie within the given inclusive ranges,
   * chosen at random (seeded) among all that match, returned highest score first. Records deleted
   * since the output was made are skipped.
   */
  async sample(outputId: string, query: SampleQuery): Promise<SampledRecord[]> {
    const output = await this.get(outputId);
    const c = checkSampleQuery(output, query);
    const { minScore = -Infinity, maxScore = Infinity, minLogit = -Infinity, maxLogit = Infinity } = query;
    const matching = (await this.db.getAll('outputScores', IDBKeyRange.bound([outputId, ''], [outputId, '\uffff']))).filter(
      (row) => row.scores[c] >= minScore && row.scores[c] <= maxScore && row.logits[c] >= minLogit && row.logits[c] <= maxLogit,
    );
    const chosen = shuffled(matching, seededRandom(query.seed ?? 0)).slice(0, query.n);
    const records = await Promise.all(chosen.map((row) => this.db.get('records', [output.datasetId, row.recordId])));
    return chosen
      .flatMap((row, i) => {
        const record = records[i];
        if (!record) return [];
        return [{ record, score: row.scores[c], logit: row.logits[c], scores: Object.fromEntries(output.labels.map((l, j) => [l, row.scores[j]])) }];
      })
      .sort((a, b) => b.score - a.score);
  }
}

/** Checks a sample query against the output; returns the label's index. */
function checkSampleQuery(output: ClassifierOutput, query: SampleQuery): number {
  const problems: Problem[] = [];
  const c = output.labels.indexOf(query?.label);
  if (c < 0) problems.push({ field: 'label', value: query?.label, reason: `not a label of this output (labels: ${output.labels.join(', ')})` });
  if (!Number.isInteger(query?.n) || query.n < 1) problems.push({ field: 'n', value: query?.n, reason: 'n must be a positive integer' });
  for (const bound of ['minScore', 'maxScore', 'minLogit', 'maxLogit'] as const) {
    const v = query?.[bound];
    if (v !== undefined && (typeof v !== 'number' || Number.isNaN(v))) problems.push({ field: bound, value: v, reason: `${bound} must be a number` });
  }
  if (problems.length) throw new ValidationError('outputs.sample', problems);
  return c;
}
