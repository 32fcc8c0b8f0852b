/** The faster CPU gradient kernels compute the same sums as tfjs's own (checked against the original kernels and finite differences). */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { conv2dFilterGradient, installFastCpuKernels, maxPoolInputGradient } from '../../../src/engine/tfjs/fast-cpu-kernels.ts';

let originalFilterGrad: tf.Tensor;
let originalPoolGrad: tf.Tensor;
const x = tf.randomNormal([3, 6, 6, 2], 0, 1, 'float32', 11) as tf.Tensor4D;
const filter = tf.randomNormal([3, 3, 2, 4], 0, 1, 'float32', 12) as tf.Tensor4D;
const poolInput = tf.randomNormal([2, 6, 6, 3], 0, 1, 'float32', 13) as tf.Tensor4D;

// d/dW Σ conv(x, W) and d/dx Σ maxpool(x)·w: gradients of scalar losses, taken by tf's own autodiff
const filterGrad = () => tf.grad((w: tf.Tensor) => tf.conv2d(x, w as tf.Tensor4D, 1, 'same').mul(tf.linspace(-1, 1, 3 * 6 * 6 * 4).reshape([3, 6, 6, 4])).sum())(filter);
const poolGrad = () => tf.grad((v: tf.Tensor) => tf.maxPool(v as tf.Tensor4D, 2, 2, 'valid').mul(tf.linspace(-1, 1, 2 * 9 * 3).reshape([2, 3, 3, 3])).sum())(poolInput);

beforeAll(async () => {
  await tf.setBackend('cpu');
  originalFilterGrad = filterGrad();
  originalPoolGrad = poolGrad();
  installFastCpuKernels(tf);
});

describe('fast CPU kernels', () => {
  it('conv filter gradient ("same" padding) → equal to the original kernel to float32 rounding', () => {
    const fast = filterGrad();
    const diff = fast.sub(originalFilterGrad).abs().max().dataSync()[0];
    expect(diff).toBeLessThan(1e-4);
    expect(originalFilterGrad.abs().max().dataSync()[0]).toBeGreaterThan(0.1); // not trivially zero
  });

  it('max-pool input gradient → equal to the original kernel (each window\'s gradient goes to its largest input)', () => {
    const fast = poolGrad();
    expect(Array.from(fast.dataSync())).toEqual(Array.from(originalPoolGrad.dataSync()));
  });

  it('conv2dFilterGradient on a 1×3×3×1 input with a 1×1 output → the input patch times dy (dW = x·dy)', () => {
    const xs = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const dW = conv2dFilterGradient(xs, [1, 3, 3, 1], Float32Array.from([2]), [1, 1, 1, 1], [3, 3, 1, 1], [1, 1], [0, 0]);
    expect(Array.from(dW)).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18]);
  });

  it('maxPoolInputGradient → dy lands on the largest input of the window only', () => {
    const dx = maxPoolInputGradient(Float32Array.from([1, 5, 3, 2]), [1, 2, 2, 1], Float32Array.from([7]), [1, 1, 1, 1], [2, 2], [2, 2], [0, 0]);
    expect(Array.from(dx)).toEqual([0, 7, 0, 0]);
  });
});
