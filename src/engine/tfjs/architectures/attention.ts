/**
 * /architecture attention: the lecture's transformer sneak peek at toy size. One layer of
 * single-head scaled dot-product self-attention (token embedding + sinusoidal positional encoding →
 * queries, keys, values → softmax(QKᵀ/√d)·V → a linear layer to token scores) learns to reverse a
 * short sequence of letters. Built from tf variables and ops in a hand-written training loop, so
 * the attention weights of any example can be read out and drawn.
 */
import type { Scalar, Tensor2D, Tensor3D, Variable } from '@tensorflow/tfjs';
import { createRng, deriveSeed, type Rng } from '../../rng.ts';
import type { Tf } from '../load-tf.ts';
import { createAdam } from '../fused-adam.ts';
import { runDemo } from './demo-runner.ts';
import type { DemoHooks, DemoStopReason } from './run-control.ts';

/** What a student may set for the attention demo. */
export interface AttentionDemoOptions {
  epochs: number;
  learningRate: number;
  seed: number;
  /** Training sequences (the test set is a fixed ATTENTION_TEST_SEQUENCES others). */
  trainSequences: number;
  /** Width of embeddings, queries, keys and values. */
  modelWidth: number;
}

/** Defaults sized to train in a few seconds on 2 cores with the pure-JS backend. */
export const ATTENTION_DEFAULTS: AttentionDemoOptions = { epochs: 5, learningRate: 0.02, seed: 1, trainSequences: 1000, modelWidth: 16 };
/** Tokens per sequence. */
export const SEQUENCE_LENGTH = 8;
/** Distinct tokens, shown as the letters A, B, C, … */
export const VOCABULARY_SIZE = 10;
/** Test sequences (none of them is in the training set). */
export const ATTENTION_TEST_SEQUENCES = 500;
/** Test examples whose input, prediction and target the reply shows. */
const SHOWN_EXAMPLES = 6;
const BATCH_SIZE = 50;

/** The letter a token is shown as. */
export function tokenLetter(token: number): string {
  return String.fromCharCode(65 + token);
}

/** The position the reverse task needs query `position` to read: its mirror image. */
export function mirroredPosition(position: number, length = SEQUENCE_LENGTH): number {
  return length - 1 - position;
}

/** One test sequence with what the model answered. */
export interface SequenceExample {
  input: number[];
  predicted: number[];
  target: number[];
}

/** Loss and test accuracy after one epoch. */
export interface AttentionEpoch {
  epoch: number;
  /** Mean cross-entropy over the epoch's batches. */
  trainLoss: number;
  testTokenAccuracy: number;
}

/** Everything the attention demo measured. */
export interface AttentionDemoResult {
  options: AttentionDemoOptions;
  backend: string;
  stopReason: DemoStopReason;
  epochsRun: number;
  trainMs: number;
  sequenceLength: number;
  vocabularySize: number;
  testSequences: number;
  params: number;
  /** Share of test tokens put in the right place, and of test sequences reversed without a mistake. */
  testTokenAccuracy: number;
  testSequenceAccuracy: number;
  /** What guessing gives: 1 / vocabulary for a token, (1 / vocabulary)^length for a whole sequence. */
  chanceTokenAccuracy: number;
  chanceSequenceAccuracy: number;
  /** Mean attention weight each test query puts on its mirrored position (1 / length if it attended evenly). */
  mirroredAttention: number;
  /** Share of test queries whose largest weight sits on the mirrored position. */
  mirroredArgmaxShare: number;
  /** Per query position: its mean weight on the mirrored position over the test set. */
  mirroredAttentionByPosition: number[];
  /** meanWeights[query][key]: the attention weights averaged over the test set. */
  meanWeights: number[][];
  history: AttentionEpoch[];
  /** The example the heatmap shows: weights[query][key] (each row sums to 1). */
  example: SequenceExample & { weights: number[][] };
  /** The first few test sequences. */
  examples: SequenceExample[];
}

/** `count` sequences of SEQUENCE_LENGTH token ids, row by row. */
export interface SequenceSet { tokens: Int32Array; count: number }

function randomSequence(rng: Rng): number[] {
  return Array.from({ length: SEQUENCE_LENGTH }, () => rng.int(VOCABULARY_SIZE));
}

/** Seeded training and test sequences (token ids, row by row); no test sequence also appears in training. */
export function makeSequences(trainCount: number, seed: number): { train: SequenceSet; test: SequenceSet } {
  const rng = createRng(deriveSeed(seed, 1));
  const seen = new Set<string>();
  const train = new Int32Array(trainCount * SEQUENCE_LENGTH);
  for (let n = 0; n < trainCount; n++) {
    const sequence = randomSequence(rng);
    seen.add(sequence.join(','));
    train.set(sequence, n * SEQUENCE_LENGTH);
  }
  const test = new Int32Array(ATTENTION_TEST_SEQUENCES * SEQUENCE_LENGTH);
  for (let n = 0; n < ATTENTION_TEST_SEQUENCES;) {
    const sequence = randomSequence(rng);
    if (seen.has(sequence.join(','))) continue;
    test.set(sequence, n * SEQUENCE_LENGTH);
    n++;
  }
  return { train: { tokens: train, count: trainCount }, test: { tokens: test, count: ATTENTION_TEST_SEQUENCES } };
}

/** The reverse of every sequence in `tokens` (the target). */
function reversed(tokens: Int32Array): Int32Array {
  const out = new Int32Array(tokens.length);
  for (let start = 0; start < tokens.length; start += SEQUENCE_LENGTH)
    for (let i = 0; i < SEQUENCE_LENGTH; i++) out[start + i] = tokens[start + mirroredPosition(i)];
  return out;
}

/** The sinusoidal positional encoding of "Attention is all you need": sin/cos of position at geometric frequencies. */
function positionalEncoding(width: number): Float32Array {
  const table = new Float32Array(SEQUENCE_LENGTH * width);
  for (let p = 0; p < SEQUENCE_LENGTH; p++)
    for (let k = 0; k < width; k += 2) {
      const angle = p / 10000 ** (k / width);
      table[p * width + k] = Math.sin(angle);
      if (k + 1 < width) table[p * width + k + 1] = Math.cos(angle);
    }
  return table;
}

interface AttentionModel {
  embedding: Variable;
  queries: Variable;
  keys: Variable;
  values: Variable;
  output: Variable;
  outputBias: Variable;
  /** The positional encoding [length, width]. */
  positions: Tensor2D;
  /** The encoding repeated for every sequence of a batch, by batch size (tile is slow on the CPU backend, so it is built once per size). */
  tiledPositions: Map<number, Tensor2D>;
  /** Frees every variable and tensor of the model. */
  dispose(): void;
}

/** Glorot-uniform weights [rows, columns] drawn from the run's own generator (bit-for-bit the same for a seed). */
function glorot(rng: Rng, rows: number, columns: number): Float32Array {
  const limit = Math.sqrt(6 / (rows + columns));
  return Float32Array.from({ length: rows * columns }, () => rng.uniform(-limit, limit));
}

/** A trainable variable holding `values` (tf names it: two runs in one thread never clash; tidy frees the initial tensor). */
function variable(tf: Tf, values: Float32Array, shape: [number, number]): Variable {
  return tf.tidy(() => tf.variable(tf.tensor2d(values, shape), true));
}

function buildModel(tf: Tf, options: AttentionDemoOptions): AttentionModel {
  const rng = createRng(deriveSeed(options.seed, 2));
  const width = options.modelWidth;
  return {
    embedding: variable(tf, glorot(rng, VOCABULARY_SIZE, width), [VOCABULARY_SIZE, width]),
    queries: variable(tf, glorot(rng, width, width), [width, width]),
    keys: variable(tf, glorot(rng, width, width), [width, width]),
    values: variable(tf, glorot(rng, width, width), [width, width]),
    output: variable(tf, glorot(rng, width, VOCABULARY_SIZE), [width, VOCABULARY_SIZE]),
    outputBias: tf.tidy(() => tf.variable(tf.zeros([VOCABULARY_SIZE]), true)),
    positions: tf.tensor2d(positionalEncoding(width), [SEQUENCE_LENGTH, width]),
    tiledPositions: new Map(),
    dispose() {
      for (const tensor of [this.embedding, this.queries, this.keys, this.values, this.output, this.outputBias, this.positions, ...this.tiledPositions.values()]) tensor.dispose();
    },
  };
}

function parameterCount(model: AttentionModel): number {
  return [model.embedding, model.queries, model.keys, model.values, model.output, model.outputBias].reduce((sum, v) => sum + v.size, 0);
}

function tiledPositionsFor(tf: Tf, model: AttentionModel, batch: number): Tensor2D {
  let tiled = model.tiledPositions.get(batch);
  if (!tiled) {
    tiled = tf.keep(tf.tile(model.positions, [batch, 1]));
    model.tiledPositions.set(batch, tiled);
  }
  return tiled;
}

/** Token scores [batch·length, vocabulary] and attention weights [batch, length, length] for a batch of token ids [batch, length]. */
function forward(tf: Tf, model: AttentionModel, tokens: Tensor2D): { logits: Tensor2D; weights: Tensor3D } {
  const [batch, length] = tokens.shape;
  const width = model.positions.shape[1];
  // one-hot × embedding rather than gather: the CPU backend's gather gradient is several times slower
  const oneHot = tf.oneHot(tokens.reshape([batch * length]), VOCABULARY_SIZE).toFloat();
  const x = tf.add(tf.matMul(oneHot, model.embedding as Tensor2D), tiledPositionsFor(tf, model, batch));
  const project = (w: Variable) => tf.matMul(x, w as Tensor2D).reshape([batch, length, width]) as Tensor3D;
  const q = project(model.queries);
  const k = project(model.keys);
  const v = project(model.values);
  const weights = tf.softmax(tf.div(tf.matMul(q, k, false, true), Math.sqrt(width))) as Tensor3D;
  const attended = tf.matMul(weights, v).reshape([batch * length, width]) as Tensor2D;
  const logits = tf.add(tf.matMul(attended, model.output as Tensor2D), model.outputBias) as Tensor2D;
  return { logits, weights };
}

/** Predicted tokens (row by row) and the attention weights of every sequence in `tokens`. */
function predict(tf: Tf, model: AttentionModel, tokens: Int32Array, count: number): { predicted: Int32Array; weights: Float32Array } {
  return tf.tidy(() => {
    const { logits, weights } = forward(tf, model, tf.tensor2d(tokens, [count, SEQUENCE_LENGTH], 'int32'));
    return { predicted: Int32Array.from(logits.argMax(-1).dataSync()), weights: Float32Array.from(weights.dataSync()) };
  });
}

function tokenAccuracy(predicted: Int32Array, target: Int32Array): number {
  let right = 0;
  for (let i = 0; i < target.length; i++) if (predicted[i] === target[i]) right++;
  return right / target.length;
}

function sequenceAccuracy(predicted: Int32Array, target: Int32Array): number {
  let right = 0;
  const count = target.length / SEQUENCE_LENGTH;
  for (let n = 0; n < count; n++) {
    let whole = true;
    for (let i = 0; i < SEQUENCE_LENGTH && whole; i++) whole = predicted[n * SEQUENCE_LENGTH + i] === target[n * SEQUENCE_LENGTH + i];
    if (whole) right++;
  }
  return right / count;
}

/** weights[query][key] averaged over `count` sequences of weights [count, length, length]. */
function meanWeightsOf(weights: Float32Array, count: number): number[][] {
  const L = SEQUENCE_LENGTH;
  const mean = Array.from({ length: L }, () => new Array<number>(L).fill(0));
  for (let n = 0; n < count; n++)
    for (let q = 0; q < L; q++)
      for (let k = 0; k < L; k++) mean[q][k] += weights[(n * L + q) * L + k] / count;
  return mean;
}

/** How much of each query's attention sits on its mirrored position: mean weight, share of argmaxes there, and the mean per query position. */
function mirroredAttentionOf(weights: Float32Array, count: number): { mean: number; argmaxShare: number; byPosition: number[] } {
  const L = SEQUENCE_LENGTH;
  const byPosition = new Array<number>(L).fill(0);
  let argmaxHits = 0;
  for (let n = 0; n < count; n++)
    for (let q = 0; q < L; q++) {
      const row = (n * L + q) * L;
      const mirror = weights[row + mirroredPosition(q)];
      byPosition[q] += mirror / count;
      let best = 0;
      for (let k = 1; k < L; k++) if (weights[row + k] > weights[row + best]) best = k;
      if (best === mirroredPosition(q)) argmaxHits++;
    }
  return { mean: byPosition.reduce((a, b) => a + b, 0) / L, argmaxShare: argmaxHits / (count * L), byPosition };
}

function exampleAt(tokens: Int32Array, predicted: Int32Array, target: Int32Array, n: number): SequenceExample {
  const slice = (a: Int32Array) => Array.from(a.subarray(n * SEQUENCE_LENGTH, (n + 1) * SEQUENCE_LENGTH));
  return { input: slice(tokens), predicted: slice(predicted), target: slice(target) };
}

/** Lets the worker's message port deliver a cancel between batches. */
function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Trains the one-layer self-attention model to reverse sequences and measures where its attention goes. */
export async function trainAttentionDemo(options: AttentionDemoOptions, hooks: DemoHooks): Promise<AttentionDemoResult> {
  return runDemo(hooks, async ({ tf, backend, control, keep }) => {
    const { train, test } = makeSequences(options.trainSequences, options.seed);
    const trainTarget = reversed(train.tokens);
    const testTarget = reversed(test.tokens);
    const model = keep(buildModel(tf, options));
    const optimizer = keep(createAdam(tf, options.learningRate));
    const shuffle = createRng(deriveSeed(options.seed, 3));
    const order = Array.from({ length: train.count }, (_, i) => i);
    const batches = Math.ceil(train.count / BATCH_SIZE);
    const history: AttentionEpoch[] = [];
    const batchTokens = new Int32Array(BATCH_SIZE * SEQUENCE_LENGTH);
    const batchTarget = new Int32Array(BATCH_SIZE * SEQUENCE_LENGTH);
    training: for (let epoch = 0; epoch < options.epochs; epoch++) {
      shuffle.shuffleInPlace(order);
      let lossSum = 0;
      for (let b = 0; b < batches; b++) {
        await yieldToEvents();
        if (control.shouldStop()) break training;
        const members = order.slice(b * BATCH_SIZE, (b + 1) * BATCH_SIZE);
        members.forEach((n, i) => {
          batchTokens.set(train.tokens.subarray(n * SEQUENCE_LENGTH, (n + 1) * SEQUENCE_LENGTH), i * SEQUENCE_LENGTH);
          batchTarget.set(trainTarget.subarray(n * SEQUENCE_LENGTH, (n + 1) * SEQUENCE_LENGTH), i * SEQUENCE_LENGTH);
        });
        const size = members.length * SEQUENCE_LENGTH;
        const loss = tf.tidy(() => {
          const tokens = tf.tensor2d(batchTokens.subarray(0, size), [members.length, SEQUENCE_LENGTH], 'int32');
          const labels = tf.oneHot(tf.tensor1d(batchTarget.subarray(0, size), 'int32'), VOCABULARY_SIZE);
          return optimizer.minimize(() => tf.losses.softmaxCrossEntropy(labels, forward(tf, model, tokens).logits), true) as Scalar;
        });
        const value = loss.dataSync()[0];
        loss.dispose();
        lossSum += value;
        control.progress((epoch * batches + b + 1) / (options.epochs * batches), `attention: epoch ${epoch + 1}/${options.epochs} · loss ${value.toFixed(3)}`);
      }
      const { predicted } = predict(tf, model, test.tokens, test.count);
      history.push({ epoch: epoch + 1, trainLoss: lossSum / batches, testTokenAccuracy: tokenAccuracy(predicted, testTarget) });
    }
    control.progress(0.98, 'measuring where the attention goes…', true);
    const testRun = predict(tf, model, test.tokens, test.count);
    const mirrored = mirroredAttentionOf(testRun.weights, test.count);
    const L = SEQUENCE_LENGTH;
    const weights = Array.from({ length: L }, (_, q) => Array.from(testRun.weights.subarray(q * L, (q + 1) * L)));
    return {
      options, backend, stopReason: control.stopReason, epochsRun: history.length, trainMs: control.elapsedMs(),
      sequenceLength: L, vocabularySize: VOCABULARY_SIZE, testSequences: test.count, params: parameterCount(model),
      testTokenAccuracy: tokenAccuracy(testRun.predicted, testTarget),
      testSequenceAccuracy: sequenceAccuracy(testRun.predicted, testTarget),
      chanceTokenAccuracy: 1 / VOCABULARY_SIZE,
      chanceSequenceAccuracy: VOCABULARY_SIZE ** -L,
      mirroredAttention: mirrored.mean,
      mirroredArgmaxShare: mirrored.argmaxShare,
      mirroredAttentionByPosition: mirrored.byPosition,
      meanWeights: meanWeightsOf(testRun.weights, test.count),
      history,
      example: { ...exampleAt(test.tokens, testRun.predicted, testTarget, 0), weights },
      examples: Array.from({ length: SHOWN_EXAMPLES }, (_, n) => exampleAt(test.tokens, testRun.predicted, testTarget, n)),
    };
  });
}
