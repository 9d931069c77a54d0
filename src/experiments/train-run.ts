import type { Backbone, BackboneRef } from '../backbones/backbone.js';
import { resolveBackboneRef } from '../backbones/builtin.js';
import { isLabeled } from '../data/labels.js';
import { stratifiedSplit } from '../data/split.js';
import { SieveError, TrainingCancelledError, TrainingError, ValidationError } from '../errors.js';
import type { DatasetStore } from '../store/datasets.js';
import type { Dataset, Run, StoredModel, TextRecord } from '../store/schema.js';
import { Head, type HeadConfig } from '../training/head.js';
import { evaluate, type Targets } from '../training/metrics.js';
import { resolveArguments } from '../training/params.js';
import { predictProbabilities } from '../training/predict.js';
import { trainHead } from '../training/train-loop.js';
import { sha256Hex } from '../util/hash.js';
import type { TrainProgress } from './progress.js';
import type { RunStore } from './runs.js';

/** What `workspace.train` takes. */
export interface TrainOptions {
  datasetId: string;
  /** Experiment the run belongs to (default "default"). */
  experiment?: string;
  /** Built-in backbone id, or `{ type: 'builtin', id }` (default "sieve-text"). */
  backbone?: string | { type: string; id?: string };
  /** Training arguments (see TrainingArguments). */
  params?: Record<string, unknown>;
  onProgress?: (progress: TrainProgress) => void;
  signal?: AbortSignal;
}

/** What the run needs from its workspace. */
export interface TrainContext {
  datasets: DatasetStore;
  runs: RunStore;
  backbone(ref: BackboneRef): Promise<Backbone>;
  backend(): Promise<string>;
}

function targetsOf(dataset: Dataset, records: readonly TextRecord[]): Targets {
  const id = new Map(dataset.labels.map((l, i) => [l, i]));
  return dataset.multiLabel
    ? { multiLabel: true, classes: records.map((r) => (r.labels ?? []).map((l) => id.get(l) as number)) }
    : { multiLabel: false, classes: Int32Array.from(records, (r) => id.get(r.label as string) as number) };
}

function pick(targets: Targets, rows: readonly number[]): Targets {
  return targets.multiLabel
    ? { multiLabel: true, classes: rows.map((i) => targets.classes[i]) }
    : { multiLabel: false, classes: Int32Array.from(rows, (i) => targets.classes[i]) };
}

/** Hash of the records a run uses (id, text, labels and role), independent of their order. */
function recordsHash(labeled: readonly TextRecord[], test: readonly TextRecord[]): Promise<string> {
  const lines = [...labeled.map((r) => ['fit', r] as const), ...test.map((r) => ['test', r] as const)]
    .map(([role, r]) => JSON.stringify([role, r.id, r.text, r.label ?? null, r.labels ?? null]))
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
  const args = resolveArguments(options.params);
  const backboneRef = resolveBackboneRef(options.backbone);
  if (options.experiment !== undefined && (typeof options.experiment !== 'string' || options.experiment.trim() === '')) {
    throw new ValidationError('train', [{ field: 'experiment', value: options.experiment, reason: 'experiment must be a non-empty string' }]);
  }
  const all = await ctx.datasets.records(dataset.id);
  const labeled = all.filter((r) => r.split !== 'test' && isLabeled(r));
  const test = all.filter((r) => r.split === 'test' && isLabeled(r));
  const targets = targetsOf(dataset, labeled);
  const counts = new Map<number, number>();
  for (const t of targets.classes) for (const c of Array.isArray(t) ? t : [t]) counts.set(c, (counts.get(c) ?? 0) + 1);
  if (counts.size < 2) {
    throw new ValidationError(`train dataset ${JSON.stringify(dataset.name)}`, [
      {
        reason: `at least two labels need labeled examples outside the test split; found ${counts.size} (${[...counts].map(([c, n]) => `${dataset.labels[c]}: ${n}`).join(', ') || 'none'})`,
      },
    ]);
  }
  options.signal?.throwIfAborted();

  const backend = await ctx.backend();
  const label2id: Record<string, number> = Object.fromEntries(dataset.labels.map((l, i) => [l, i]));
  const id2label: Record<number, string> = Object.fromEntries(dataset.labels.map((l, i) => [i, l]));
  const run: Run = {
    id: crypto.randomUUID(),
    experiment: options.experiment ?? 'default',
    datasetId: dataset.id,
    datasetHash: await recordsHash(labeled, test),
    status: 'RUNNING',
    params: { ...args, label2id, id2label, backbone: backboneRef, backend, multiLabel: dataset.multiLabel },
    metrics: {},
    history: [],
    startTime: Date.now(),
  };
  const prepared = { dataset, args, backboneRef, backend, label2id, id2label, labeled, test, targets };
  return ctx.runs.whileLocked(run.id, () => execute(ctx, options, run, prepared));
}

/** What `trainRun` checked and prepared before the run was stored. */
interface Prepared {
  dataset: Dataset;
  args: ReturnType<typeof resolveArguments>;
  backboneRef: BackboneRef;
  backend: string;
  label2id: Record<string, number>;
  id2label: Record<number, string>;
  labeled: TextRecord[];
  test: TextRecord[];
  targets: Targets;
}

async function execute(ctx: TrainContext, options: TrainOptions, run: Run, prepared: Prepared): Promise<Run> {
  const { dataset, args, backboneRef, backend, label2id, id2label, labeled, test, targets } = prepared;
  await ctx.runs.start(run);
  const report = (p: TrainProgress) => options.onProgress?.(p);
  report({ status: 'start', runId: run.id, backend });
  let head: Head | undefined;
  try {
    const backbone = await ctx.backbone(backboneRef);
    const features = await backbone.featurize(
      [...labeled, ...test].map((r) => r.text),
      { signal: options.signal, onProgress: (p) => report({ status: 'featurize', runId: run.id, ...p }) },
    );
    const strata = targets.multiLabel ? targets.classes.map((c) => c[0] ?? -1) : Array.from(targets.classes);
    const split = stratifiedSplit(strata, args.train_ratio, args.seed);
    const config: HeadConfig = {
      type: args.head.type,
      hiddenUnits: args.head.hidden_units,
      dropout: args.head.dropout,
      dims: backbone.dims,
      buckets: backbone.buckets,
      classes: dataset.labels.length,
    };
    head = Head.create(config, args.seed);
    const result = await trainHead(
      head,
      features,
      { rows: split.train, targets: pick(targets, split.train) },
      { rows: split.validation, targets: pick(targets, split.validation) },
      {
        args,
        labels: dataset.labels,
        signal: options.signal,
        onEpoch: (e) => report({ status: 'epoch', runId: run.id, epochs: args.num_train_epochs, ...e }),
      },
    );
    report({ status: 'saving', runId: run.id });
    const testRows = test.map((_, i) => labeled.length + i);
    const testMetrics = testRows.length
      ? evaluate(await predictProbabilities(head, features, testRows, dataset.multiLabel), targetsOf(dataset, test), dataset.labels)
      : undefined;
    const { specs, buffer } = await head.weights();
    const finished: Run = {
      ...run,
      status: 'FINISHED',
      params: { ...run.params, trainCount: split.train.length, validationCount: split.validation.length, testCount: test.length, bestEpoch: result.bestEpoch },
      metrics: {
        validation: result.validation,
        test: testMetrics,
        accuracy: result.validation?.accuracy,
        macroF1: result.validation?.macroF1,
      },
      history: result.history,
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
      multiLabel: dataset.multiLabel,
      backbone: { ...backboneRef },
    };
    await ctx.runs.finish(finished, model);
    report({ status: 'done', runId: run.id, run: finished });
    return finished;
  } catch (error) {
    const cancelled = options.signal?.aborted ?? false;
    await ctx.runs.update({
      ...run,
      status: cancelled ? 'CANCELLED' : 'FAILED',
      error: cancelled ? undefined : String((error as Error)?.message ?? error),
      endTime: Date.now(),
    });
    if (cancelled) throw new TrainingCancelledError(run.id, { cause: error });
    const message = error instanceof SieveError ? error.message : `Training failed: ${(error as Error)?.message ?? error}`;
    throw new TrainingError(message, run.id, { cause: error });
  } finally {
    head?.dispose();
  }
}
