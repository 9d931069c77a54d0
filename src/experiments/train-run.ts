import { modalityOf, type Backbone, type BackboneInput, type BackboneRef, type DownloadProgress, type FeatureBatch, type FeaturizeOptions } from '../backbones/backbone.js';
import { contentKeys } from '../backbones/content-key.js';
import { recordInputs } from '../backbones/record-input.js';
import { resolveBackboneRef } from '../backbones/resolve.js';
import { stratifiedSplit } from '../data/split.js';
import { SieveError, TrainingCancelledError, TrainingError, ValidationError, type Problem } from '../errors.js';
import type { DatasetStore } from '../store/datasets.js';
import type { Dataset, EvalMetrics, EvaluationRecord, Run, RunSelection, StoredModel, TextRecord, WeightSpec } from '../store/schema.js';
import { calibrateScores } from '../training/score-calibration.js';
import { defaultArgumentsFor, trainingPlan, type TrainingPlan } from '../training/defaults.js';
import { fitBySelection } from './fit-by-selection.js';
import { Head, type HeadConfig } from '../training/head.js';
import { probabilities } from '../inference/scores.js';
import { evaluate, pickTargets, type Targets } from '../training/metrics.js';
import { DEFAULT_ARGUMENTS, resolveArguments, type TrainingArguments } from '../training/params.js';
import { predictLogits } from '../training/predict.js';
import { planSteps } from '../training/schedule.js';
import { trainHead } from '../training/train-loop.js';
import { sha256Hex } from '../util/hash.js';
import type { TrainProgress } from './progress.js';
import type { RunStore } from './runs.js';
import { trainingData, type TrainingData } from './training-data.js';
import { TIE_BREAKS, UNIFICATIONS, type TieBreak, type Unification } from '../data/unify.js';
import { ensureRoom } from '../store/storage-usage.js';

/** What `workspace.train` takes. */
export interface TrainOptions {
  datasetId: string;
  /** Experiment the run belongs to (default "default"). */
  experiment?: string;
  /** Built-in backbone id, `{ type: 'builtin', id }`, `'precomputed'` (the records' vectors), or `{ type: 'transformers', task?, model, ... }` (default "sieve-text"). */
  backbone?: string | { type: string; id?: string; model?: string; [option: string]: unknown };
  /** Training arguments (see TrainingArguments). */
  params?: Record<string, unknown>;
  /** Free text stored with the run: what it tries. */
  description?: string;
  /** Free key/value labels stored with the run. */
  tags?: Record<string, string>;
  /** How several annotators' answers become one label: `majority` (default; ties → unlabeled) or `disagreement` (only records all annotators agree on). */
  unification?: Unification;
  /** Single-label majority ties: `unlabeled` (default) or `latest` (the tied label answered last). */
  tieBreak?: TieBreak;
  onProgress?: (progress: TrainProgress) => void;
  signal?: AbortSignal;
}

/** What the run needs from its workspace. */
export interface TrainContext {
  datasets: DatasetStore;
  runs: RunStore;
  backbone(ref: BackboneRef, onDownload?: (progress: DownloadProgress) => void): Promise<Backbone>;
  /** Features of items (texts, media, vectors), through the workspace's embedding cache. */
  featurize(backbone: Backbone, inputs: readonly BackboneInput[], options: FeaturizeOptions): Promise<FeatureBatch>;
  backend(): Promise<string>;
}

/**
 * Hash of the records a run uses (id, content, labels and role), independent of their order: a
 * text as it is, other content (media, vectors) by its content key. `inputs` are fit then test.
 */
async function recordsHash(fit: readonly TextRecord[], test: readonly TextRecord[], inputs: readonly BackboneInput[]): Promise<string> {
  const keys = inputs.every((input) => typeof input === 'string') ? inputs : await contentKeys(inputs);
  const lines = [...fit.map((r) => ['fit', r] as const), ...test.map((r) => ['test', r] as const)]
    .map(([role, r], i) => JSON.stringify([role, r.id, keys[i], r.label ?? null, r.labels ?? null]))
    .sort();
  return sha256Hex(lines.join('\n'));
}

/**
 * Trains a head on a dataset's labeled non-test records and stores the run and model. Bad input
 * (unknown dataset, arguments or backbone, fewer than two labels with examples) throws before any
 * run is stored; a run that starts ends FINISHED, FAILED or CANCELLED.
 */
export async function trainRun(ctx: TrainContext, options: TrainOptions): Promise<Run> {
  const dataset = await ctx.datasets.get(options?.datasetId);
  resolveArguments(options.params, DEFAULT_ARGUMENTS, dataset.labels);
  const backboneRef = resolveBackboneRef(options.backbone, dataset.vectorDims);
  const problems: Problem[] = [];
  if (options.experiment !== undefined && (typeof options.experiment !== 'string' || options.experiment.trim() === '')) {
    problems.push({ field: 'experiment', value: options.experiment, reason: 'experiment must be a non-empty string' });
  }
  if (options.description !== undefined && typeof options.description !== 'string') {
    problems.push({ field: 'description', value: options.description, reason: 'description must be a string' });
  }
  const tags = options.tags ?? {};
  if (typeof tags !== 'object' || tags === null || Array.isArray(tags) || Object.values(tags).some((v) => typeof v !== 'string')) {
    problems.push({ field: 'tags', value: options.tags, reason: 'tags must be an object of string values' });
  }
  const unification = options.unification ?? 'majority';
  if (!UNIFICATIONS.includes(unification)) {
    problems.push({ field: 'unification', value: options.unification, reason: `must be one of ${UNIFICATIONS.map((u) => JSON.stringify(u)).join(', ')}` });
  }
  const tieBreak = options.tieBreak ?? 'unlabeled';
  if (!TIE_BREAKS.includes(tieBreak)) {
    problems.push({ field: 'tieBreak', value: options.tieBreak, reason: `must be one of ${TIE_BREAKS.map((t) => JSON.stringify(t)).join(', ')}` });
  }
  if (problems.length) throw new ValidationError('train', problems);
  const throwaway = (options.params?.throwaway_classes as string[] | undefined) ?? [];
  const data = trainingData(dataset, await ctx.datasets.records(dataset.id), throwaway, unification, tieBreak);
  const withExamples = data.counts.filter((n) => n > 0).length;
  if (withExamples < 2) {
    throw new ValidationError(`train dataset ${JSON.stringify(dataset.name)}`, [
      {
        reason: `at least two labels need labeled examples outside the test split; found ${withExamples} (${data.labels.map((l, c) => `${l}: ${data.counts[c]}`).join(', ')})`,
      },
    ]);
  }
  const inputs = recordInputs([...data.fit, ...data.test], modalityOf(backboneRef), `train dataset ${JSON.stringify(dataset.name)}`);
  const defaults = defaultArgumentsFor(data.counts);
  const args = resolveArguments(options.params, defaults.args, dataset.labels);
  const plan = trainingPlan(args, options.params, defaults.profile, data.fit.length);
  options.signal?.throwIfAborted();

  const backend = await ctx.backend();
  const label2id: Record<string, number> = Object.fromEntries(data.labels.map((l, i) => [l, i]));
  const id2label: Record<number, string> = Object.fromEntries(data.labels.map((l, i) => [i, l]));
  const run: Run = {
    id: crypto.randomUUID(),
    experiment: options.experiment ?? 'default',
    datasetId: dataset.id,
    datasetHash: await recordsHash(data.fit, data.test, inputs),
    status: 'QUEUED',
    description: options.description ?? '',
    tags: { ...tags },
    lifecycle: 'active',
    params: { ...args, defaults: defaults.profile, solver: plan.solver, solverReason: plan.reason, unification, tieBreak, unifiedCount: data.fit.length + data.test.length, label2id, id2label, backbone: backboneRef, backend, multiLabel: dataset.multiLabel },
    metrics: {},
    history: [],
    startTime: Date.now(),
  };
  return ctx.runs.whileLocked(run.id, () => execute(ctx, options, run, { dataset, args, plan, backboneRef, backend, label2id, id2label, data, inputs }));
}

/** What `trainRun` checked and prepared before the run was stored. */
interface Prepared {
  dataset: Dataset;
  args: TrainingArguments;
  plan: TrainingPlan;
  backboneRef: BackboneRef;
  backend: string;
  label2id: Record<string, number>;
  id2label: Record<number, string>;
  data: TrainingData;
  /** What the backbone reads of each fit record, then of each test record. */
  inputs: BackboneInput[];
}

async function execute(ctx: TrainContext, options: TrainOptions, queued: Run, prepared: Prepared): Promise<Run> {
  let run = queued;
  const { dataset, args, plan, backboneRef, backend, label2id, id2label, data, inputs } = prepared;
  const { labels, fitTargets, test, testTargets } = data;
  const multiLabel = dataset.multiLabel;
  await ctx.runs.start(run);
  const report = (p: TrainProgress) => options.onProgress?.(p);
  report({ status: 'start', runId: run.id, backend });
  let head: Head | undefined;
  try {
    const loadStart = performance.now();
    const backbone = await ctx.backbone(backboneRef, (p) => report({ status: 'download', runId: run.id, ...p }));
    // The model this run will save, before any work goes into it.
    const hidden = args.head.type === 'mlp' && backbone.dims > 0 ? args.head.hidden_units : 0;
    const parameters = (hidden ? backbone.dims * hidden + hidden + hidden * labels.length : backbone.dims * labels.length) + (backbone.buckets + 1) * labels.length;
    await ensureRoom(parameters * 4, `Run ${run.id}'s model`);
    run = { ...run, status: 'RUNNING' };
    await ctx.runs.update(run);
    const featurizeStart = performance.now();
    const backboneSeconds = (featurizeStart - loadStart) / 1000;
    const features = await ctx.featurize(
      backbone,
      inputs,
      {
        signal: options.signal,
        onProgress: (p) => report({ status: 'featurize', runId: run.id, ...p, itemsPerSecond: p.done / Math.max(1e-3, (performance.now() - featurizeStart) / 1000) }),
      },
    );
    const trainStart = performance.now();
    const trained =
      plan.solver === 'selection'
        ? await selectedHead(backbone, features, data, args, options.signal, (p) => report({ status: 'selection', runId: run.id, ...p }), (record, totalSteps) => report({ status: 'evaluation', runId: run.id, totalSteps, record }))
        : await adamHead(backbone, features, data, args, labels, options.signal, (record, totalSteps) => report({ status: 'evaluation', runId: run.id, totalSteps, record }));
    head = trained.head;
    const { config, specs, buffer } = trained;
    const timing = { backboneSeconds, featurizeSeconds: (trainStart - featurizeStart) / 1000, trainSeconds: (performance.now() - trainStart) / 1000 };
    report({ status: 'saving', runId: run.id });
    const validationTargets = trained.validation?.targets;
    const scores = calibrateScores(trained.validation?.logits, validationTargets ?? pickTargets(fitTargets, []), labels.length, args.calibration);
    const validation = trained.validation && evaluate(probabilities(trained.validation.logits, labels.length, multiLabel, scores.temperature), trained.validation.targets, labels, scores.thresholds);
    let test_: EvalMetrics | undefined;
    let testEce: { testEceBefore: number; testEceAfter: number } | undefined;
    if (test.length) {
      const logits = await trained.testLogits();
      test_ = evaluate(probabilities(logits, labels.length, multiLabel, scores.temperature), testTargets, labels, scores.thresholds);
      testEce = { testEceBefore: evaluate(probabilities(logits, labels.length, multiLabel), testTargets, labels).ece, testEceAfter: test_.ece };
    }
    const finished: Run = {
      ...run,
      status: 'FINISHED',
      params: { ...run.params, ...trained.params, testCount: test.length },
      metrics: {
        validation,
        test: test_,
        accuracy: validation?.accuracy,
        macroF1: validation?.macroF1,
        calibration: { temperature: scores.temperature, validationEceBefore: scores.eceBefore, validationEceAfter: scores.eceAfter, ...testEce, ...(scores.reliabilityBefore ? { validationReliabilityBefore: scores.reliabilityBefore } : {}) },
      },
      history: trained.history,
      ...(trained.selection ? { selection: trained.selection } : {}),
      timing,
      endTime: Date.now(),
    };
    const model: StoredModel = {
      runId: run.id,
      format: 1,
      weightSpecs: specs,
      weights: buffer,
      head: { ...config },
      label2id,
      id2label,
      multiLabel,
      backbone: { ...backboneRef },
      temperature: scores.temperature,
      ...(scores.thresholds ? { thresholds: scores.thresholds } : {}),
    };
    await ctx.runs.finish(finished, model);
    report({ status: 'done', runId: run.id, run: finished });
    return finished;
  } catch (error) {
    const cancelled = options.signal?.aborted ?? false;
    let message = error instanceof SieveError ? error.message : `Training failed: ${(error as Error)?.message ?? error}`;
    try {
      await ctx.runs.update({ ...run, status: cancelled ? 'CANCELLED' : 'FAILED', error: cancelled ? undefined : message, endTime: Date.now() });
    } catch (marking) {
      // The run stays QUEUED/RUNNING in storage; its lock ends with this call, so the next open marks it interrupted.
      // (Chromium can go on counting a refused large write, the model, as used space: then this small write is refused too.)
      message += ` (and the run could not be stored as ${cancelled ? 'CANCELLED' : 'FAILED'}: ${(marking as Error).message})`;
    }
    if (cancelled) throw new TrainingCancelledError(run.id, { cause: error });
    throw new TrainingError(message, run.id, { cause: error });
  } finally {
    head?.dispose();
  }
}

/** A trained head as `execute` stores it, whichever way it was trained. */
interface TrainedHead {
  config: HeadConfig;
  specs: WeightSpec[];
  buffer: ArrayBuffer;
  /** The TensorFlow.js head, when one was built (disposed by the caller). */
  head?: Head;
  /** Logits and targets the scores are calibrated and validated on. */
  validation?: { logits: Float32Array; targets: Targets };
  testLogits(): Promise<Float32Array>;
  history: EvaluationRecord[];
  params: Record<string, unknown>;
  selection?: RunSelection;
}

/** Few labels: views and regularization chosen by cross-validation, the linear head solved to its optimum. */
async function selectedHead(
  backbone: Backbone,
  features: FeatureBatch,
  data: TrainingData,
  args: TrainingArguments,
  signal: AbortSignal | undefined,
  onProgress: (progress: { done: number; total: number }) => void,
  onEvaluation: (record: EvaluationRecord, totalSteps: number) => void,
): Promise<TrainedHead> {
  const { fit, test, fitTargets, labels } = data;
  const selected = await fitBySelection(backbone, features, fit.length, fitTargets, labels, args, { signal, onProgress });
  // Its one evaluation (the averaged head, cross-validated) reaches curves and listeners as the Adam loop's do.
  for (const record of selected.history) onEvaluation(record, record.step);
  const classes = labels.length;
  return {
    config: selected.config,
    specs: selected.specs,
    buffer: selected.buffer,
    validation: selected.validation,
    testLogits: async () => selected.logits.slice(fit.length * classes, (fit.length + test.length) * classes),
    history: selected.history,
    params: { trainCount: fit.length, validationCount: 0, crossValidatedCount: selected.validation?.targets.classes.length ?? 0 },
    selection: selected.selection,
  };
}

/** The Adam loop on a stratified train/validation split, with early stopping. */
async function adamHead(
  backbone: Backbone,
  features: FeatureBatch,
  data: TrainingData,
  args: TrainingArguments,
  labels: readonly string[],
  signal: AbortSignal | undefined,
  onEvaluation: (record: EvaluationRecord, totalSteps: number) => void,
): Promise<TrainedHead> {
  const { fit, test, fitTargets } = data;
  const strata = fitTargets.multiLabel ? fitTargets.classes.map((c) => c[0] ?? -1) : Array.from(fitTargets.classes);
  const split = stratifiedSplit(strata, args.train_ratio, args.seed);
  const config: HeadConfig = {
    type: args.head.type,
    hiddenUnits: args.head.hidden_units,
    dropout: args.head.dropout,
    dims: backbone.dims,
    buckets: backbone.buckets,
    classes: labels.length,
  };
  const head = Head.create(config, args.seed);
  try {
    const totalSteps = planSteps(args, split.train.length).totalSteps;
    const validationTargets = pickTargets(fitTargets, split.validation);
    const result = await trainHead(
      head,
      features,
      { rows: split.train, targets: pickTargets(fitTargets, split.train) },
      { rows: split.validation, targets: validationTargets },
      { args, labels, signal, onEvaluation: (record) => onEvaluation(record, totalSteps) },
    );
    const { specs, buffer } = await head.weights();
    return {
      config,
      specs,
      buffer,
      head,
      validation: result.validation && { logits: result.validation.logits, targets: validationTargets },
      testLogits: () => predictLogits(head, features, test.map((_, i) => fit.length + i)),
      history: result.history,
      params: {
        trainCount: split.train.length,
        validationCount: split.validation.length,
        steps: result.steps,
        bestStep: result.bestStep,
        bestEpoch: result.bestEpoch,
      },
    };
  } catch (error) {
    head.dispose();
    throw error;
  }
}
