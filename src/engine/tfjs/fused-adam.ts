/**
 * Adam for TensorFlow.js's pure-JS CPU backend in one loop per variable instead of sixteen tensor
 * ops: tf's AdamOptimizer allocates a new tensor for every step of
 *   m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,  w ← w − lr · (m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε),
 * which for a 256→64 dense layer cost as much time as its matrix products. Every intermediate is
 * rounded to float32 (Math.fround) exactly where tf's ops store one, so the weights are the same
 * bit for bit. On other backends (tfjs-node) this is tf's own Adam.
 */
import type { Optimizer, Tensor, Variable } from '@tensorflow/tfjs';
import type { Tf } from './load-tf.ts';

const f = Math.fround;

/** The moments and step of tf's AdamOptimizer (private in its typings, stable in its code since 1.x). */
interface AdamState {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: Variable;
  accBeta2: Variable;
  accumulatedFirstMoment: ({ originalName: string; variable: Variable } | undefined)[];
  accumulatedSecondMoment: ({ originalName: string; variable: Variable } | undefined)[];
  incrementIterations(): void;
}

/** One Adam step on flat float32 arrays with tf's float32 roundings; returns the new (m, v, w). */
export function adamStep(
  m: Float32Array, v: Float32Array, w: Float32Array, g: Float32Array,
  s: { beta1: number; beta2: number; oneMinusAccBeta1: number; oneMinusAccBeta2: number; epsilon: number; learningRate: number },
): { m: Float32Array; v: Float32Array; w: Float32Array } {
  const b1 = f(s.beta1), c1 = f(1 - s.beta1), b2 = f(s.beta2), c2 = f(1 - s.beta2);
  const om1 = f(s.oneMinusAccBeta1), om2 = f(s.oneMinusAccBeta2), eps = f(s.epsilon), negLr = f(-s.learningRate);
  const mOut = new Float32Array(m.length), vOut = new Float32Array(m.length), wOut = new Float32Array(m.length);
  for (let i = 0; i < m.length; i++) {
    const gi = g[i];
    const mi = f(f(m[i] * b1) + f(gi * c1));
    const vi = f(f(v[i] * b2) + f(f(gi * gi) * c2));
    const step = f(f(mi / om1) / f(f(Math.sqrt(f(vi / om2))) + eps));
    mOut[i] = mi;
    vOut[i] = vi;
    wOut[i] = f(f(step * negLr) + w[i]);
  }
  return { m: mOut, v: vOut, w: wOut };
}

/** tf.train.adam(learningRate), with the fused step on the pure-JS CPU backend. */
export function createAdam(tf: Tf, learningRate: number): Optimizer {
  const base = tf.train.adam(learningRate);
  if (tf.getBackend() !== 'cpu') return base;
  const state = base as unknown as AdamState;
  base.applyGradients = (variableGradients: Record<string, Tensor> | { name: string; tensor: Tensor }[]) => {
    const names = Array.isArray(variableGradients) ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
    const oneMinusAccBeta1 = f(1 - state.accBeta1.dataSync()[0]);
    const oneMinusAccBeta2 = f(1 - state.accBeta2.dataSync()[0]);
    names.forEach((name, i) => {
      const value = tf.engine().registeredVariables[name];
      state.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
      state.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
      const gradient = Array.isArray(variableGradients) ? variableGradients[i].tensor : variableGradients[name];
      if (gradient == null) return;
      const first = state.accumulatedFirstMoment[i]!.variable;
      const second = state.accumulatedSecondMoment[i]!.variable;
      const next = adamStep(first.dataSync() as Float32Array, second.dataSync() as Float32Array, value.dataSync() as Float32Array, gradient.dataSync() as Float32Array, {
        beta1: state.beta1, beta2: state.beta2, oneMinusAccBeta1, oneMinusAccBeta2, epsilon: state.epsilon, learningRate: state.learningRate,
      });
      tf.tidy(() => {
        first.assign(tf.tensor(next.m, value.shape, 'float32'));
        second.assign(tf.tensor(next.v, value.shape, 'float32'));
        value.assign(tf.tensor(next.w, value.shape, 'float32'));
      });
    });
    tf.tidy(() => {
      state.accBeta1.assign(tf.mul(state.accBeta1, state.beta1));
      state.accBeta2.assign(tf.mul(state.accBeta2, state.beta2));
    });
    state.incrementIterations();
  };
  return base;
}
