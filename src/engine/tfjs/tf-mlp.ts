/**
 * The fast engine's MLP rebuilt from low-level TensorFlow.js ops (tf.variable, tf.matMul), so the
 * parameters map 1:1 onto the flat NetworkData layout: per layer a weight variable of shape
 * [out, in] (row-major, exactly the flat order) and a bias variable of shape [out].
 */
import type { Scalar, Tensor, Tensor2D, Variable } from '@tensorflow/tfjs';
import type { ActivationName, LossName, OutputActivationName } from '../types.ts';
import type { Tf } from './load-tf.ts';
import { tfActivations, type TfActivation } from './tf-activations.ts';

/** What fixes the network's structure (the fields of an Mlp / NetworkData that matter here). */
export interface TfNetworkShape {
  layerSizes: readonly number[];
  activation: ActivationName;
  output: OutputActivationName;
  loss: LossName;
}

/**
 * Loss targets as a [count, units] float32 block: squared → the label itself (±1 or the regression
 * value); binary cross-entropy → t = (label + 1)/2; softmax cross-entropy → one-hot of the class.
 */
export function lossTargets(loss: LossName, labels: ArrayLike<number>, count: number, units: number): Float32Array {
  const out = new Float32Array(count * units);
  for (let e = 0; e < count; e++) {
    const label = labels[e];
    if (loss === 'squared') out[e] = label;
    else if (loss === 'binary-cross-entropy') out[e] = (label + 1) / 2;
    else out[e * units + label] = 1;
  }
  return out;
}

/** A tf MLP whose variables hold the same numbers as a flat parameter vector. */
export class TfMlp {
  readonly weights: Variable[] = [];
  readonly biases: Variable[] = [];
  /** All variables in flat-vector order: W1, b1, W2, b2, … */
  readonly variables: Variable[] = [];
  readonly shape: TfNetworkShape;
  private readonly tf: Tf;
  private readonly hidden: TfActivation;

  constructor(tf: Tf, shape: TfNetworkShape, params: ArrayLike<number>) {
    this.tf = tf;
    this.shape = shape;
    this.hidden = tfActivations[shape.activation];
    const sizes = shape.layerSizes;
    let offset = 0;
    for (let l = 1; l < sizes.length; l++) {
      const nIn = sizes[l - 1];
      const nOut = sizes[l];
      // Inside tidy the initial tensor is freed; the variable keeps its own reference to the data.
      const w = tf.tidy(() => tf.variable(tf.tensor2d(Float32Array.from(sliceOf(params, offset, nIn * nOut)), [nOut, nIn])));
      offset += nIn * nOut;
      const b = tf.tidy(() => tf.variable(tf.tensor1d(Float32Array.from(sliceOf(params, offset, nOut)))));
      offset += nOut;
      this.weights.push(w);
      this.biases.push(b);
      this.variables.push(w, b);
    }
    if (offset !== params.length) {
      this.dispose();
      throw new Error(`expected ${offset} parameters for layers ${sizes.join('-')}, got ${params.length}`);
    }
  }

  /** Number of weight layers. */
  get depth(): number {
    return this.weights.length;
  }

  /**
   * Output-layer pre-activations z for a [count, inputs] batch: a ← g(a·Wᵀ + b) per hidden layer,
   * times masks[l − 1] (inverted-dropout factors 0 or 1/(1 − p)) when given.
   */
  logits(x: Tensor2D, masks?: readonly (Tensor2D | null)[]): Tensor2D {
    const tf = this.tf;
    let a: Tensor2D = x;
    for (let l = 0; l < this.depth; l++) {
      const z = tf.add(tf.matMul(a, this.weights[l], false, true), this.biases[l]) as Tensor2D;
      if (l === this.depth - 1) return z;
      a = this.hidden(tf, z) as Tensor2D;
      const mask = masks?.[l];
      if (mask) a = tf.mul(a, mask);
    }
    return a;
  }

  /** Network outputs: linear, tanh, sigmoid or softmax of the logits (no dropout). */
  predict(x: Tensor2D): Tensor2D {
    const tf = this.tf;
    const z = this.logits(x);
    switch (this.shape.output) {
      case 'linear':
        return z;
      case 'tanh':
        return tf.tanh(z);
      case 'sigmoid':
        return tf.sigmoid(z);
      case 'softmax':
        return tf.softmax(z);
    }
  }

  /**
   * Batch-mean loss (targets from lossTargets): squared ½(ŷ − t)²; binary cross-entropy from the
   * logit as softplus(z) − t·z (= −t ln σ(z) − (1 − t) ln(1 − σ(z)), so ∂/∂z = σ(z) − t exactly);
   * softmax cross-entropy −Σ t·log softmax(z) (∂/∂z = p − t).
   */
  dataLoss(x: Tensor2D, targets: Tensor2D, masks?: readonly (Tensor2D | null)[]): Scalar {
    const tf = this.tf;
    const z = this.logits(x, masks);
    switch (this.shape.loss) {
      case 'squared': {
        const y = this.shape.output === 'tanh' ? tf.tanh(z) : z;
        return tf.mean(tf.mul(0.5, tf.square(tf.sub(y, targets))));
      }
      case 'binary-cross-entropy':
        return tf.mean(tf.sub(tf.softplus(z), tf.mul(targets, z)));
      case 'softmax-cross-entropy':
        return tf.neg(tf.mean(tf.sum(tf.mul(targets, tf.logSoftmax(z)), 1))) as Scalar;
    }
  }

  /** ∂(batch-mean loss)/∂θ by tf's autodiff, one tensor per variable in flat order. Call inside tf.tidy. */
  gradients(x: Tensor2D, targets: Tensor2D, masks?: readonly (Tensor2D | null)[]): { loss: Scalar; grads: Tensor[] } {
    const { value, grads } = this.tf.variableGrads(() => this.dataLoss(x, targets, masks), this.variables);
    return { loss: value, grads: this.variables.map((v) => grads[v.name]) };
  }

  /** The parameters as a flat vector in NetworkData order (float32 values widened to float64). */
  readParams(): Float64Array {
    const out = new Float64Array(this.variables.reduce((n, v) => n + v.size, 0));
    let offset = 0;
    for (const v of this.variables) {
      out.set(v.dataSync() as Float32Array, offset);
      offset += v.size;
    }
    return out;
  }

  /** Overwrites every variable from a flat vector in NetworkData order. */
  writeParams(params: ArrayLike<number>): void {
    const tf = this.tf;
    let offset = 0;
    for (const v of this.variables) {
      const values = tf.tensor(Float32Array.from(sliceOf(params, offset, v.size)), v.shape);
      v.assign(values);
      values.dispose();
      offset += v.size;
    }
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}

/** Flattens a list of same-order gradient tensors into one vector (float32 widened to float64). */
export function flattenTensors(tensors: readonly Tensor[]): Float64Array {
  const out = new Float64Array(tensors.reduce((n, t) => n + t.size, 0));
  let offset = 0;
  for (const t of tensors) {
    out.set(t.dataSync() as Float32Array, offset);
    offset += t.size;
  }
  return out;
}

function sliceOf(values: ArrayLike<number>, start: number, length: number): ArrayLike<number> {
  const out = new Array<number>(length);
  for (let i = 0; i < length; i++) out[i] = values[start + i];
  return out;
}
