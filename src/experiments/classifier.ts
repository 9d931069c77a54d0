import type { Backbone } from '../backbones/backbone.js';
import { ValidationError } from '../errors.js';
import type { StoredModel } from '../store/schema.js';
import { Head, type HeadConfig } from '../training/head.js';
import { argmax, probabilities } from '../training/metrics.js';
import { predictLogits } from '../training/predict.js';

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

/** A trained model ready to predict; call `dispose()` when done. */
export class Classifier {
  private readonly labels: string[];
  private disposed = false;

  constructor(
    /** Run this classifier was trained by. */
    readonly runId: string,
    private readonly model: StoredModel,
    private readonly backbone: Backbone,
    private readonly head: Head,
  ) {
    this.labels = Object.keys(model.id2label)
      .map(Number)
      .sort((a, b) => a - b)
      .map((i) => model.id2label[i]);
  }

  /** Rebuilds a classifier from a stored model and its backbone. */
  static fromModel(model: StoredModel, backbone: Backbone): Classifier {
    const head = Head.fromWeights(model.head as unknown as HeadConfig, model.weightSpecs, model.weights);
    return new Classifier(model.runId, model, backbone, head);
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

  /** Prediction for one text. */
  async predict(text: string): Promise<Prediction> {
    return (await this.predictBatch([text]))[0];
  }

  /** Predictions for many texts, in order; featurized and scored in batches. */
  async predictBatch(texts: readonly string[]): Promise<Prediction[]> {
    if (this.disposed) throw new Error(`Classifier of run ${this.runId} was disposed`);
    if (!Array.isArray(texts)) throw new ValidationError('predictBatch', [{ value: texts, reason: 'expected an array of strings' }]);
    const bad = texts.flatMap((t, index) => (typeof t === 'string' ? [] : [{ index, field: 'text', value: t, reason: 'text must be a string' }]));
    if (bad.length) throw new ValidationError('predictBatch', bad);
    const features = await this.backbone.featurize(texts);
    const rows = Array.from({ length: texts.length }, (_, i) => i);
    const logits = await predictLogits(this.head, features, rows);
    const classes = this.labels.length;
    const probs = probabilities(logits, classes, this.model.multiLabel, this.temperature);
    return rows.map((i) => {
      const row = probs.subarray(i * classes, (i + 1) * classes);
      const best = argmax(row);
      const prediction: Prediction = {
        label: this.labels[best],
        prediction: best,
        score: row[best],
        scores: Object.fromEntries(this.labels.map((l, c) => [l, row[c]])),
        logits: Object.fromEntries(this.labels.map((l, c) => [l, logits[i * classes + c]])),
      };
      if (this.model.multiLabel) prediction.labels = this.labels.filter((_, c) => row[c] >= this.thresholds[c]);
      return prediction;
    });
  }

  /** Frees the model's tensors. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.head.dispose();
  }
}
