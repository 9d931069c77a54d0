import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { UncertaintyStrategy } from '../../data/uncertainty.js';
import type { Classifier, Prediction } from '../../inference/classifier.js';
import type { Explanation } from '../../inference/explain.js';
import { rankByUncertainty } from '../../experiments/queue.js';
import { recordInput } from '../../backbones/record-input.js';
import type { TextRecord } from '../../store/schema.js';
import type { Workspace } from '../../workspace.js';

/**
 * The model in the labeling loop: loads a run's classifier (the newest finished run of the
 * dataset unless one is named, and each new one as it finishes), suggests a label per text, ranks
 * unlabeled records by uncertainty, and retrains in the background every N new labels.
 */
export class LabelingModelController implements ReactiveController {
  /** Run whose model is loaded. */
  runId?: string;
  /** Why the last background retraining failed ('' when it did not). */
  retrainError = '';
  private classifier?: Classifier;
  /** The loaded model's backbone: background retraining uses it too. */
  private backbone?: { type: string; [option: string]: unknown };
  private stopListening?: () => void;
  private newLabels = 0;
  private retraining = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** Called after a (new) model is loaded. */
    private readonly onModel: () => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.stopListening?.();
    this.classifier?.dispose();
    this.classifier = undefined;
    this.runId = undefined;
  }

  /** Follows a workspace and dataset: loads `runId`, or the newest finished run and each later one. */
  async attach(workspace: Workspace, datasetId: string, runId?: string): Promise<void> {
    this.stopListening?.();
    if (!runId) this.stopListening = workspace.onRunFinished((run) => run.datasetId === datasetId && void this.load(workspace, run.id));
    const id = runId ?? (await workspace.runs.list({ datasetId })).find((r) => r.status === 'FINISHED')?.id;
    if (id) await this.load(workspace, id);
  }

  /** Why the loaded model gives a record a label (see `Classifier.explain`), if a model on texts is loaded. */
  async explain(record: TextRecord, label: string): Promise<Explanation | undefined> {
    if (this.classifier?.modality !== 'text' || record.text === undefined) return undefined;
    return this.classifier.explain(record.text, { label });
  }

  /** The model's prediction for a record, if a model is loaded and the record has what it reads. */
  async suggest(record: TextRecord): Promise<Prediction | undefined> {
    const input = this.classifier && recordInput(record, this.classifier.modality);
    return input === undefined ? undefined : this.classifier?.predict(input);
  }

  /**
   * The unlabeled ones of `records` by their uncertainty under the loaded model, most uncertain
   * first (empty without a model): the labeler's records and loaded model, read and loaded once.
   */
  async ranking(records: readonly TextRecord[], multiLabel: boolean, strategy: UncertaintyStrategy): Promise<{ recordId: string; uncertainty: number }[]> {
    if (!this.classifier) return [];
    return (await rankByUncertainty(this.classifier, records, multiLabel, strategy)).map((q) => ({ recordId: q.record.id, uncertainty: q.uncertainty }));
  }

  /** Counts a new label; every `every` labels, trains in the background (the new model then loads). */
  labeled(workspace: Workspace, datasetId: string, every: number): void {
    this.newLabels++;
    if (!every || this.newLabels < every || this.retraining) return;
    this.newLabels = 0;
    this.retraining = true;
    // The same backbone as the model in the loop (a media dataset's image or audio model, or vectors).
    void workspace
      .train({ datasetId, experiment: 'labeler', ...(this.backbone ? { backbone: this.backbone } : {}) })
      .catch((error: Error) => {
        this.retrainError = error.message;
        this.host.requestUpdate();
      })
      .finally(() => (this.retraining = false));
  }

  private async load(workspace: Workspace, runId: string): Promise<void> {
    if (this.runId === runId) return;
    try {
      const classifier = await workspace.classifier(runId);
      this.backbone = (await workspace.runs.get(runId)).params.backbone as typeof this.backbone;
      this.classifier?.dispose();
      this.classifier = classifier;
      this.runId = runId;
      this.onModel();
    } catch {
      // No usable model (yet): labeling goes on without suggestions.
    }
  }
}
