import { html, nothing, type PropertyValues } from 'lit';
import { findRun, SieveElement } from '../shared/sieve-element.js';
import { styleProperties } from '../shared/style-properties.js';
import type { Explanation } from '../../inference/explain.js';
import { explanationView } from '../shared/explanation-view.js';
import { emit } from '../../events/index.js';
import type { Classifier, Prediction } from '../../inference/classifier.js';
import { CaptureController } from '../controllers/capture-controller.js';
import { mediaInput } from './media-input.js';
import { predictorStyles } from './sieve-predictor.styles.js';

const DEBOUNCE_MS = 120;

/**
 * @summary A text box that classifies what is typed: the label, its score and a bar per class. For
 * a model on images or sounds, a drop zone instead (drop, paste or choose a file; take a photo
 * with the camera; record with the microphone) with a preview of what was classified.
 *
 * @event {CustomEvent<PredictionDetail>} sieve-prediction - A prediction was made (detail: runId, text, prediction; `item` for media).
 * @slot header - Content above the text box.
 * @slot empty - Shown while there is no trained model (default: a sentence saying so).
 * @csspart input - The text box.
 * @csspart drop - The drop zone of media models.
 * @csspart capture - The camera and microphone buttons.
 * @csspart preview - The image or sound classified.
 * @csspart label - The predicted label.
 * @csspart bars - The per-class bars.
 * @csspart explanation - The highlighted text and the words for and against the label.
 */
export class SievePredictor extends SieveElement {
  static override styles = predictorStyles;
  static override properties = {
    ...SieveElement.properties,
    runId: { attribute: 'run-id' },
    runRef: { attribute: 'run' },
    explain: { type: Boolean },
    explanation: { state: true },
    text: { state: true },
    item: { state: true },
    modality: { state: true },
    prediction: { state: true },
    activeRunId: { state: true },
    error: { state: true },
  };

  /** Run whose model predicts (default: the newest finished run of `datasetId`). */
  declare runId: string | undefined;
  /** The run by id, or by experiment name (its newest finished run): attribute `run`; sets `runId` once found. */
  declare runRef: string | undefined;
  /** Show why: the words that pushed toward and against the predicted label (default true; set `explain="false"` from script as `.explain = false`). */
  declare explain: boolean;
  declare private explanation: Explanation | undefined;
  declare private text: string;
  /** The image or sound classified last (media models). */
  declare private item: Blob | undefined;
  /** What the active model reads. */
  declare private modality: Classifier['modality'];
  declare private prediction: Prediction | undefined;
  declare private activeRunId: string | undefined;
  declare private error: string;
  private classifier?: Classifier;
  private readonly capture = new CaptureController(this);
  private timer?: ReturnType<typeof setTimeout>;
  private stopListening?: () => void;
  private loads = 0;

  constructor() {
    super();
    this.text = '';
    this.modality = 'text';
    this.error = '';
    this.explain = true;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopListening?.();
    this.stopListening = undefined;
    this.classifier?.dispose();
    this.classifier = undefined;
  }

  override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('runRef') || ((changed.has('workspace') || changed.has('datasetId')) && this.runRef)) {
      void this.track(this.resolveNamed('run', this.runRef, (workspace, ref) => findRun(workspace, ref, this.datasetId), (id) => (this.runId = id)));
    }
    if (changed.has('workspace')) {
      this.stopListening?.();
      this.stopListening = this.workspace?.onRunFinished((run) => {
        if (this.runRef && run.experiment === this.runRef) void this.track(this.resolveNamed('run', this.runRef, (workspace, ref) => findRun(workspace, ref, this.datasetId), (id) => (this.runId = id)));
        else if (!this.runId && run.datasetId === this.datasetId) void this.track(this.loadClassifier());
      });
    }
    if (changed.has('workspace') || changed.has('datasetId') || changed.has('runId')) void this.track(this.loadClassifier());
  }

  override render() {
    if (this.configError) return this.configErrorView();
    const p = this.prediction;
    const { t, f } = this.i18n;
    return html`
      <slot name="header"></slot>
      ${this.modality === 'image' || this.modality === 'audio'
        ? mediaInput(this.i18n, { kind: this.modality, item: this.item, capture: this.capture, onItem: (item) => void this.predictItem(item), onError: (message) => (this.error = message) })
        : html`<label>${t.textToClassify}
            <textarea part="input" .value=${this.text} @input=${this.handleInput} placeholder=${t.typeOrPaste}></textarea>
          </label>`}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${!this.error && !this.activeRunId ? html`<slot name="empty"><p class="hint">${t.noModelYet}</p></slot>` : nothing}
      ${p
        ? html`<div class="result" aria-live="polite">
            <span class="label" part="label">${p.label}</span> <span>(${f.pct(p.score)})</span>
            <div class="bars" part="bars" role="group" aria-label=${t.scorePerLabel}>
              ${Object.entries(p.scores).map(
                ([label, score]) => html`<span aria-hidden="true">${label}</span>
                  <div class="track" role="meter" aria-label=${label} aria-valuemin="0" aria-valuemax="1" aria-valuenow=${score.toFixed(3)} aria-valuetext=${f.pct(score)}>
                    <div class="fill" ${styleProperties({ width: `${(score * 100).toFixed(1)}%` })}></div>
                  </div>
                  <span class="score" aria-hidden="true">${f.pct(score)}</span>`,
              )}
            </div>
            ${this.explanation && this.explanation.label === p.label ? explanationView(this.i18n, this.text, this.explanation) : nothing}
          </div>`
        : nothing}
    `;
  }

  private handleInput(event: Event): void {
    this.text = (event.target as HTMLTextAreaElement).value;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.classify(this.text), DEBOUNCE_MS);
  }

  private async loadClassifier(): Promise<void> {
    const load = ++this.loads;
    if (!this.workspace) return;
    try {
      let runId = this.runId;
      if (!runId && this.datasetId) {
        const runs = await this.workspace.runs.list({ datasetId: this.datasetId });
        runId = runs.find((r) => r.status === 'FINISHED')?.id;
      }
      if (load !== this.loads) return;
      if (!runId) {
        this.activeRunId = undefined;
        return;
      }
      const classifier = await this.workspace.classifier(runId);
      if (load !== this.loads) {
        classifier.dispose();
        return;
      }
      this.classifier?.dispose();
      this.classifier = classifier;
      this.modality = classifier.modality;
      this.activeRunId = runId;
      this.error = '';
      if (this.item && this.modality !== 'text') await this.classifyItem(this.item);
      else if (this.text.trim()) await this.classify(this.text);
    } catch (error) {
      if (load === this.loads) this.error = this.i18n.t.couldNotLoadModel((error as Error).message);
    }
  }

  /**
   * Classifies an image or sound (Blob) with the model (one on images or audio), once loaded, and
   * shows it and the result; undefined when there is no model.
   */
  async predictItem(item: Blob): Promise<Prediction | undefined> {
    await this.settled();
    return this.classifyItem(item);
  }

  private async classifyItem(item: Blob): Promise<Prediction | undefined> {
    this.item = item;
    this.explanation = undefined;
    if (!this.classifier || !this.activeRunId) return undefined;
    const runId = this.activeRunId;
    try {
      const prediction = await this.classifier.predict(item);
      if (item !== this.item) return prediction;
      this.prediction = prediction;
      this.error = '';
      emit(this, 'sieve-prediction', { runId, text: (item as File).name ?? '', item, prediction });
      return prediction;
    } catch (error) {
      this.error = this.i18n.t.predictionFailed((error as Error).message);
      return undefined;
    }
  }

  /** Classifies `text` with the model, once loaded, and shows the result; undefined when there is no model or no text. */
  async predict(text: string): Promise<Prediction | undefined> {
    await this.settled();
    return this.classify(text);
  }

  private async classify(text: string): Promise<Prediction | undefined> {
    this.text = text;
    if (!this.classifier || !this.activeRunId) return undefined;
    if (!text.trim()) {
      this.prediction = undefined;
      return undefined;
    }
    const runId = this.activeRunId;
    try {
      const prediction = await this.classifier.predict(text);
      if (text !== this.text) return prediction;
      this.prediction = prediction;
      emit(this, 'sieve-prediction', { runId, text, prediction });
      const explanation = this.explain ? await this.classifier.explain(text, { label: prediction.label }) : undefined;
      if (text === this.text) this.explanation = explanation;
      return prediction;
    } catch (error) {
      this.error = this.i18n.t.predictionFailed((error as Error).message);
      return undefined;
    }
  }
}
