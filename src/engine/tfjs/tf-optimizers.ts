/**
 * The spec's optimiser as a tf.train optimiser. optimizers.ts copies these update rules, so with
 * the same gradients both engines take the same steps (up to float32 rounding).
 */
import type { Optimizer as TfOptimizer, Tensor } from '@tensorflow/tfjs';
import type { OptimizerName } from '../types.ts';
import type { OptimizerSettings } from '../optimizers.ts';
import { ADAGRAD_INITIAL_ACCUMULATOR } from '../optimizers.ts';
import { SpecError } from '../spec.ts';
import type { Tf } from './load-tf.ts';

/** Optimisers the tfjs engine can run (evolution is gradient-free and lives in the fast engine only). */
export const TFJS_OPTIMIZERS: readonly OptimizerName[] = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam'];

/** Throws a SpecError naming the optimisers the tfjs engine supports when `name` is not one of them. */
export function assertTfjsOptimizer(name: OptimizerName): void {
  if (!TFJS_OPTIMIZERS.includes(name)) {
    throw new SpecError(`Option optimizer '${name}' runs on the fast engine only. With engine tfjs choose one of: ${TFJS_OPTIMIZERS.join(', ')} (or use engine fast).`);
  }
}

/**
 * sgd: w −= α·g. momentum: a ← μa + g, w −= α·a (Nesterov: w −= α(g + μa)). AdaGrad: G ← G + g²
 * from G₀ = 0.1, w −= α·g/√(G + ε) with tf's backend ε (1e-7 in float32, the spec default).
 * RMSProp (no momentum, not centred): s ← ρs + (1−ρ)g², w −= α·g/√(s + ε). Adam: bias-corrected m̂, v̂, w −= α·m̂/(√v̂ + ε).
 */
export function createTfOptimizer(tf: Tf, settings: OptimizerSettings): TfOptimizer {
  assertTfjsOptimizer(settings.optimizer);
  const lr = settings.learningRate;
  switch (settings.optimizer) {
    case 'sgd':
      return tf.train.sgd(lr);
    case 'momentum':
      return tf.train.momentum(lr, settings.momentum, false);
    case 'nesterov':
      return tf.train.momentum(lr, settings.momentum, true);
    case 'adagrad':
      return tf.train.adagrad(lr, ADAGRAD_INITIAL_ACCUMULATOR);
    case 'rmsprop':
      return tf.train.rmsprop(lr, settings.rho, 0, settings.epsilon, false);
    case 'adam':
      return tf.train.adam(lr, settings.beta1, settings.beta2, settings.epsilon);
    default:
      throw new SpecError(`Option optimizer '${settings.optimizer}' is not supported by engine tfjs.`);
  }
}

/**
 * Frees an optimiser's tensors. tfjs 4.22's MomentumOptimizer.dispose() forgets the −learning-rate
 * scalar its SGD base class keeps, so that one is released here too (disposing twice is a no-op).
 */
export function disposeTfOptimizer(optimizer: TfOptimizer): void {
  optimizer.dispose();
  (optimizer as unknown as { c?: Tensor }).c?.dispose();
}
