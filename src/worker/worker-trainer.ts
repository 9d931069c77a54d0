import { decodeWithWebAudio } from '../data/audio-decode.js';
import type { BackboneInput, BackboneRef, FeatureBatch } from '../backbones/backbone.js';
import { SieveError } from '../errors.js';
import type { TrainProgress } from '../experiments/progress.js';
import type { TrainOptions } from '../experiments/train-run.js';
import type { Run } from '../store/schema.js';
import { deserializeError, serializeError, type FromWorker, type ToWorker, type WorkspaceInit } from './protocol.js';

/**
 * The page's side of the training worker: one module worker for the workspace's lifetime (so its
 * loaded backbones and in-memory embedding cache serve later runs, and its backbones featurize for
 * the page's classifiers), progress and cancel relayed.
 */
export class WorkerTrainer {
  private worker?: Worker;
  private nextId = 1;
  /** Set by `stop`: the workspace was closed, and no worker starts again. */
  private stopped = false;
  private readonly pending = new Map<number, { resolve: (value?: Run | FeatureBatch | string) => void; reject: (error: Error) => void; onProgress: (p: TrainProgress) => void }>();

  /** Trains in the worker; resolves with the run or rejects with the same error class as training in the page. */
  train(workspace: WorkspaceInit, options: TrainOptions, onProgress: (progress: TrainProgress) => void): Promise<Run> {
    const { signal, onProgress: _ignored, ...rest } = options ?? ({} as TrainOptions);
    signal?.throwIfAborted();
    return this.request<Run>((id) => ({ type: 'train', id, workspace, options: rest }), onProgress, signal);
  }

  /** Starts the worker and has it select the backend, load `backbone` and warm up; resolves with the backend when it has. */
  prepare(workspace: WorkspaceInit, backbone: TrainOptions['backbone']): Promise<string> {
    return this.request<string>((id) => ({ type: 'prepare', id, workspace, backbone }));
  }

  /** The TensorFlow.js backend the worker trains on (selected on first call). */
  backend(workspace: WorkspaceInit): Promise<string> {
    return this.request<string>((id) => ({ type: 'backend', id, workspace }));
  }

  /** Features of `items` (texts, media, vectors) by the backbone `ref`, computed in the worker (which loads it once). */
  featurize(workspace: WorkspaceInit, ref: BackboneRef, items: readonly BackboneInput[]): Promise<FeatureBatch> {
    return this.request<FeatureBatch>((id) => ({ type: 'featurize', id, workspace, backbone: ref, items }));
  }

  /** Ends the worker (runs in it are cut short; the next open marks them interrupted). */
  stop(): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.stopped = true;
    for (const p of this.pending.values()) p.reject(closedError());
    this.pending.clear();
  }

  private start(): Worker {
    if (this.stopped) throw closedError();
    if (!this.worker) {
      this.worker = new Worker(new URL('./train-worker.ts', import.meta.url), { type: 'module', name: 'sieve-training' });
      this.worker.addEventListener('message', (event: MessageEvent<FromWorker>) => this.receive(event.data));
      this.worker.addEventListener('error', (event) => {
        const why = event.message || 'its script could not be loaded (is the library served with its assets/ folder?)';
        for (const p of this.pending.values()) p.reject(new SieveError(`The training worker failed: ${why}`));
      });
    }
    return this.worker;
  }

  /** Sends the message `message(id)` and settles with the worker's answer to it (progress relayed, `signal` cancels). */
  private request<T>(message: (id: number) => ToWorker, onProgress: (p: TrainProgress) => void = () => undefined, signal?: AbortSignal): Promise<T> {
    const id = this.nextId++;
    this.start();
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: (value) => resolve(value as T), reject, onProgress });
      signal?.addEventListener('abort', () => this.send({ type: 'cancel', id }), { once: true });
      this.send(message(id));
    }).finally(() => this.pending.delete(id));
  }

  private send(message: ToWorker, transfer: Transferable[] = []): void {
    this.worker?.postMessage(message, transfer);
  }

  /** Decodes a clip for the worker (which has no Web Audio) and sends the samples back, moved. */
  private async decode(request: number, audio: Blob, sampleRate: number): Promise<void> {
    try {
      const samples = await decodeWithWebAudio(audio, sampleRate);
      this.send({ type: 'decoded', request, samples }, [samples.buffer as ArrayBuffer]);
    } catch (error) {
      this.send({ type: 'decoded', request, error: serializeError(error) });
    }
  }

  private receive(message: FromWorker): void {
    if (message.type === 'decode-audio') {
      void this.decode(message.request, message.audio, message.sampleRate);
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
    if (message.type === 'progress') pending.onProgress(message.progress);
    else if (message.type === 'done') pending.resolve(message.run);
    else if (message.type === 'ready') pending.resolve(message.backend);
    else if (message.type === 'features') pending.resolve(message.features);
    else pending.reject(deserializeError(message.error));
  }
}

function closedError(): SieveError {
  return new SieveError('The workspace was closed: its training worker stopped');
}
