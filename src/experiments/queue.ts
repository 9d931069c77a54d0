import { recordInputs } from '../backbones/record-input.js';
import { isLabeled } from '../data/labels.js';
import { uncertainty, UNCERTAINTY_STRATEGIES, type UncertaintyStrategy } from '../data/uncertainty.js';
import { ValidationError } from '../errors.js';
import type { DatasetStore } from '../store/datasets.js';
import type { TextRecord } from '../store/schema.js';
import type { Classifier, Prediction } from '../inference/classifier.js';
import { optionsArgument } from '../data/arguments.js';

/** Options of `ws.queue`. */
export interface QueueOptions {
  /** Default `margin`. */
  strategy?: UncertaintyStrategy;
  /** Most records returned (default: all unlabeled ones). */
  limit?: number;
}

/** An unlabeled record with the model's prediction and how unsure it is. */
export interface QueuedRecord {
  record: TextRecord;
  prediction: Prediction;
  uncertainty: number;
}

/**
 * The unlabeled records of a dataset (outside the test split), most uncertain first under the
 * model of a run: what to label next to teach the model the most.
 */
export async function uncertaintyQueue(datasets: DatasetStore, classifier: Classifier, datasetId: string, queueOptions?: QueueOptions): Promise<QueuedRecord[]> {
  const options = optionsArgument<QueueOptions>(queueOptions, 'options', 'queue');
  if (options.limit !== undefined && !(Number.isInteger(options.limit) && options.limit >= 0)) {
    throw new ValidationError('queue', [{ field: 'limit', value: options.limit, reason: 'must be a whole number, 0 or more' }]);
  }
  const strategy = options.strategy ?? 'margin';
  if (!UNCERTAINTY_STRATEGIES.includes(strategy)) {
    throw new ValidationError('queue', [{ field: 'strategy', value: strategy, reason: `must be one of ${UNCERTAINTY_STRATEGIES.map((s) => JSON.stringify(s)).join(', ')}` }]);
  }
  const dataset = await datasets.get(datasetId);
  const queued = await rankByUncertainty(classifier, await datasets.records(datasetId), dataset.multiLabel, strategy);
  return options.limit !== undefined ? queued.slice(0, options.limit) : queued;
}

/**
 * The unlabeled ones of `records` (outside the test split), most uncertain first under
 * `classifier` (ties in insertion order); for callers that hold the records already.
 */
export async function rankByUncertainty(classifier: Classifier, records: readonly TextRecord[], multiLabel: boolean, strategy: UncertaintyStrategy): Promise<QueuedRecord[]> {
  const pool = records.filter((r) => !isLabeled(r) && r.split !== 'test');
  const predictions = await classifier.predictBatch(recordInputs(pool, classifier.modality, 'queue'));
  const labels = classifier.labelNames;
  const queued = pool.map((record, i) => ({
    record,
    prediction: predictions[i],
    uncertainty: uncertainty(labels.map((l) => predictions[i].scores[l]), strategy, multiLabel),
  }));
  return queued.sort((a, b) => b.uncertainty - a.uncertainty || a.record.seq - b.record.seq);
}
