/**
 * The faster CPU kernels for matmul, dense layers, convolutions, bias sums and the fused Adam step
 * give tf's own results bit for bit (same float32 roundings in the same order), so a seeded demo
 * gives the same numbers with or without them. Each case is computed with tf's original kernels
 * first, then again after installing ours.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { installFastCpuKernels } from '../../../src/engine/tfjs/fast-cpu-kernels.ts';
import { createAdam } from '../../../src/engine/tfjs/fused-adam.ts';

/** Random values with about a third exact zeros (like ReLU outputs), so the zero-skipping paths run. */
function sparse(shape: number[], seed: number): tf.Tensor {
  return tf.tidy(() => tf.relu(tf.randomNormal(shape, 0.3, 1, 'float32', seed)).mul(tf.randomUniform(shape, -1, 1, 'float32', seed + 1).sign()));
}

const cases: Record<string, () => tf.Tensor> = {
  'matMul 7×60 · 60×5 (two k-blocks of 48)': () => tf.matMul(sparse([7, 60], 1), sparse([60, 5], 2)),
  'matMul with transposeA': () => tf.matMul(sparse([60, 7], 3), sparse([60, 5], 4), true, false),
  'matMul with transposeB': () => tf.matMul(sparse([7, 60], 5), sparse([5, 60], 6), false, true),
  'matMul with both transposed': () => tf.matMul(sparse([60, 7], 7), sparse([5, 60], 8), true, true),
  'batched matMul 3×4×50 · 3×50×6': () => tf.matMul(sparse([3, 4, 50], 9), sparse([3, 50, 6], 10)),
  'batched matMul broadcasting a batch of 1': () => tf.matMul(sparse([1, 4, 50], 11), sparse([3, 50, 6], 12)),
  'fused matMul + bias + relu (a dense layer when predicting)': () => tf.fused.matMul({ a: sparse([9, 70], 13), b: sparse([70, 6], 14), bias: sparse([6], 15), activation: 'relu' }),
  'fused matMul + bias, linear': () => tf.fused.matMul({ a: sparse([9, 70], 16), b: sparse([70, 6], 17), bias: sparse([6], 18) }),
  'conv2d 3×3 "same", 2→5 channels': () => tf.conv2d(sparse([2, 7, 6, 2], 19) as tf.Tensor4D, sparse([3, 3, 2, 5], 20) as tf.Tensor4D, 1, 'same'),
  'conv2d 3×3 "valid", stride 2': () => tf.conv2d(sparse([2, 9, 8, 3], 21) as tf.Tensor4D, sparse([3, 3, 3, 4], 22) as tf.Tensor4D, 2, 'valid'),
  'fused conv2d + bias + relu (a conv layer when predicting)': () => tf.fused.conv2d({ x: sparse([2, 8, 8, 2], 23) as tf.Tensor4D, filter: sparse([3, 3, 2, 4], 24) as tf.Tensor4D, strides: 1, pad: 'same', bias: sparse([4], 25), activation: 'relu' }),
  'conv2d input gradient ("same")': () => tf.grad((x: tf.Tensor) => tf.conv2d(x as tf.Tensor4D, sparse([3, 3, 3, 4], 26) as tf.Tensor4D, 1, 'same').mul(sparse([2, 6, 5, 4], 27)).sum())(sparse([2, 6, 5, 3], 28)),
  'conv2d input gradient ("valid", stride 2)': () => tf.grad((x: tf.Tensor) => tf.conv2d(x as tf.Tensor4D, sparse([3, 3, 2, 3], 29) as tf.Tensor4D, 2, 'valid').mul(sparse([1, 3, 3, 3], 30)).sum())(sparse([1, 7, 7, 2], 31)),
  'sum over batch and positions (a conv bias gradient)': () => tf.sum(sparse([4, 5, 6, 3], 32), [0, 1, 2]),
  'sum over the batch, keepDims': () => tf.sum(sparse([40, 7], 33), 0, true),
  'sum over a trailing axis (left to tf)': () => tf.sum(sparse([4, 7], 34), 1),
};

/** Five Adam steps on a 3-layer model's worth of variables with fixed gradients. */
function adamWeights(makeAdam: (lr: number) => tf.Optimizer): number[][] {
  const variables = [sparse([20, 8], 40), sparse([8], 41), sparse([8, 3], 42)].map((t, i) => tf.variable(t, true, `adam-check-${makeAdam.name}-${i}`));
  const optimizer = makeAdam(0.01);
  for (let step = 0; step < 5; step++) {
    const grads: Record<string, tf.Tensor> = {};
    variables.forEach((v, i) => { grads[v.name] = sparse(v.shape, 100 + step * 10 + i); });
    optimizer.applyGradients(grads);
    tf.dispose(Object.values(grads));
  }
  const out = variables.map((v) => Array.from(v.dataSync()));
  optimizer.dispose();
  tf.dispose(variables);
  return out;
}

const original: Record<string, number[]> = {};
let originalAdam: number[][];

beforeAll(async () => {
  await tf.setBackend('cpu');
  for (const [name, run] of Object.entries(cases)) original[name] = Array.from(run().dataSync());
  originalAdam = adamWeights(function tfAdam(lr) { return tf.train.adam(lr); });
  installFastCpuKernels(tf);
});

describe('fast CPU kernels → tf\'s results bit for bit', () => {
  it.each(Object.keys(cases))('%s', (name) => {
    const fast = Array.from(cases[name]().dataSync());
    expect(fast).toEqual(original[name]);
    expect(fast.some((v) => v !== 0)).toBe(true); // not trivially zero
  });

  it('five fused Adam steps → the same weights as tf.train.adam', () => {
    const fused = adamWeights(function fusedAdam(lr) { return createAdam(tf, lr); });
    expect(fused).toEqual(originalAdam);
    expect(fused[0].some((v, i) => v !== Array.from(sparse([20, 8], 40).dataSync())[i])).toBe(true); // the weights moved
  });
});
