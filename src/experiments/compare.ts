import type { Run } from '../store/schema.js';

/** Runs side by side: their params and final metrics, and what differs. */
export interface RunComparison {
  runs: Pick<Run, 'id' | 'experiment' | 'status' | 'datasetId' | 'datasetHash' | 'startTime'>[];
  /** Each param name → its value in each run (same order as `runs`; undefined where a run lacks it). */
  params: Record<string, unknown[]>;
  /** Each final metric → its value in each run. */
  metrics: Record<string, (number | undefined)[]>;
  /** Param names whose values differ between the runs. */
  differingParams: string[];
  /** Whether every run was trained on the same records (equal `datasetHash`). */
  sameData: boolean;
  /** Whether every run has the same labels in the same order; metrics of different label sets are not comparable class by class. */
  sameLabels: boolean;
  /** Plain-language warnings, e.g. about different label sets or data. */
  notes: string[];
}

/** Final metrics compared: validation and test accuracy, macro-F1, loss, ROC-AUC, ECE, duration. */
function finalMetrics(run: Run): Record<string, number | undefined> {
  const { validation, test } = run.metrics;
  return {
    'validation.accuracy': validation?.accuracy,
    'validation.macroF1': validation?.macroF1,
    'validation.loss': validation?.loss,
    'validation.rocAuc': validation?.rocAuc,
    'validation.ece': validation?.ece,
    'test.accuracy': test?.accuracy,
    'test.macroF1': test?.macroF1,
    'test.rocAuc': test?.rocAuc,
    durationSeconds: run.endTime !== undefined ? (run.endTime - run.startTime) / 1000 : undefined,
  };
}

/** Compares runs (in the given order). */
export function compareRuns(runs: readonly Run[]): RunComparison {
  const names = [...new Set(runs.flatMap((r) => Object.keys(r.params)))].sort();
  const params = Object.fromEntries(names.map((name) => [name, runs.map((r) => r.params[name])]));
  const differingParams = names.filter((name) => new Set(params[name].map((v) => JSON.stringify(v))).size > 1);
  const metricRows = runs.map(finalMetrics);
  const metrics = Object.fromEntries(Object.keys(metricRows[0] ?? {}).map((m) => [m, metricRows.map((row) => row[m])]));
  const labelSets = runs.map((r) => JSON.stringify(r.params.id2label ?? null));
  const sameLabels = new Set(labelSets).size <= 1;
  const sameData = new Set(runs.map((r) => r.datasetHash ?? r.id)).size <= 1;
  const notes: string[] = [];
  if (!sameLabels) notes.push('The runs have different label sets: per-class metrics and accuracies are not directly comparable.');
  if (!sameData) notes.push('The runs were trained or tested on different records (their dataset hashes differ).');
  return {
    runs: runs.map(({ id, experiment, status, datasetId, datasetHash, startTime }) => ({ id, experiment, status, datasetId, datasetHash, startTime })),
    params,
    metrics,
    differingParams,
    sameData,
    sameLabels,
    notes,
  };
}
