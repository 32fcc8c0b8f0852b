/**
 * The fast multi-layer perceptron: all parameters in one Float64Array, batched forward and
 * backward passes into buffers allocated once, no allocation per example or per step.
 */
import type { ActivationName, FeatureName, InitName, LossName, NetworkData, OutputActivationName } from './types.ts';
import { activations, fastTanh, sigmoid, type ActivationDef } from './activations.ts';
import { exampleLoss, isCorrect } from './losses.ts';

/** Hidden activations with an inlined fast path in the hot loops (others call the table's f/df). */
const ACT_TANH = 1;
const ACT_RELU = 2;
const ACT_SIGMOID = 3;
const ACT_OTHER = 0;
const ACTIVATION_CODE: Partial<Record<ActivationName, number>> = { tanh: ACT_TANH, relu: ACT_RELU, sigmoid: ACT_SIGMOID };

/** Examples evaluated per forwardBatch call when measuring a whole split. */
const EVAL_CHUNK = 256;
import type { Rng } from './rng.ts';
import type { FeatureScaling } from './features.ts';
import { blockKernel, gradientKernel, type BlockKernel, type GradientKernel } from './kernels.ts';

/** Number of parameters of a fully connected net: Σ (in + 1)·out over layers. */
export function countParams(layerSizes: readonly number[]): number {
  let total = 0;
  for (let l = 1; l < layerSizes.length; l++) total += (layerSizes[l - 1] + 1) * layerSizes[l];
  return total;
}

/** Loss and accuracy of a network on one set of examples. */
export interface Evaluation {
  loss: number;
  accuracy: number;
}

/** A typed-array MLP. Layer l's weights are row-major [out][in] at weightOffsets[l-1], biases after them. */
export class Mlp {
  readonly layerSizes: number[];
  readonly params: Float64Array;
  readonly weightOffsets: number[] = [];
  readonly biasOffsets: number[] = [];
  readonly hidden: ActivationDef;
  readonly activation: ActivationName;
  readonly output: OutputActivationName;
  readonly loss: LossName;
  readonly features: FeatureName[];
  scaling?: FeatureScaling;
  /** Probability of dropping a hidden unit while training. */
  dropout = 0;
  private readonly actCode: number;
  private capacity = 0;
  private z: Float64Array[] = [];
  private h: Float64Array[] = [];
  /** Hidden outputs after the dropout mask; only allocated when dropout is used. */
  private dropped: Float64Array[] = [];
  private masks: Float64Array[] = [];
  private delta: Float64Array[] = [];
  private lastForwardUsedDropout = false;
  private readonly outputScratch: Float64Array;
  private identityOrder = new Int32Array(0);
  /** Per weight layer: z = W·a + b, δprev = Wᵀ·δ, and gradient accumulation, each generated for the layer's shape. */
  private readonly forwardKernels: BlockKernel[] = [];
  private readonly deltaKernels: BlockKernel[] = [];
  private readonly gradientKernels: GradientKernel[] = [];

  constructor(options: { features: FeatureName[]; layerSizes: number[]; activation: ActivationName; output: OutputActivationName; loss: LossName; params?: Float64Array; scaling?: FeatureScaling }) {
    this.features = options.features;
    this.layerSizes = options.layerSizes;
    this.activation = options.activation;
    this.hidden = activations[options.activation];
    this.actCode = ACTIVATION_CODE[options.activation] ?? ACT_OTHER;
    this.output = options.output;
    this.loss = options.loss;
    this.scaling = options.scaling;
    let offset = 0;
    for (let l = 1; l < this.layerSizes.length; l++) {
      this.weightOffsets.push(offset);
      offset += this.layerSizes[l - 1] * this.layerSizes[l];
      this.biasOffsets.push(offset);
      offset += this.layerSizes[l];
    }
    for (let l = 1; l < this.layerSizes.length; l++) {
      const nIn = this.layerSizes[l - 1];
      const nOut = this.layerSizes[l];
      this.forwardKernels.push(blockKernel(nIn, nIn, 1, true));
      this.deltaKernels.push(blockKernel(nOut, 1, nIn, false));
      this.gradientKernels.push(gradientKernel(nIn));
    }
    this.params = options.params ?? new Float64Array(offset);
    if (this.params.length !== offset) throw new Error(`expected ${offset} parameters for layers ${this.layerSizes.join('-')}, got ${this.params.length}`);
    this.outputScratch = new Float64Array(this.layerSizes[this.layerSizes.length - 1]);
  }

  /** Number of weight layers. */
  get depth(): number {
    return this.layerSizes.length - 1;
  }

  /** Fills the parameters: playground = U(−0.5, 0.5) weights and 0.1 biases; glorot = U(±√(6/(in+out))); he = N(0, 2/in); zeros. */
  initialize(init: InitName, rng: Rng): void {
    const p = this.params;
    p.fill(0);
    if (init === 'zeros') return;
    for (let l = 1; l < this.layerSizes.length; l++) {
      const fanIn = this.layerSizes[l - 1];
      const fanOut = this.layerSizes[l];
      const w0 = this.weightOffsets[l - 1];
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      for (let k = 0; k < fanIn * fanOut; k++) {
        p[w0 + k] = init === 'playground' ? rng.next() - 0.5 : init === 'glorot' ? rng.uniform(-limit, limit) : rng.normal(0, 2 / fanIn);
      }
      if (init === 'playground') p.fill(0.1, this.biasOffsets[l - 1], this.biasOffsets[l - 1] + fanOut);
    }
  }

  private ensureCapacity(batch: number, withDropout: boolean): void {
    if (batch > this.capacity) {
      this.capacity = batch;
      this.z = this.layerSizes.map((n) => new Float64Array(n * batch));
      this.h = this.layerSizes.map((n) => new Float64Array(n * batch));
      this.delta = this.layerSizes.map((n) => new Float64Array(n * batch));
      this.dropped = [];
      this.masks = [];
    }
    if (withDropout && this.dropped.length === 0) {
      this.dropped = this.layerSizes.map((n) => new Float64Array(n * this.capacity));
      this.masks = this.layerSizes.map((n) => new Float64Array(n * this.capacity));
    }
  }

  /**
   * Forward pass for `count` examples whose feature rows are X[order[start + e]]. Buffers are
   * neuron-major ([neuron][example]) so the inner loops run over the batch. With `dropRng`, hidden
   * outputs are dropped with probability `dropout` and survivors scaled by 1/(1 − p) (inverted dropout).
   */
  forwardBatch(X: Float64Array, order: Int32Array, start: number, count: number, dropRng?: Rng): void {
    const useDropout = dropRng !== undefined && this.dropout > 0;
    this.ensureCapacity(count, useDropout);
    this.lastForwardUsedDropout = useDropout;
    const B = count;
    const sizes = this.layerSizes;
    const p = this.params;
    const inputs = sizes[0];
    const input = this.h[0];
    for (let e = 0; e < B; e++) {
      const row = order[start + e] * inputs;
      for (let i = 0; i < inputs; i++) input[i * B + e] = X[row + i];
    }
    const last = sizes.length - 1;
    const f = this.hidden.f;
    const code = this.actCode;
    for (let l = 1; l <= last; l++) {
      const nOut = sizes[l];
      const w0 = this.weightOffsets[l - 1];
      const b0 = this.biasOffsets[l - 1];
      const prev = l > 1 && useDropout ? this.dropped[l - 1] : this.h[l - 1];
      const z = this.z[l];
      const h = this.h[l];
      this.forwardKernels[l - 1](p, w0, b0, nOut, prev, z, B);
      const n = nOut * B;
      if (l === last) {
        this.applyOutputLayer(z, h, nOut, B);
      } else if (code === ACT_TANH) {
        for (let k = 0; k < n; k++) h[k] = fastTanh(z[k]);
      } else if (code === ACT_RELU) {
        for (let k = 0; k < n; k++) {
          const v = z[k];
          h[k] = (v + Math.abs(v)) * 0.5; // max(v, 0) without a branch: Math.max and v > 0 ? v : 0 are both slower on V8
        }
      } else if (code === ACT_SIGMOID) {
        for (let k = 0; k < n; k++) h[k] = 1 / (1 + Math.exp(-z[k]));
      } else {
        for (let k = 0; k < n; k++) h[k] = f(z[k]);
      }
      if (useDropout && l < last) {
        const keep = 1 - this.dropout;
        const mask = this.masks[l];
        const a = this.dropped[l];
        for (let k = 0; k < n; k++) {
          mask[k] = dropRng!.next() < this.dropout ? 0 : 1 / keep;
          a[k] = h[k] * mask[k];
        }
      }
    }
  }

  /** Output functions over a neuron-major block: linear, tanh, sigmoid element-wise; softmax across units per example. */
  private applyOutputLayer(z: Float64Array, y: Float64Array, units: number, B: number): void {
    const n = units * B;
    switch (this.output) {
      case 'linear':
        for (let k = 0; k < n; k++) y[k] = z[k];
        return;
      case 'tanh':
        for (let k = 0; k < n; k++) y[k] = fastTanh(z[k]);
        return;
      case 'sigmoid':
        for (let k = 0; k < n; k++) y[k] = sigmoid(z[k]);
        return;
      case 'softmax':
        for (let e = 0; e < B; e++) {
          let max = -Infinity;
          for (let j = 0; j < units; j++) max = Math.max(max, z[j * B + e]);
          let sum = 0;
          for (let j = 0; j < units; j++) {
            const v = Math.exp(z[j * B + e] - max);
            y[j * B + e] = v;
            sum += v;
          }
          for (let j = 0; j < units; j++) y[j * B + e] /= sum;
        }
    }
  }

  /**
   * Backward pass after forwardBatch: adds the batch-mean gradient ∂L/∂θ into `grads` and, when
   * `layerGradSums` is given, Σ|∂L/∂w| of each weight layer into it (for vanishing-gradient plots).
   * `meanOver` (default `count`) divides the summed gradient by another number of examples: the
   * Playground averages a carried short batch together with the next one.
   */
  backwardBatch(labels: Float64Array, order: Int32Array, start: number, count: number, grads: Float64Array, layerGradSums?: Float64Array, meanOver = count): void {
    const B = count;
    const sizes = this.layerSizes;
    const p = this.params;
    const last = sizes.length - 1;
    this.writeOutputDeltas(labels, order, start, B, 1 / meanOver);
    const df = this.hidden.df;
    const code = this.actCode;
    const useDropout = this.lastForwardUsedDropout;
    for (let l = last; l >= 1; l--) {
      const nIn = sizes[l - 1];
      const nOut = sizes[l];
      const w0 = this.weightOffsets[l - 1];
      const b0 = this.biasOffsets[l - 1];
      const prev = l > 1 && useDropout ? this.dropped[l - 1] : this.h[l - 1];
      const delta = this.delta[l];
      const layerAbsSum = this.gradientKernels[l - 1](grads, w0, b0, nOut, prev, delta, B);
      if (layerGradSums) layerGradSums[l - 1] += layerAbsSum;
      if (l === 1) break;
      const prevDelta = this.delta[l - 1];
      const n = nIn * B;
      this.deltaKernels[l - 1](p, w0, -1, nIn, delta, prevDelta, B);
      const zPrev = this.z[l - 1];
      const hPrev = this.h[l - 1];
      if (code === ACT_TANH) {
        for (let k = 0; k < n; k++) prevDelta[k] *= 1 - hPrev[k] * hPrev[k];
      } else if (code === ACT_RELU) {
        for (let k = 0; k < n; k++) prevDelta[k] *= +(zPrev[k] > 0);
      } else if (code === ACT_SIGMOID) {
        for (let k = 0; k < n; k++) prevDelta[k] *= hPrev[k] * (1 - hPrev[k]);
      } else {
        for (let k = 0; k < n; k++) prevDelta[k] *= df(zPrev[k], hPrev[k]);
      }
      if (useDropout) {
        const mask = this.masks[l - 1];
        for (let k = 0; k < n; k++) prevDelta[k] *= mask[k];
      }
    }
  }

  /**
   * ∂L/∂z of the output layer times `scale` (1/batch size: the gradient is a batch mean).
   * squared: (ŷ − t)·out'(z) with out' = 1 (linear) or 1 − ŷ² (tanh); sigmoid + BCE: p − t, t = (label + 1)/2; softmax + CE: p − onehot.
   */
  private writeOutputDeltas(labels: Float64Array, order: Int32Array, start: number, B: number, scale: number): void {
    const last = this.layerSizes.length - 1;
    const units = this.layerSizes[last];
    const y = this.h[last];
    const delta = this.delta[last];
    if (this.loss === 'squared') {
      const isTanh = this.output === 'tanh';
      for (let e = 0; e < B; e++) {
        const v = y[e];
        delta[e] = (v - labels[order[start + e]]) * (isTanh ? 1 - v * v : 1) * scale;
      }
    } else if (this.loss === 'binary-cross-entropy') {
      for (let e = 0; e < B; e++) delta[e] = (y[e] - (labels[order[start + e]] > 0 ? 1 : 0)) * scale;
    } else {
      for (let e = 0; e < B; e++) {
        const label = labels[order[start + e]];
        for (let j = 0; j < units; j++) delta[j * B + e] = (y[j * B + e] - (j === label ? 1 : 0)) * scale;
      }
    }
  }

  /** Outputs of layer l from the last forwardBatch call, neuron-major: value of neuron j for example e at [j·count + e]. */
  layerOutputs(l: number): Float64Array {
    return this.h[l];
  }

  /** Mean loss of the batch from the last forwardBatch call. */
  batchLoss(labels: Float64Array, order: Int32Array, start: number, count: number): number {
    return this.sumBatchLoss(labels, order, start, count).loss / count;
  }

  /** Σ loss and number of correct predictions over the last forwardBatch (same formulas as losses.ts). */
  private sumBatchLoss(labels: Float64Array, order: Int32Array | null, start: number, B: number): { loss: number; correct: number } {
    const last = this.layerSizes.length - 1;
    const units = this.layerSizes[last];
    const y = this.h[last];
    let loss = 0;
    let correct = 0;
    for (let e = 0; e < B; e++) {
      const label = labels[order ? order[start + e] : start + e];
      if (units === 1) {
        const v = y[e];
        this.outputScratch[0] = v;
      } else {
        for (let j = 0; j < units; j++) this.outputScratch[j] = y[j * B + e];
      }
      loss += exampleLoss(this.loss, this.outputScratch, 0, label);
      if (isCorrect(this.output, this.outputScratch, 0, units, label)) correct++;
    }
    return { loss, correct };
  }

  /** Mean loss and accuracy over `count` rows of X with their labels (batched forward passes, no dropout). */
  evaluate(X: Float64Array, labels: Float64Array, count: number): Evaluation {
    if (count === 0) return { loss: NaN, accuracy: NaN };
    if (this.identityOrder.length < count) this.identityOrder = Int32Array.from({ length: count }, (_, i) => i);
    let loss = 0;
    let correct = 0;
    for (let start = 0; start < count; start += EVAL_CHUNK) {
      const n = Math.min(EVAL_CHUNK, count - start);
      this.forwardBatch(X, this.identityOrder, start, n);
      const sums = this.sumBatchLoss(labels, null, start, n);
      loss += sums.loss;
      correct += sums.correct;
    }
    return { loss: loss / count, accuracy: correct / count };
  }

  /** Plain-data copy of the network. */
  toData(): NetworkData {
    return {
      features: [...this.features],
      layerSizes: [...this.layerSizes],
      activation: this.activation,
      output: this.output,
      params: Array.from(this.params),
      ...(this.scaling ? { scaling: { mean: [...this.scaling.mean], std: [...this.scaling.std] } } : {}),
    };
  }
}

const LOSS_OF_OUTPUT: Record<OutputActivationName, LossName> = {
  linear: 'squared', tanh: 'squared', sigmoid: 'binary-cross-entropy', softmax: 'softmax-cross-entropy',
};

/** Rebuilds an Mlp from plain data (e.g. a TrainResult's network or a snapshot's params). */
export function networkFromData(data: NetworkData, params?: readonly number[]): Mlp {
  return new Mlp({
    features: data.features,
    layerSizes: data.layerSizes,
    activation: data.activation,
    output: data.output,
    loss: LOSS_OF_OUTPUT[data.output],
    params: Float64Array.from(params ?? data.params),
    scaling: data.scaling,
  });
}
