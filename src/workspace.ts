import { backboneKey, modalityOf, type Backbone, type BackboneInput, type BackboneRef, type DownloadProgress, type FeatureBatch, type FeaturizeOptions } from './backbones/backbone.js';
import { EmbeddingCache } from './backbones/embedding-cache.js';
import { loadBackbone } from './backbones/load.js';
import { RemoteBackbone } from './backbones/remote-backbone.js';
import { resolveBackboneRef } from './backbones/resolve.js';
import { absoluteFolder, getBasePath, packageFolder } from './assets.js';
import { SieveError, ValidationError } from './errors.js';
import { Classifier } from './inference/classifier.js';
import { checkItems, type ItemInput } from './inference/item-inputs.js';
import { compareRuns, type RunComparison } from './experiments/compare.js';
import { ExperimentStore } from './experiments/experiments.js';
import { ModelStore } from './experiments/models.js';
import { OutputStore } from './experiments/outputs.js';
import { uncertaintyQueue, type QueueOptions, type QueuedRecord } from './experiments/queue.js';
import { RunStore } from './experiments/runs.js';
import type { TrainProgress } from './experiments/progress.js';
import type { TrainOptions } from './experiments/train-run.js';
import { DatasetStore } from './store/datasets.js';
import { withStorageErrors } from './store/storage-errors.js';
import { openSieveDatabase, type SieveDatabase } from './store/db.js';
import type { Run, StorageReport } from './store/schema.js';
import { checkBackendPreference, type BackendPreference } from './training/backend-preference.js';
import type { WorkspaceInit } from './worker/protocol.js';
import { WorkerTrainer } from './worker/worker-trainer.js';
import { optionsArgument, requireId, requireIds } from './data/arguments.js';
import { checkTrainOptions } from './experiments/train-options.js';
import { persistStorage, storageReport } from './store/storage-usage.js';

type InThread = typeof import('./experiments/in-thread.js');

/** TensorFlow.js, once this thread has trained (see `tensorMemory`). */
let loadedTf: InThread['tf'] | undefined;

/** Options of `openWorkspace`. */
export interface WorkspaceOptions {
  /** Workspace name; each name is its own IndexedDB database (default "default"). */
  name?: string;
  /**
   * Base URL of Sieve's files (word vectors, WASM binaries), laid out as the package's `dist/`
   * folder. Default: the one set by `setBasePath`, else where your bundler put each file.
   */
  assetsUrl?: string;
  /** TensorFlow.js backend (default `auto`: WebGPU on a real GPU, else WASM, WebGL, CPU). */
  backend?: BackendPreference;
  /**
   * Where `train` featurizes and trains: `worker` (default in pages: a module worker, so the page
   * never freezes) or `page` (this thread).
   */
  trainIn?: 'worker' | 'page';
}

/** The public facade: datasets, training, runs and classifiers of one workspace. */
export class Workspace {
  /** Datasets and their records. */
  readonly datasets: DatasetStore;
  /** Training runs: get, list (newest first), delete, restore, compare. */
  readonly runs: Pick<RunStore, 'get' | 'list' | 'delete' | 'restore'> & { compare(ids: readonly string[]): Promise<RunComparison> };
  /** Experiments: list, describe, delete (soft or hard), restore. */
  readonly experiments: ExperimentStore;
  /** Trained models as files: export and import. */
  readonly models: ModelStore;
  /** Classifier outputs: score a whole dataset, then sample records by score for review. */
  readonly outputs: OutputStore;
  /** The embedding cache: features computed once per backbone and text, kept in IndexedDB. */
  readonly cache: Pick<EmbeddingCache, 'size' | 'clear'>;
  private readonly embeddings: EmbeddingCache;
  private readonly runStore: RunStore;
  private readonly backbones = new Map<string, Promise<Backbone>>();
  private readonly listeners = new Set<(run: Run) => void>();
  private readonly progressListeners = new Set<(progress: TrainProgress) => void>();
  private workerTrainer?: WorkerTrainer;
  private inThread?: Promise<InThread>;
  private currentAnnotator = 'default';

  private constructor(
    /** Workspace name. */
    readonly name: string,
    /** Base URL of Sieve's files when one was set (option or `setBasePath`); otherwise each file is where the build put it. */
    private readonly assetBase: string | undefined,
    private readonly backendPreference: BackendPreference,
    private readonly db: SieveDatabase,
    /** Where `train` runs (see WorkspaceOptions.trainIn). */
    readonly trainIn: 'worker' | 'page',
  ) {
    this.datasets = withStorageErrors(new DatasetStore(db, () => this.currentAnnotator), 'datasets');
    this.runStore = new RunStore(db);
    const store = this.runStore;
    this.runs = withStorageErrors({
      get: (id) => store.get(id),
      list: (query) => store.list(query),
      delete: (id, options) => store.delete(id, options),
      restore: (id) => store.restore(id),
      compare: async (ids) => {
        if (!Array.isArray(ids) || ids.length < 2) {
          throw new ValidationError('runs.compare', [{ field: 'ids', value: ids, reason: 'give an array of at least two run ids' }]);
        }
        return compareRuns(await Promise.all(requireIds(ids, 'ids', 'runs.compare').map((id) => store.get(id))));
      },
    } satisfies Workspace['runs'], 'runs');
    this.experiments = withStorageErrors(new ExperimentStore(db), 'experiments');
    this.models = withStorageErrors(new ModelStore(db, store), 'models');
    this.outputs = withStorageErrors(new OutputStore(db, this.datasets, (runId) => this.classifier(runId)), 'outputs');
    this.embeddings = new EmbeddingCache(db);
    this.cache = withStorageErrors({ size: () => this.embeddings.size(), clear: () => this.embeddings.clear() }, 'cache');
  }

  /** Opens (or creates) a workspace. */
  static async open(options: WorkspaceOptions = {}): Promise<Workspace> {
    const name = options.name ?? 'default';
    if (typeof name !== 'string' || name === '') {
      throw new ValidationError('openWorkspace', [{ field: 'name', value: name, reason: 'name must be a non-empty string' }]);
    }
    const backend = checkBackendPreference(options.backend ?? 'auto');
    const assetBase = options.assetsUrl !== undefined ? absoluteFolder(options.assetsUrl, 'openWorkspace', 'assetsUrl') : getBasePath();
    if (typeof indexedDB === 'undefined') {
      throw new SieveError('openWorkspace needs IndexedDB, which this environment lacks (Node, or a server render). To predict with an exported model here, use loadClassifier from "sieve-classifier/predict".');
    }
    const trainIn = options.trainIn ?? (typeof Worker !== 'undefined' && typeof window !== 'undefined' ? 'worker' : 'page');
    if (trainIn !== 'worker' && trainIn !== 'page') {
      throw new ValidationError('openWorkspace', [{ field: 'trainIn', value: trainIn, reason: 'trainIn must be "worker" or "page"' }]);
    }
    const workspace = withStorageErrors(new Workspace(name, assetBase, backend, await openSieveDatabase(name), trainIn), 'workspace');
    // Best effort: a workspace whose storage is full still opens, so its data can be read,
    // exported and deleted to make room (those runs are marked on a later open).
    await workspace.runStore.markInterrupted().catch(() => undefined);
    return workspace;
  }

  /** The folder Sieve's files are loaded from: the base path when one was set, else the package's own folder. */
  get assetsUrl(): string {
    return this.assetBase ?? packageFolder();
  }

  /** Who answers when `datasets.annotate` (or the labeler) names nobody; "default" until the page sets one. */
  get annotator(): string {
    return this.currentAnnotator;
  }

  /** Sets the current annotator (a non-empty name). */
  setAnnotator(name: string): void {
    if (typeof name !== 'string' || name.trim() === '') {
      throw new ValidationError('setAnnotator', [{ field: 'annotator', value: name, reason: 'the annotator must be a non-empty name' }]);
    }
    this.currentAnnotator = name.trim();
  }

  /** Trains a classifier on a dataset; resolves with the finished run. */
  async train(options: TrainOptions): Promise<Run> {
    checkTrainOptions(options);
    const report = (progress: TrainProgress) => {
      options?.onProgress?.(progress);
      this.progressListeners.forEach((listener) => listener(progress));
    };
    const context = {
      datasets: this.datasets,
      runs: this.runStore,
      backbone: (ref: BackboneRef, onDownload?: (progress: DownloadProgress) => void) => this.backbone(ref, onDownload),
      backend: () => this.backend(),
      // Precomputed vectors are features already: nothing to cache.
      featurize: (backbone: Backbone, inputs: readonly BackboneInput[], featurizeOptions: FeaturizeOptions) =>
        backbone.ref.type === 'precomputed' ? backbone.featurize(inputs, featurizeOptions) : this.embeddings.featurize(backbone, inputs, featurizeOptions),
    };
    let run: Run;
    // The run's new features are stored once it has ended, not while it trains on this thread.
    const releaseWrites = this.trainIn === 'page' ? this.embeddings.deferWrites() : undefined;
    try {
      run =
        this.trainIn === 'worker'
          ? await this.worker().train(this.workerInit(), options, report)
          : await (await this.loadInThread()).trainRun(context, { ...options, onProgress: report });
    } catch (error) {
      const { runId, name, message } = error as { runId?: string; name?: string; message?: string };
      if (runId) report({ status: 'ended', runId, outcome: name === 'AbortError' ? 'CANCELLED' : 'FAILED', error: message });
      throw error;
    } finally {
      releaseWrites?.();
    }
    this.listeners.forEach((listener) => listener(run));
    return run;
  }

  /**
   * Gets training ready before the first `train`: selects the TensorFlow.js backend, loads the
   * backbone (default "sieve-text") and warms up on a few sentences where training runs — in the
   * training worker, started now — so that the first run starts at once and runs at full speed.
   * Optional: `train` loads what it needs itself. A bad backbone reference is refused with a
   * ValidationError.
   */
  async prepare(prepareOptions?: { backbone?: TrainOptions['backbone'] }): Promise<void> {
    const options = optionsArgument<{ backbone?: TrainOptions['backbone'] }>(prepareOptions, 'options', 'prepare');
    const ref = resolveBackboneRef(options.backbone);
    if (this.trainIn === 'worker') {
      await this.worker().prepare(this.workerInit(), options.backbone);
      return;
    }
    await this.backend();
    await (await this.loadInThread()).warmUp(await this.backbone(ref));
  }

  /**
   * Features of `items` as a backbone gives them (default "sieve-text"; texts, or images, audio or
   * vectors for such backbones), not cached. In pages the training worker computes them with the
   * backbone it has loaded (the page loads no model).
   */
  async features(items: readonly ItemInput[], featureOptions?: { backbone?: TrainOptions['backbone'] | BackboneRef }): Promise<FeatureBatch> {
    const options = optionsArgument<{ backbone?: TrainOptions['backbone'] | BackboneRef }>(featureOptions, 'options', 'features');
    const given = Array.isArray(items) ? items.find((item) => item instanceof Float32Array || Array.isArray(item)) : undefined;
    const ref = resolveBackboneRef(options.backbone, (given as ArrayLike<number> | undefined)?.length);
    return this.featuresOf(ref, checkItems(items, modalityOf(ref), ref.type === 'precomputed' ? ref.dims : 0, 'features'));
  }

  /**
   * The classifier of a finished run, loaded from IndexedDB. Its head runs in the page, in plain
   * TypeScript. A built-in backbone runs in the page too (it needs no TensorFlow.js); a
   * Transformers.js model runs where training runs (in pages, the training worker), so one copy of
   * a model serves both.
   */
  async classifier(runId: string): Promise<Classifier> {
    requireId(runId, 'runId', 'classifier');
    const model = await this.runStore.model(runId);
    const ref = resolveBackboneRef(model.backbone); // refuses a backbone this build does not have
    if (this.trainIn === 'page' || ref.type !== 'transformers') return Classifier.fromModel(model, await this.backbone(ref));
    const head = model.head as unknown as { dims: number; buckets: number };
    return Classifier.fromModel(model, new RemoteBackbone(ref, head.dims, head.buckets, (items) => this.featuresOf(ref, items)));
  }

  /**
   * The dataset's unlabeled records, most uncertain first under a model: a run's (loaded for the
   * call) or an already loaded classifier (active learning: label these next). Strategies:
   * least-confidence, margin (default), entropy.
   */
  async queue(model: string | Classifier, datasetId: string, options?: QueueOptions): Promise<QueuedRecord[]> {
    if (model instanceof Classifier) return uncertaintyQueue(this.datasets, model, datasetId, options);
    requireId(model, 'model', 'queue (a run id or a Classifier)');
    optionsArgument(options, 'options', 'queue');
    const classifier = await this.classifier(model);
    try {
      return await uncertaintyQueue(this.datasets, classifier, datasetId, options);
    } finally {
      classifier.dispose();
    }
  }

  /**
   * How much room this workspace takes, by store (records, embedding cache, models, classifier
   * outputs), and the site's usage, quota and whether its storage is persistent: what to delete
   * when storage runs out.
   */
  storage(): Promise<StorageReport> {
    return storageReport(this.db);
  }

  /**
   * Asks the browser to keep this site's data under storage pressure (labels cannot be recomputed);
   * resolves with whether it will. `<sieve-labeler>` asks when the user starts labeling.
   */
  persistStorage(): Promise<boolean> {
    return persistStorage();
  }

  /** Calls `listener` with the progress of every run this workspace trains, whoever started it; returns a function that stops it. */
  onRunProgress(listener: (progress: TrainProgress) => void): () => void {
    this.progressListeners.add(listener);
    return () => this.progressListeners.delete(listener);
  }

  /** Calls `listener` with each run this workspace finishes; returns a function that stops it. */
  onRunFinished(listener: (run: Run) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The TensorFlow.js backend training uses (selected on first call, where training runs). */
  async backend(): Promise<string> {
    if (this.trainIn === 'worker') return this.worker().backend(this.workerInit());
    return (await this.loadInThread()).useBackend(this.backendPreference, this.assetBase);
  }

  /** TensorFlow.js memory in use on this thread: tensors and their bytes (zero until it trains here). */
  tensorMemory(): { numTensors: number; numBytes: number } {
    const { numTensors, numBytes } = loadedTf?.memory() ?? { numTensors: 0, numBytes: 0 };
    return { numTensors, numBytes };
  }

  /** Closes the database connection and ends the training worker. */
  close(): void {
    this.workerTrainer?.stop();
    this.db.close();
  }

  /** Features by a complete backbone reference: computed in the training worker, or in the page. */
  private async featuresOf(ref: BackboneRef, items: readonly BackboneInput[]): Promise<FeatureBatch> {
    if (this.trainIn === 'worker') return this.worker().featurize(this.workerInit(), ref, items);
    return (await this.backbone(ref)).featurize(items);
  }

  /** What the training worker needs to open this workspace. */
  private workerInit(): WorkspaceInit {
    return { name: this.name, assetsUrl: this.assetBase, backend: this.backendPreference };
  }

  /** The training worker, started on first use. */
  private worker(): WorkerTrainer {
    return (this.workerTrainer ??= new WorkerTrainer());
  }

  /** Training on this thread (TensorFlow.js and the training loop), imported on first use. */
  private loadInThread(): Promise<InThread> {
    this.inThread ??= import('./experiments/in-thread.js').then((module) => {
      loadedTf = module.tf;
      return module;
    });
    return this.inThread;
  }

  /** The backbone a reference names, loaded once per workspace (download progress goes to the first caller). */
  private backbone(ref: BackboneRef, onDownload?: (progress: DownloadProgress) => void): Promise<Backbone> {
    const key = backboneKey(ref) + (ref.type === 'transformers' ? `|${ref.device}` : '');
    let backbone = this.backbones.get(key);
    if (!backbone) {
      backbone = loadBackbone(ref, this.assetBase, onDownload);
      backbone.catch(() => this.backbones.delete(key));
      this.backbones.set(key, backbone);
    }
    return backbone;
  }
}

/** Opens (or creates) a workspace: the entry point of Sieve's API. */
export function openWorkspace(options?: WorkspaceOptions): Promise<Workspace> {
  return Workspace.open(options);
}
