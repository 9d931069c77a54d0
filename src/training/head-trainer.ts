import type { PackedSparseBatch } from './batches.js';
import { fusedAdam, fusedHiddenGrad, fusedOutputGrad, fusedSparseAdam, fusedSparseBag, hasFusedKernels, type AdamStepAttrs } from './fused-kernels.js';
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
  /** Optional `[dims + 1, batch]` transpose of `dense` (MLP heads use it for the first layer's gradient). */
  denseTransposed?: tf.Tensor2D;
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
  /** Weight-decay factor per element (0 on the bias row), times STEP_WEIGHT_SCALE; undefined without weight decay. */
  decay?: tf.Tensor;
  /** 0 where the parameter is frozen (the MLP's bias unit), 1 elsewhere; undefined when nothing is frozen. */
  mask?: tf.Tensor;
}

/**
 * The training step of a head, written out by hand for small heads: biases are folded into their
 * kernels (the inputs carry a column of ones), gradients are computed in closed form instead of
 * through the autodiff tape, and Adam updates each parameter with a few fused element-wise ops.
 * The n-gram table is updated lazily: only the rows a batch touches (and their Adam moments) are
 * read and written. Nothing is read back from the device during a step.
 */
export class HeadTrainer {
  private readonly layers: Param[];
  private readonly table?: Param;
  /** MLP dropout: masks keep the bias unit (`mask · keep + unit`). */
  private dropoutFix?: { keep: tf.Tensor; unit: tf.Tensor };
  private stepAttrs: AdamStepAttrs = { beta1: BETA1, beta2: BETA2, scale: 1, shift: 0 };
  private fused = false;
  // Constants as kept scalars: a plain number in an op would upload a new scalar every step.
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
      this.layers[0].mask = tf.tidy(() => tf.concat([tf.ones([rows, cols - 1]), tf.zeros([rows, 1])], 1));
      this.dropoutFix = tf.tidy(() => ({ keep: tf.concat([tf.ones([1, cols - 1]), tf.zeros([1, 1])], 1), unit: tf.concat([tf.zeros([1, cols - 1]), tf.ones([1, 1])], 1) }));
    }
    const table = vars.get('sparse/table');
    // A real copy: the fused update writes the trainer's table in place.
    if (table) this.table = this.param(tf.tidy(() => table.mul(1)), false);
  }

  /** Whether steps use the transposed dense input (see StepBatch.denseTransposed). */
  get usesTransposedInput(): boolean {
    return this.isMlp;
  }

  private get isMlp(): boolean {
    return this.head.config.type === 'mlp' && this.head.config.dims > 0;
  }

  private param(value: tf.Tensor, foldedBias: boolean): Param {
    const wd = this.options.weightDecay;
    const decay =
      wd > 0 && foldedBias
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
    this.stepAttrs = { beta1: BETA1, beta2: BETA2, scale: second / first / Math.sqrt(SECOND_MOMENT_SCALE), shift: EPSILON / first };
    // Scalars only for the element-wise path (backends without the fused kernels).
    this.fused = hasFusedKernels();
    const scalars = this.fused ? [] : [tf.scalar(this.stepAttrs.scale), tf.scalar(this.stepAttrs.shift)];
    tf.tidy(() => {
      const { logits, backward } = this.forward(batch);
      // batch.weights carry the loss's normalization and STEP_WEIGHT_SCALE (see StepBatch.weights).
      const grad = this.fused
        ? fusedOutputGrad(logits, batch.targets, batch.weights, this.options.multiLabel)
        : (this.options.multiLabel ? tf.sigmoid(logits) : tf.softmax(logits)).sub(batch.targets).mul(batch.weights);
      backward(grad as tf.Tensor2D, scalars[0] as tf.Scalar, scalars[1] as tf.Scalar);
    });
    tf.dispose(scalars);
  }

  /** Logits `[rows, classes]` of evaluation inputs with the current weights (no dropout). */
  logits(inputs: ForwardInputs): tf.Tensor2D {
    return tf.tidy(() => {
      const [first, second] = this.layers;
      let out: tf.Tensor2D = this.isMlp ? tf.matMul(tf.relu(tf.matMul(inputs.dense, first.value)) as tf.Tensor2D, second.value) : tf.matMul(inputs.dense, first.value);
      if (this.table && inputs.indices && inputs.values) {
        const [rows, k] = inputs.indices.shape;
        const gathered = tf.gather(this.table.value, inputs.indices.reshape([rows * k])).reshape([rows, k, -1]);
        out = out.add<tf.Tensor2D>(gathered.mul(inputs.values.expandDims(2)).sum(1));
      }
      return out;
    });
  }

  /** Copies of the current weights, to restore with `restore`. */
  snapshot(): tf.Tensor2D[] {
    // Real copies (clone() would share memory, and the fused n-gram update writes in place).
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

  /** Training forward pass; `backward` applies the update for a gradient with respect to the logits. */
  private forward(batch: StepBatch): { logits: tf.Tensor2D; backward: (grad: tf.Tensor2D, a: tf.Scalar, b: tf.Scalar) => void } {
    const x = batch.dense;
    const [first, second] = this.layers;
    let logits: tf.Tensor2D;
    let backwardDense: (grad: tf.Tensor2D, a: tf.Scalar, b: tf.Scalar) => void;
    if (this.isMlp) {
      const pre = tf.matMul(x, first.value);
      let hidden = tf.relu(pre) as tf.Tensor2D;
      const rate = this.head.config.dropout;
      // Without dropout the fused hidden-gradient kernel reads the gate off the activations.
      const gateFromActivations = this.fused && rate === 0;
      let gate = gateFromActivations ? hidden : (tf.step(pre) as tf.Tensor2D);
      const fix = this.dropoutFix;
      if (rate > 0 && fix) {
        const dropped = tf.randomUniform(pre.shape, 0, 1, 'float32', batch.seed).greaterEqual(rate).cast('float32').mul(1 / (1 - rate));
        const mask = dropped.mul(fix.keep).add(fix.unit);
        hidden = hidden.mul(mask);
        gate = gate.mul(mask);
      }
      logits = tf.matMul(hidden, second.value);
      backwardDense = (grad, a, b) => {
        const hiddenGrad = this.fused ? fusedHiddenGrad(grad, second.value, gate, gateFromActivations) : tf.matMul(grad, second.value, false, true).mul(gate);
        this.adam(second, tf.matMul(hidden, grad, true, false), a, b);
        // Not matMul(x, hiddenGrad, transposeA): on WASM that is several times slower than a
        // matMul of the transposed input (uploaded by the caller, or transposed here).
        this.adam(first, tf.matMul(batch.denseTransposed ?? tf.transpose(x), hiddenGrad), a, b);
      };
    } else {
      logits = tf.matMul(x, first.value);
      backwardDense = (grad, a, b) => this.adam(first, tf.matMul(x, grad, true, false), a, b);
    }
    const sparse = batch.sparse;
    if (!this.table || !sparse) return { logits, backward: backwardDense };
    const table = this.table;
    const rows = x.shape[0];
    const classes = logits.shape[1];
    const unique = tf.tensor1d(sparse.unique, 'int32');
    const local = tf.tensor1d(sparse.local, 'int32');
    const values2d = tf.tensor2d(sparse.values, [rows, sparse.k]);
    if (this.fused) {
      // One pass for the bag, one for the rows' lazy Adam (in place): no gathers, no scatters.
      logits = logits.add(fusedSparseBag(table.value, unique, local, values2d)) as tf.Tensor2D;
      return {
        logits,
        backward: (grad, a, b) => {
          backwardDense(grad, a, b);
          fusedSparseAdam(table.value, table.m, table.v, { unique, local, values: values2d }, grad, { ...this.stepAttrs, decay: this.options.weightDecay * STEP_WEIGHT_SCALE });
        },
      };
    }
    const values = values2d.expandDims(2);
    const touched = tf.gather(table.value, unique);
    logits = logits.add(tf.gather(touched, local).reshape([rows, sparse.k, classes]).mul(values).sum(1)) as tf.Tensor2D;
    return {
      logits,
      backward: (grad, a, b) => {
        backwardDense(grad, a, b);
        const contributions = grad.expandDims(1).mul(values).reshape([rows * sparse.k, classes]);
        let rowGrad = tf.scatterND(local.reshape([-1, 1]), contributions, touched.shape);
        if (this.options.weightDecay > 0) rowGrad = rowGrad.add(touched.mul(this.constants.tableDecay));
        const at = unique.reshape([-1, 1]);
        const m = tf.gather(table.m, unique).mul(this.constants.beta1).add(rowGrad);
        const v = tf.gather(table.v, unique).mul(this.constants.beta2).add(rowGrad.square());
        const updated = touched.sub(m.div(v.sqrt().mul(a).add(b)));
        table.m.assign(tf.tensorScatterUpdate(table.m, at, m));
        table.v.assign(tf.tensorScatterUpdate(table.v, at, v));
        table.value.assign(tf.tensorScatterUpdate(table.value, at, updated));
      },
    };
  }

  /**
   * Adam update of one dense parameter, equal to tf.train.adam's: with g' = (1 − β1)·g (the scale
   * the loss weights carry), m' = β1·m + g' and u' = β2·u + g'², where u is v scaled by
   * SECOND_MOMENT_SCALE; `scale` undoes that scale under the square root.
   */
  private adam(p: Param, grad: tf.Tensor2D, scale: tf.Scalar, shift: tf.Scalar): void {
    if (this.fused) {
      const [value, m, v] = fusedAdam(p.value, p.m, p.v, grad, p.decay, p.mask, this.stepAttrs);
      p.m.assign(m);
      p.v.assign(v);
      p.value.assign(value);
      return;
    }
    const decayed: tf.Tensor2D = p.decay ? grad.add(p.value.mul(p.decay)) : grad;
    const g: tf.Tensor2D = p.mask ? decayed.mul(p.mask) : decayed;
    const m: tf.Tensor2D = p.m.mul(this.constants.beta1).add(g);
    const v: tf.Tensor2D = p.v.mul(this.constants.beta2).add(g.square());
    p.m.assign(m);
    p.v.assign(v);
    p.value.assign(p.value.sub(m.div(v.sqrt().mul(scale).add(shift))));
  }
}
