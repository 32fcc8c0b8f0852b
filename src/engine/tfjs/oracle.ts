/**
 * Helpers that let TensorFlow.js act as the fast engine's test oracle: the same seed streams
 * (batch order, dropout masks) as TrainingSession, and one batch's gradient from either engine.
 */
import { BATCH_STREAM, DROPOUT_STREAM, type PreparedRun } from '../train.ts';
import { createRng, deriveSeed, type Rng } from '../rng.ts';
import { loadTf } from './load-tf.ts';
import { flattenTensors, lossTargets, TfMlp } from './tf-mlp.ts';

/** The generator TrainingSession shuffles the training order with (one shuffleInPlace per epoch). */
export function createBatchRng(seed: number): Rng {
  return createRng(deriveSeed(seed, BATCH_STREAM));
}

/** The generator TrainingSession draws dropout masks from. */
export function createDropoutRng(seed: number): Rng {
  return createRng(deriveSeed(seed, DROPOUT_STREAM));
}

/**
 * Inverted-dropout masks for one batch, drawn in exactly the order Mlp.forwardBatch draws them:
 * hidden layer by hidden layer, one draw per (neuron, example) neuron-major; a unit is dropped when
 * the draw is < p and survivors are scaled by 1/(1 − p). Returned example-major ([count][n]) for tf.
 */
export function drawDropoutMasks(rng: Rng, layerSizes: readonly number[], count: number, dropout: number): Float32Array[] {
  const keepScale = 1 / (1 - dropout);
  const masks: Float32Array[] = [];
  for (let l = 1; l < layerSizes.length - 1; l++) {
    const n = layerSizes[l];
    const mask = new Float32Array(count * n);
    for (let j = 0; j < n; j++) {
      for (let e = 0; e < count; e++) mask[e * n + j] = rng.next() < dropout ? 0 : keepScale;
    }
    masks.push(mask);
  }
  return masks;
}

/** The fast engine's batch-mean gradient of the data loss (no penalty, no dropout) for rows order[start .. start + count). */
export function fastBatchGradient(run: PreparedRun, order: Int32Array, start: number, count: number): Float64Array {
  const grads = new Float64Array(run.mlp.params.length);
  run.mlp.forwardBatch(run.train.X, order, start, count);
  run.mlp.backwardBatch(run.train.labels, order, start, count, grads);
  return grads;
}

/** The same gradient from TensorFlow.js's autodiff on the same parameters (float32). */
export async function tfjsBatchGradient(run: PreparedRun, order: Int32Array, start: number, count: number): Promise<Float64Array> {
  const { tf } = await loadTf();
  const { mlp, train } = run;
  const inputs = mlp.layerSizes[0];
  const units = mlp.layerSizes[mlp.layerSizes.length - 1];
  const rows = order.subarray(start, start + count);
  const x = new Float32Array(count * inputs);
  const labels = new Float64Array(count);
  rows.forEach((row, e) => {
    for (let i = 0; i < inputs; i++) x[e * inputs + i] = train.X[row * inputs + i];
    labels[e] = train.labels[row];
  });
  const net = new TfMlp(tf, mlp, mlp.params);
  try {
    const grads = tf.tidy(() => {
      const xb = tf.tensor2d(x, [count, inputs]);
      const tb = tf.tensor2d(lossTargets(mlp.loss, labels, count, units), [count, units]);
      return net.gradients(xb, tb).grads;
    });
    const flat = flattenTensors(grads);
    tf.dispose(grads);
    return flat;
  } finally {
    net.dispose();
  }
}

/** Norm-wise relative difference max|a − b| / max|a| (0 when both are all zero). */
export function relativeDifference(reference: ArrayLike<number>, other: ArrayLike<number>): number {
  let maxDiff = 0;
  let maxRef = 0;
  for (let i = 0; i < reference.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(reference[i] - other[i]));
    maxRef = Math.max(maxRef, Math.abs(reference[i]));
  }
  if (reference.length !== other.length) return Infinity;
  return maxDiff === 0 ? 0 : maxDiff / maxRef;
}
