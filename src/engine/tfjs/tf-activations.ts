/**
 * The lecture's ten hidden activations as TensorFlow.js ops, with the fast engine's constants,
 * so that tf's automatic differentiation is an independent check of activations.ts's derivatives.
 */
import type { Tensor } from '@tensorflow/tfjs';
import type { ActivationName } from '../types.ts';
import type { Tf } from './load-tf.ts';

const SELU_LAMBDA = 1.0507;
const SELU_ALPHA = 1.67326;
const LEAKY_SLOPE = 0.01;
const GELU_C = Math.sqrt(2 / Math.PI);
const GELU_CUBIC = 0.044715;

/** Builds g(x) from tf ops; the gradient comes from tf's autodiff. */
export type TfActivation = (tf: Tf, x: Tensor) => Tensor;

/** Every activation name → tf ops. Where tfjs has no op (binary step with g(0) = 1, GELU) or uses other constants (SELU), it is composed. */
export const tfActivations: Record<ActivationName, TfActivation> = {
  identity: (_tf, x) => x,
  // g(x) = [x ≥ 0]; tf.step would give 0 at x = 0. greaterEqual's gradient is zero, as g' is.
  'binary-step': (tf, x) => tf.cast(tf.greaterEqual(x, 0), 'float32'),
  sigmoid: (tf, x) => tf.sigmoid(x),
  tanh: (tf, x) => tf.tanh(x),
  // tf's relu' is [x > 0], like the fast engine's.
  relu: (tf, x) => tf.relu(x),
  // ½x(1 + tanh(√(2/π)(x + 0.044715x³))): tfjs 4 has no gelu op.
  gelu: (tf, x) => tf.mul(tf.mul(0.5, x), tf.add(1, tf.tanh(tf.mul(GELU_C, tf.add(x, tf.mul(GELU_CUBIC, tf.pow(x, 3))))))),
  softplus: (tf, x) => tf.softplus(x),
  // tf's elu has α = 1 and g'(x) = g(x) + 1 for x < 0.
  elu: (tf, x) => tf.elu(x),
  // λ(max(x, 0) + α(e^min(x,0) − 1)): tf.selu uses the unrounded λ, α; the lecture's are rounded. min() keeps e^x from overflowing.
  selu: (tf, x) => tf.mul(SELU_LAMBDA, tf.add(tf.relu(x), tf.mul(SELU_ALPHA, tf.elu(tf.minimum(x, 0))))),
  'leaky-relu': (tf, x) => tf.leakyRelu(x, LEAKY_SLOPE),
};
