import type { Backbone } from '../backbones/backbone.js';
import { checkTexts } from '../data/arguments.js';
import { SieveError, ValidationError } from '../errors.js';
import type { StoredModel } from '../store/schema.js';
import { headLogits } from './head-logits.js';
import type { HeadWeights } from './head-weights.js';
import { readModel } from './read-model.js';
import { argmax, probabilities } from './scores.js';

/** One prediction. */
export interface Prediction {
  /** Label with the highest score (multi-label: the highest-scoring label). */
  label: string;
  /** Index of `label` in the label set (label2id). */
  prediction: number;
  /** Calibrated probability of `label` (temperature-scaled on the validation split). */
  score: number;
  /** Calibrated probability of every label. */
  scores: Record<string, number>;
  /** Raw logit of every label (before temperature scaling). */
  logits: Record<string, number>;
  /** Multi-label only: every label whose score reaches its tuned threshold. */
  labels?: string[];
}

const CHUNK = 512;

/**
 * A trained model ready to predict: its backbone turns texts into features and its head (plain
 * TypeScript, no TensorFlow.js) scores them. Call `dispose()` when done.
 */
export class Classifier {
  private readonly labels: string[];
  private disposed = false;

  private constructor(
    /** Run this classifier was trained by. */
    readonly runId: string,
    private readonly model: Omit<StoredModel, 'weights'>,
    private readonly backbone: Backbone,
    private readonly head: HeadWeights,
    labels: string[],
  ) {
    this.labels = labels;
  }

  /**
   * Rebuilds a classifier from a stored model and its backbone. Weights that do not fit the head,
   * a head that does not fit the backbone or a broken label map are refused with a ValidationError.
   */
  static fromModel(model: StoredModel, backbone: Backbone): Classifier {
    const { head, labels } = readModel(model, `model of run ${model.runId}`);
    const problems = [];
    if (head.shape.dims !== backbone.dims) problems.push({ field: 'head.dims', value: head.shape.dims, reason: `the backbone gives ${backbone.dims} dense features` });
    if (head.shape.buckets !== backbone.buckets) problems.push({ field: 'head.buckets', value: head.shape.buckets, reason: `the backbone gives ${backbone.buckets} sparse buckets` });
    if (problems.length) throw new ValidationError(`model of run ${model.runId}`, problems);
    const { weights: _weights, ...rest } = model;
    return new Classifier(model.runId, rest, backbone, head, labels);
  }

  /** Temperature the logits are divided by before softmax/sigmoid. */
  get temperature(): number {
    return this.model.temperature ?? 1;
  }

  /** Multi-label: per-class decision thresholds (0.5 where none were tuned). */
  get thresholds(): readonly number[] {
    return this.labels.map((_, c) => this.model.thresholds?.[c] ?? 0.5);
  }

  /** Label set, in label2id order. */
  get labelNames(): readonly string[] {
    return this.labels;
  }

  /** Whether several labels may apply to one text (sigmoid scores and thresholds). */
  get multiLabel(): boolean {
    return this.model.multiLabel;
  }

  /** Prediction for one text. */
  async predict(text: string): Promise<Prediction> {
    return (await this.predictBatch([text]))[0];
  }

  /** Predictions for many texts, in order; featurized and scored in chunks. */
  async predictBatch(texts: readonly string[]): Promise<Prediction[]> {
    if (this.disposed) throw new SieveError(`Classifier of run ${this.runId} was disposed`);
    checkTexts(texts, 'predictBatch');
    const out: Prediction[] = [];
    for (let start = 0; start < texts.length; start += CHUNK) {
      const features = await this.backbone.featurize(texts.slice(start, start + CHUNK));
      out.push(...this.predictions(headLogits(this.head, features)));
    }
    return out;
  }

  /** Releases the backbone's hold (the head is plain arrays). */
  dispose(): void {
    this.disposed = true;
  }

  private predictions(logits: Float32Array): Prediction[] {
    const classes = this.labels.length;
    const probs = probabilities(logits, classes, this.model.multiLabel, this.temperature);
    const thresholds = this.thresholds;
    return Array.from({ length: logits.length / classes }, (_, i) => {
      const row = probs.subarray(i * classes, (i + 1) * classes);
      const best = argmax(row);
      const prediction: Prediction = {
        label: this.labels[best],
        prediction: best,
        score: row[best],
        scores: Object.fromEntries(this.labels.map((l, c) => [l, row[c]])),
        logits: Object.fromEntries(this.labels.map((l, c) => [l, logits[i * classes + c]])),
      };
      if (this.model.multiLabel) prediction.labels = this.labels.filter((_, c) => row[c] >= thresholds[c]);
      return prediction;
    });
  }
}
