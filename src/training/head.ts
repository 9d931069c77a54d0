import type { WeightSpec } from '../store/schema.js';
import { packWeights } from '../inference/head-weights.js';
import { sparseBag } from './sparse-bag.js';
import { tf } from './tf.js';

/** Shape of a classification head. */
export interface HeadConfig {
  /** `linear`: logistic regression; `mlp`: one hidden ReLU layer on the dense features. */
  type: 'linear' | 'mlp';
  hiddenUnits: number;
  dropout: number;
  /** Dense input dimensions (0: none). */
  dims: number;
  /** Sparse buckets (0: none). */
  buckets: number;
  classes: number;
}

/** Inputs of one forward pass. */
export interface HeadInputs {
  dense?: tf.Tensor2D;
  indices?: tf.Tensor2D;
  values?: tf.Tensor2D;
}

/**
 * A classification head over frozen features: logits from dense features (linear or MLP) plus a
 * learned weight row per sparse bucket (fastText's bag of hashed n-grams), plus a bias.
 */
export class Head {
  readonly variables: Map<string, tf.Variable>;

  private constructor(
    readonly config: HeadConfig,
    variables: Map<string, tf.Variable>,
  ) {
    this.variables = variables;
  }

  /** A new head with seeded initial weights. */
  static create(config: HeadConfig, seed: number): Head {
    const vars = new Map<string, tf.Variable>();
    const { dims, buckets, classes, type, hiddenUnits } = config;
    tf.tidy(() => {
      if (dims > 0 && type === 'mlp') {
        vars.set('hidden/kernel', tf.variable(glorot([dims, hiddenUnits], seed)));
        vars.set('hidden/bias', tf.variable(tf.zeros([hiddenUnits])));
        vars.set('dense/kernel', tf.variable(glorot([hiddenUnits, classes], seed + 1)));
      } else if (dims > 0) {
        vars.set('dense/kernel', tf.variable(tf.zeros([dims, classes])));
      }
      if (buckets > 0) vars.set('sparse/table', tf.variable(tf.zeros([buckets, classes])));
      vars.set('output/bias', tf.variable(tf.zeros([classes])));
    });
    return new Head(config, vars);
  }

  /**
   * Logits `[batch, classes]` (inference: no dropout). With `fused`, the n-gram bag runs as one
   * kernel (WASM and CPU only, and not differentiable).
   */
  logits(inputs: HeadInputs, options: { fused?: boolean } = {}): tf.Tensor2D {
    return tf.tidy(() => {
      let out: tf.Tensor2D | undefined;
      const v = this.variables;
      if (inputs.dense && this.config.dims > 0) {
        let x: tf.Tensor2D = inputs.dense;
        if (this.config.type === 'mlp') {
          x = tf.relu(x.matMul(v.get('hidden/kernel') as tf.Tensor2D).add(v.get('hidden/bias') as tf.Tensor1D)) as tf.Tensor2D;
        }
        out = x.matMul(v.get('dense/kernel') as tf.Tensor2D) as tf.Tensor2D;
      }
      if (inputs.indices && inputs.values && this.config.buckets > 0) {
        const bag = sparseBag(v.get('sparse/table') as tf.Tensor2D, inputs.indices, inputs.values, options.fused ?? false);
        out = out ? (out.add(bag) as tf.Tensor2D) : bag;
      }
      const bias = v.get('output/bias') as tf.Tensor1D;
      return (out ? out.add(bias) : bias.expandDims(0)) as tf.Tensor2D;
    });
  }

  /** All weights as specs plus one buffer of float32 values, in a fixed order. */
  async weights(): Promise<{ specs: WeightSpec[]; buffer: ArrayBuffer }> {
    const parts = [];
    for (const [name, v] of this.variables) parts.push({ name, shape: v.shape, values: (await v.data()) as Float32Array });
    return packWeights(parts);
  }

  dispose(): void {
    this.variables.forEach((v) => v.dispose());
  }
}

function glorot(shape: [number, number], seed: number): tf.Tensor2D {
  const limit = Math.sqrt(6 / (shape[0] + shape[1]));
  return tf.randomUniform(shape, -limit, limit, 'float32', seed);
}
