import { modalityOf, type Backbone, type BackboneInput, type FeatureBatch } from '../backbones/backbone.js';
import { LowerCasedText } from '../backbones/lower-cased-text.js';
import { TextBackbone } from '../backbones/text-backbone.js';
import { checkTexts, optionsArgument } from '../data/arguments.js';
import { SieveError, ValidationError } from '../errors.js';
import type { StoredModel } from '../store/schema.js';
import { headLogits } from './head-logits.js';
import { WasmHeadSums } from './wasm-head-sums.js';
import type { HeadWeights } from './head-weights.js';
import { centredAt, exactContributions, occlusionContributions, type Explanation } from './explain.js';
import { checkItems, type ItemInput } from './item-inputs.js';
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
 * A trained model ready to predict: its backbone turns items (texts, or images, audio or vectors
 * for models on such backbones) into features and its head (plain TypeScript, no TensorFlow.js)
 * scores them. Call `dispose()` when done.
 */
export class Classifier {
  private readonly labels: string[];
  private disposed = false;
  /** The head's sums in WebAssembly, made at the first prediction (null where it has none to add there: see `WasmHeadSums.of`). */
  private sums?: WasmHeadSums | null;

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

  /** What the model reads: `text`, `image`, `audio` or `vector` (see `predict`). */
  get modality(): ReturnType<typeof modalityOf> {
    return modalityOf(this.backbone.ref);
  }

  /** For a model on precomputed vectors, their length; undefined for other models. */
  get vectorDims(): number | undefined {
    return this.modality === 'vector' ? this.backbone.dims : undefined;
  }

  /** Prediction for one item: a text, or (for models on such backbones) an image Blob, an audio Blob or `{ audio, window }`, a vector. */
  async predict(item: ItemInput): Promise<Prediction> {
    return (await this.predictItems([item], 'predict'))[0];
  }

  /** Predictions for many items, in order; featurized and scored in chunks. A wrong kind of item is refused by index. */
  async predictBatch(items: readonly ItemInput[]): Promise<Prediction[]> {
    return this.predictItems(items, 'predictBatch');
  }

  /** The predictions of `items`, a wrong one refused as `call`'s. */
  private async predictItems(items: readonly ItemInput[], call: string): Promise<Prediction[]> {
    this.assertUsable();
    return this.predictions(await this.logitsOf(this.checkedInputs(items, call), this.backbone));
  }

  /**
   * The calibrated probabilities of items (`count × classes`, row-major, in label2id order): what
   * `predictBatch` gives as `scores`, without a prediction object per item, for callers that
   * write predictions out themselves (`sieve-classifier`). Texts may come already decoded and
   * lower-cased by their reader (`LowerCasedText`, as the command reads JSONL; models on the
   * built-in text backbones only, see `decodedTexts`), which score as the strings would.
   * @internal
   */
  async probabilitiesOf(items: readonly (ItemInput | LowerCasedText)[]): Promise<Float32Array> {
    this.assertUsable();
    const decoded = items.some((item) => item instanceof LowerCasedText);
    if (decoded && !(this.backbone instanceof TextBackbone)) throw new SieveError(`The backbone of run ${this.runId} reads no decoded texts (see Classifier.decodedTexts)`);
    const logits = decoded
      ? await this.logitsOf(items as readonly (string | LowerCasedText)[], this.backbone as TextBackbone)
      : await this.logitsOf(this.checkedInputs(items as readonly ItemInput[], 'predictBatch'), this.backbone);
    return probabilities(logits, this.labels.length, this.model.multiLabel, this.temperature);
  }

  /** Whether `probabilitiesOf` takes this model's texts decoded (`LowerCasedText`): its backbone is a built-in text backbone. @internal */
  get decodedTexts(): boolean {
    return this.backbone instanceof TextBackbone;
  }

  /** Refuses a classifier that was disposed. */
  private assertUsable(): void {
    if (this.disposed) throw new SieveError(`Classifier of run ${this.runId} was disposed`);
  }

  /** Items checked for this model's backbone (see `checkItems`), a wrong one refused as `call`'s. */
  private checkedInputs(items: readonly ItemInput[], call: string): BackboneInput[] {
    return checkItems(items, this.modality, this.backbone.dims, call);
  }

  /** The logits (`count × classes`, row-major) of items the backbone takes, featurized and scored in chunks. */
  private async logitsOf<T>(inputs: readonly T[], backbone: { featurize(inputs: readonly T[], options: { lease: true }): Promise<FeatureBatch> }): Promise<Float32Array> {
    const classes = this.labels.length;
    const logits = new Float32Array(inputs.length * classes);
    for (let start = 0; start < inputs.length; start += CHUNK) {
      const features = await backbone.featurize(inputs.slice(start, start + CHUNK), { lease: true });
      try {
        logits.set(headLogits(this.head, features, (this.sums ??= WasmHeadSums.of(this.head))), start * classes);
      } finally {
        features.release?.();
      }
    }
    return logits;
  }

  /**
   * Why the model gives `text` its logit for a label (default: the predicted label): the text's
   * tokens, and word n-grams as entries of their own, each with its contribution to that logit
 * (single-label: centred on the mean of all labels' logits, see `Explanation.logit`).
   * Linear heads on built-in backbones split the logit exactly (`method: 'exact'`: bias + Σ
   * weights = logit); other models are explained by occlusion (`method: 'occlusion'`, one more
   * forward pass per token). A label the model does not have is refused with a ValidationError.
   */
  async explain(text: string, options: { label?: string } = {}): Promise<Explanation> {
    this.assertUsable();
    if (this.modality !== 'text') throw new ValidationError('explain', [{ field: 'text', value: this.modality, reason: `explanations split a text's logit over its words; this model reads ${this.modality}` }]);
    checkTexts([text], 'explain');
    const { label } = optionsArgument<{ label?: string }>(options, 'options', 'explain');
    if (label !== undefined && !this.labels.includes(label)) {
      throw new ValidationError('explain', [{ field: 'label', value: label, reason: `not a label of this model (labels: ${this.labels.join(', ')})` }]);
    }
    const features = await this.backbone.featurize([text]);
    const logits = headLogits(this.head, features);
    const c = label !== undefined ? this.labels.indexOf(label) : this.predictions(logits)[0].prediction;
    // Softmax scores depend only on logits' differences: single-label explanations centre them.
    const centred = !this.model.multiLabel;
    const classes = this.labels.length;
    const logit = centredAt(logits, 0, classes, c, centred);
    const bias = centredAt(this.head.outputBias, 0, classes, c, centred);
    const attribution = this.backbone.attribute?.(text);
    if (attribution && !this.head.hiddenKernel) {
      return { label: this.labels[c], logit, bias, method: 'exact', contributions: exactContributions(text, attribution, features, this.head, c, centred) };
    }
    const tokens = attribution?.tokens ?? wordSpans(text);
    return { label: this.labels[c], logit, bias, method: 'occlusion', contributions: await occlusionContributions(text, this.backbone, this.head, c, logit, centred, tokens) };
  }

  /** Releases the backbone's hold and the head's WebAssembly copy (the head is otherwise plain arrays). */
  dispose(): void {
    this.disposed = true;
    this.sums = null;
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

/** The runs of non-space characters of a text with their offsets (the units occlusion blanks out when the backbone does not say its tokens). */
function wordSpans(text: string): { text: string; start: number; end: number }[] {
  return [...text.matchAll(/\S+/gu)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
}
