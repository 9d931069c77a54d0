import type { PackedSparseBatch } from './batches.js';
import { fusedAdamOnKernel, type AdamStepAttrs } from './fused-adam.js';
import { fusedDenseStep } from './fused-dense-step.js';
import { hasFusedKernels } from './fused-registry.js';
import { fusedSparseAdam, fusedSparseBag, type SparseStepInputs } from './fused-sparse.js';
import { sparseBag } from './sparse-bag.js';
import type { Head } from './head.js';
import { tf } from './tf.js';

// Adam's constants, as tf.train.adam has them.
const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-7;

/**
 * Factor the caller folds into the step's loss weights: gradients then arrive already multiplied
 * by Adam's (1 − β1), which saves two element-wise ops per parameter and step (see `adam`).
 */
export const STEP_WEIGHT_SCALE = 1 - BETA1;
/** The second moment is kept as u = v · (1 − β1)² / (1 − β2), so that u' = β2·u + g'² for g' = (1 − β1)·g. */
const SECOND_MOMENT_SCALE = (1 - BETA1) ** 2 / (1 - BETA2);

/** One training step's inputs, all on the device. */
export interface StepBatch {
  /** `[batch, dims + 1]`: dense features with a column of ones (the bias input). */
  dense: tf.Tensor2D;
  /** `[batch, classes]` one-hot (single-label) or multi-hot (multi-label) targets. */
  targets: tf.Tensor2D;
  /**
   * Loss weights, normalized and scaled: `[batch, 1]` per example, divided by the batch size
   * (single-label: loss = −Σ wᵢ log pᵢ), or `[batch, classes]` per element, divided by batch ×
   * classes (multi-label: loss = Σ wᵢc BCE(zᵢc, yᵢc)); both times STEP_WEIGHT_SCALE. The step
   * then computes the (scaled) gradient with respect to the logits as (p − y) · w.
   */
  weights: tf.Tensor2D;
  /** Sparse features, remapped to the batch's distinct buckets. */
  sparse?: PackedSparseBatch;
  /** Seed of this step's dropout mask. */
  seed: number;
}

/** Inputs of an evaluation forward pass (dense with the ones column, sparse with global bucket ids). */
export interface ForwardInputs {
  dense: tf.Tensor2D;
  indices?: tf.Tensor2D;
  values?: tf.Tensor2D;
}

interface Param {
  value: tf.Variable<tf.Rank.R2>;
  m: tf.Variable<tf.Rank.R2>;
  v: tf.Variable<tf.Rank.R2>;
  /** Element-wise path only: weight-decay factor per element (0 on the bias row), times STEP_WEIGHT_SCALE; undefined without weight decay. */
  decay?: tf.Tensor;
  /** Element-wise path only: 0 where the parameter is frozen (the MLP's bias unit), 1 elsewhere. */
  mask?: tf.Tensor;
}

/**
 * The training step of a head, written out by hand for small heads: biases are folded into their
 * kernels (the inputs carry a column of ones), gradients are computed in closed form instead of
 * through the autodiff tape, and nothing is read back from the device during a step. The n-gram
 * table is updated lazily: only the rows a batch touches (and their Adam moments) are read and
 * written.
 *
 * On WASM and CPU a step is a few fused kernels (Adam moments and the n-gram table updated in
 * place; see `fusedStep`); on other backends it is element-wise ops (see `elementwiseStep`). Both
 * equal tf.train.adam on autodiff gradients (tested).
 */
export class HeadTrainer {
  private readonly layers: Param[];
  private readonly table?: Param;
  /** MLP dropout: masks keep the bias unit (`mask · keep + unit`). */
  private dropoutFix?: { keep: tf.Tensor; unit: tf.Tensor };
  /** Whether steps run the fused kernels (decided by the backend at construction). */
  private readonly fused = hasFusedKernels();
  // Element-wise path: constants as kept scalars (a plain number in an op would upload a new scalar every step).
  private readonly constants: { beta1: tf.Scalar; beta2: tf.Scalar; tableDecay: tf.Scalar };
  private step = 0;

  constructor(
    private readonly head: Head,
    private readonly options: { multiLabel: boolean; weightDecay: number },
  ) {
    this.constants = { beta1: tf.scalar(BETA1), beta2: tf.scalar(BETA2), tableDecay: tf.scalar(options.weightDecay * STEP_WEIGHT_SCALE) };
    const vars = head.variables;
    const folded = tf.tidy(() => {
      const fold = (kernel: tf.Variable | undefined, bias: tf.Variable) =>
        kernel ? tf.concat([kernel, bias.reshape([1, -1])], 0) : bias.reshape([1, -1]);
      if (!this.isMlp) return [fold(vars.get('dense/kernel'), vars.get('output/bias') as tf.Variable)];
      // The MLP's hidden layer gets one more unit whose pre-activation is always 1 (a 1 in the bias
      // row, 0 elsewhere, frozen): after ReLU it is the ones column the output layer's bias needs.
      const hidden = fold(vars.get('hidden/kernel'), vars.get('hidden/bias') as tf.Variable);
      const rows = hidden.shape[0];
      const biasUnit = tf.concat([tf.zeros([rows - 1, 1]), tf.ones([1, 1])], 0);
      return [tf.concat([hidden, biasUnit], 1), fold(vars.get('dense/kernel'), vars.get('output/bias') as tf.Variable)];
    });
    this.layers = folded.map((value) => this.param(value, true));
    if (this.isMlp) {
      const [rows, cols] = this.layers[0].value.shape;
      if (!this.fused) this.layers[0].mask = tf.tidy(() => tf.concat([tf.ones([rows, cols - 1]), tf.zeros([rows, 1])], 1));
      this.dropoutFix = tf.tidy(() => ({ keep: tf.concat([tf.ones([1, cols - 1]), tf.zeros([1, 1])], 1), unit: tf.concat([tf.zeros([1, cols - 1]), tf.ones([1, 1])], 1) }));
    }
    const table = vars.get('sparse/table');
    // A real copy: the fused update writes the trainer's table in place.
    if (table) this.table = this.param(tf.tidy(() => table.mul(1)), false);
  }

  private get isMlp(): boolean {
    return this.head.config.type === 'mlp' && this.head.config.dims > 0;
  }

  private param(value: tf.Tensor, foldedBias: boolean): Param {
    const wd = this.options.weightDecay;
    const decay =
      wd > 0 && foldedBias && !this.fused
        ? tf.tidy(() => tf.concat([tf.fill([value.shape[0] - 1, value.shape[1] as number], wd * STEP_WEIGHT_SCALE), tf.zeros([1, value.shape[1] as number])], 0))
        : undefined;
    // tidy frees the zero tensors; variables outlive it.
    const p: Param = tf.tidy(() => ({
      value: tf.variable(value as tf.Tensor2D),
      m: tf.variable(tf.zerosLike(value as tf.Tensor2D)),
      v: tf.variable(tf.zerosLike(value as tf.Tensor2D)),
      decay,
    }));
    value.dispose();
    return p;
  }

  /** One Adam step at learning rate `learningRate`. */
  trainStep(batch: StepBatch, learningRate: number): void {
    this.step++;
    // Adam's bias-corrected step m̂ / (√v̂ + ε) rewritten as m / (√u · scale + shift).
    const first = learningRate / (1 - BETA1 ** this.step);
    const second = Math.sqrt(1 / (1 - BETA2 ** this.step));
    const attrs: AdamStepAttrs = {
      beta1: BETA1,
      beta2: BETA2,
      scale: second / first / Math.sqrt(SECOND_MOMENT_SCALE),
      shift: EPSILON / first,
      decay: this.options.weightDecay * STEP_WEIGHT_SCALE,
    };
    tf.tidy(() => (this.fused ? this.fusedStep(batch, attrs) : this.elementwiseStep(batch, attrs)));
  }

  /** Logits `[rows, classes]` of evaluation inputs with the current weights (no dropout). */
  logits(inputs: ForwardInputs): tf.Tensor2D {
    return tf.tidy(() => {
      const [first, second] = this.layers;
      let out: tf.Tensor2D = this.isMlp ? tf.matMul(tf.relu(tf.matMul(inputs.dense, first.value)) as tf.Tensor2D, second.value) : tf.matMul(inputs.dense, first.value);
      if (this.table && inputs.indices && inputs.values) out = out.add<tf.Tensor2D>(sparseBag(this.table.value, inputs.indices, inputs.values, this.fused));
      return out;
    });
  }

  /** Copies of the current weights, to restore with `restore`. */
  snapshot(): tf.Tensor2D[] {
    // Real copies (clone() would share memory, and the fused steps write in place).
    return [...this.layers, ...(this.table ? [this.table] : [])].map((p) => tf.tidy(() => tf.keep(p.value.mul(1) as tf.Tensor2D)));
  }

  /** Sets the weights from a snapshot (and disposes it). */
  restore(snapshot: tf.Tensor2D[]): void {
    [...this.layers, ...(this.table ? [this.table] : [])].forEach((p, i) => p.value.assign(snapshot[i]));
    tf.dispose(snapshot);
  }

  /** Writes the trained weights into the head's own (unfolded) variables. */
  writeBack(): void {
    const vars = this.head.variables;
    tf.tidy(() => {
      // `columns` leaves out the MLP's bias unit.
      const unfold = (value: tf.Variable, kernel: string, bias: string, columns = -1) => {
        const rows = value.shape[0] - 1;
        if (rows > 0) vars.get(kernel)?.assign(value.slice([0, 0], [rows, columns]));
        vars.get(bias)?.assign(value.slice([rows, 0], [1, columns]).reshape([-1]));
      };
      if (this.isMlp) {
        unfold(this.layers[0].value, 'hidden/kernel', 'hidden/bias', (this.layers[0].value.shape[1] as number) - 1);
        unfold(this.layers[1].value, 'dense/kernel', 'output/bias');
      } else {
        unfold(this.layers[0].value, 'dense/kernel', 'output/bias');
      }
      if (this.table) vars.get('sparse/table')?.assign(this.table.value);
    });
  }

  dispose(): void {
    for (const p of [...this.layers, ...(this.table ? [this.table] : [])]) tf.dispose([p.value, p.m, p.v, ...(p.decay ? [p.decay] : []), ...(p.mask ? [p.mask] : [])]);
    tf.dispose(this.dropoutFix ? [this.dropoutFix.keep, this.dropoutFix.unit] : []);
    tf.dispose(Object.values(this.constants));
  }

  /** The hidden layer's scaled dropout keep mask for this step (1 on the bias unit), or none. */
  private dropoutMask(shape: [number, number], seed: number): tf.Tensor2D | undefined {
    const rate = this.head.config.dropout;
    const fix = this.dropoutFix;
    if (rate <= 0 || !fix) return undefined;
    return tf.randomUniform(shape, 0, 1, 'float32', seed).greaterEqual(rate).cast('float32').mul(1 / (1 - rate)).mul(fix.keep).add(fix.unit) as tf.Tensor2D;
  }

  private sparseInputs(batch: StepBatch): SparseStepInputs | undefined {
    const sparse = batch.sparse;
    if (!this.table || !sparse) return undefined;
    return { unique: tf.tensor1d(sparse.unique, 'int32'), local: tf.tensor1d(sparse.local, 'int32'), values: tf.tensor2d(sparse.values, [batch.dense.shape[0], sparse.k]) };
  }

  /**
   * The step on WASM and CPU: the n-gram bag, then one kernel for the output layer (logits, their
   * gradient, the layer's Adam update) that also hands back the hidden layer's gradient
   * transposed, so that the first layer's gradient is one plain matMul (tfjs-wasm multiplies
   * transposed operands several times slower); then Adam on the first layer, and lazy Adam in
   * place on the table rows the batch touched.
   */
  private fusedStep(batch: StepBatch, attrs: AdamStepAttrs): void {
    const [first, second] = this.layers;
    const sparse = this.sparseInputs(batch);
    const bag = sparse && this.table ? fusedSparseBag(this.table.value, sparse) : undefined;
    const common = { targets: batch.targets, weights: batch.weights, bag };
    const stepAttrs = { ...attrs, multiLabel: this.options.multiLabel };
    let grad: tf.Tensor2D;
    if (this.isMlp) {
      const pre: tf.Tensor2D = tf.matMul(batch.dense, first.value);
      const dropout = this.dropoutMask(pre.shape as [number, number], batch.seed);
      const [logitsGrad, kernel, hiddenGradT] = fusedDenseStep({ input: pre, kernel: second.value, m: second.m, v: second.v, dropout, ...common }, { ...stepAttrs, hidden: true });
      const firstGrad = tf.matMul(hiddenGradT, batch.dense) as tf.Tensor2D;
      first.value.assign(fusedAdamOnKernel({ param: first.value, m: first.m, v: first.v }, firstGrad, { ...attrs, transposed: true, frozenLastColumn: true }));
      second.value.assign(kernel);
      grad = logitsGrad;
    } else {
      const [logitsGrad, kernel] = fusedDenseStep({ input: batch.dense, kernel: first.value, m: first.m, v: first.v, ...common }, { ...stepAttrs, hidden: false });
      first.value.assign(kernel);
      grad = logitsGrad;
    }
    if (sparse && this.table) fusedSparseAdam({ table: this.table.value, m: this.table.m, v: this.table.v }, sparse, grad, attrs);
  }

  /** The step as element-wise ops, for backends without the fused kernels (WebGPU, WebGL). */
  private elementwiseStep(batch: StepBatch, attrs: AdamStepAttrs): void {
    const scale = tf.scalar(attrs.scale);
    const shift = tf.scalar(attrs.shift);
    const x = batch.dense;
    const [first, second] = this.layers;
    let logits: tf.Tensor2D;
    let hidden: tf.Tensor2D | undefined;
    let gate: tf.Tensor2D | undefined;
    if (this.isMlp) {
      const pre: tf.Tensor2D = tf.matMul(x, first.value);
      const dropout = this.dropoutMask(pre.shape as [number, number], batch.seed);
      hidden = dropout ? (tf.relu(pre).mul(dropout) as tf.Tensor2D) : (tf.relu(pre) as tf.Tensor2D);
      gate = dropout ? (tf.step(pre).mul(dropout) as tf.Tensor2D) : (tf.step(pre) as tf.Tensor2D);
      logits = tf.matMul(hidden, second.value);
    } else {
      logits = tf.matMul(x, first.value);
    }
    const sparse = this.sparseInputs(batch);
    const table = this.table;
    let touched: tf.Tensor2D | undefined;
    if (sparse && table) {
      const [rows, k] = sparse.values.shape;
      touched = tf.gather(table.value, sparse.unique);
      logits = logits.add(tf.gather(touched, sparse.local).reshape([rows, k, -1]).mul(sparse.values.expandDims(2)).sum(1)) as tf.Tensor2D;
    }
    // batch.weights carry the loss's normalization and STEP_WEIGHT_SCALE (see StepBatch.weights).
    const grad = (this.options.multiLabel ? tf.sigmoid(logits) : tf.softmax(logits)).sub(batch.targets).mul(batch.weights) as tf.Tensor2D;
    if (hidden && gate) {
      const hiddenGrad = tf.matMul(grad, second.value, false, true).mul(gate) as tf.Tensor2D;
      this.adam(second, tf.matMul(hidden, grad, true, false), scale, shift);
      this.adam(first, tf.matMul(x, hiddenGrad, true, false), scale, shift);
    } else {
      this.adam(first, tf.matMul(x, grad, true, false), scale, shift);
    }
    if (!sparse || !table || !touched) return;
    const [rows, k] = sparse.values.shape;
    const contributions = grad.expandDims(1).mul(sparse.values.expandDims(2)).reshape([rows * k, -1]);
    let rowGrad = tf.scatterND(sparse.local.reshape([-1, 1]), contributions, touched.shape);
    if (this.options.weightDecay > 0) rowGrad = rowGrad.add(touched.mul(this.constants.tableDecay));
    const at = sparse.unique.reshape([-1, 1]);
    const m = tf.gather(table.m, sparse.unique).mul(this.constants.beta1).add(rowGrad);
    const v = tf.gather(table.v, sparse.unique).mul(this.constants.beta2).add(rowGrad.square());
    const updated = touched.sub(m.div(v.sqrt().mul(scale).add(shift)));
    table.m.assign(tf.tensorScatterUpdate(table.m, at, m));
    table.v.assign(tf.tensorScatterUpdate(table.v, at, v));
    table.value.assign(tf.tensorScatterUpdate(table.value, at, updated));
  }

  /**
   * Element-wise Adam update of one dense parameter, equal to tf.train.adam's: with g' = (1 − β1)·g
   * (the scale the loss weights carry), m' = β1·m + g' and u' = β2·u + g'², where u is v scaled by
   * SECOND_MOMENT_SCALE; `scale` undoes that scale under the square root.
   */
  private adam(p: Param, grad: tf.Tensor2D, scale: tf.Scalar, shift: tf.Scalar): void {
    const decayed: tf.Tensor2D = p.decay ? grad.add(p.value.mul(p.decay)) : grad;
    const g: tf.Tensor2D = p.mask ? decayed.mul(p.mask) : decayed;
    const m: tf.Tensor2D = p.m.mul(this.constants.beta1).add(g);
    const v: tf.Tensor2D = p.v.mul(this.constants.beta2).add(g.square());
    p.m.assign(m);
    p.v.assign(v);
    p.value.assign(p.value.sub(m.div(v.sqrt().mul(scale).add(shift))));
  }
}
