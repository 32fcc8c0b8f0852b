/**
 * First-order optimisers on a flat parameter vector, with TensorFlow.js's update rules (so the tfjs
 * backend is an exact oracle). They work on any vector: a network's parameters or a 2-D point on a
 * loss surface.
 */
import type { OptimizerName, TrainSpec } from './types.ts';

/** Hyper-parameters an optimiser reads (a TrainSpec has all of them). */
export type OptimizerSettings = Pick<TrainSpec, 'optimizer' | 'learningRate' | 'momentum' | 'beta1' | 'beta2' | 'rho' | 'epsilon'>;

/** Updates params in place from a gradient of the same length. */
export interface Optimizer {
  step(params: Float64Array, grads: Float64Array): void;
  /** Changes α for the following steps, keeping the optimiser's state (momentum, Adam's averages): a live view's lr slider. */
  setLearningRate(learningRate: number): void;
}

/** tfjs's AdaGrad starts its accumulator at 0.1, not 0. */
export const ADAGRAD_INITIAL_ACCUMULATOR = 0.1;

/** Names and one-line descriptions for help texts and charts. */
export const optimizerInfo: Record<OptimizerName, { label: string; description: string }> = {
  sgd: { label: 'SGD', description: 'w ← w − α·∇J: plain (stochastic / mini-batch / full-batch) gradient descent.' },
  momentum: { label: 'Momentum', description: 'v ← μv + ∇J; w ← w − α·v: keeps rolling in directions that stay consistent.' },
  nesterov: { label: 'Nesterov', description: 'Momentum that looks ahead: w ← w − α(∇J + μv).' },
  adagrad: { label: 'AdaGrad', description: 'Per-weight rates: divides by √(Σ∇J²), so steep directions slow down over time.' },
  rmsprop: { label: 'RMSProp', description: 'Like AdaGrad with a decaying average of ∇J², so the rate does not shrink to zero.' },
  adam: { label: 'Adam', description: 'Momentum plus RMSProp scaling, with bias correction of both averages.' },
  evolution: { label: 'Evolution strategy', description: 'Gradient-free: perturbs the weights at random and moves towards perturbations that lowered the loss.' },
};

/** Builds the optimiser for `size` parameters. 'evolution' is gradient-free and not built here. */
export function createOptimizer(settings: OptimizerSettings, size: number): Optimizer {
  let lr = settings.learningRate;
  const setLearningRate = (value: number) => {
    lr = value;
  };
  const eps = settings.epsilon;
  switch (settings.optimizer) {
    case 'sgd':
      return { setLearningRate, step(w, g) { for (let i = 0; i < size; i++) w[i] -= lr * g[i]; } };
    case 'momentum':
    case 'nesterov': {
      // accumulation ← μ·accumulation + g; w ← w − α·accumulation (Nesterov: w ← w − α(g + μ·accumulation)).
      const mu = settings.momentum;
      const nesterov = settings.optimizer === 'nesterov';
      const acc = new Float64Array(size);
      return {
        setLearningRate,
        step(w, g) {
          for (let i = 0; i < size; i++) {
            acc[i] = mu * acc[i] + g[i];
            w[i] -= lr * (nesterov ? g[i] + mu * acc[i] : acc[i]);
          }
        },
      };
    }
    case 'adagrad': {
      // G ← G + g²; w ← w − α·g / √(G + ε)
      const acc = new Float64Array(size).fill(ADAGRAD_INITIAL_ACCUMULATOR);
      return {
        setLearningRate,
        step(w, g) {
          for (let i = 0; i < size; i++) {
            acc[i] += g[i] * g[i];
            w[i] -= (lr * g[i]) / Math.sqrt(acc[i] + eps);
          }
        },
      };
    }
    case 'rmsprop': {
      // s ← ρs + (1 − ρ)g²; w ← w − α·g / √(s + ε)
      const rho = settings.rho;
      const meanSquare = new Float64Array(size);
      return {
        setLearningRate,
        step(w, g) {
          for (let i = 0; i < size; i++) {
            meanSquare[i] = rho * meanSquare[i] + (1 - rho) * g[i] * g[i];
            w[i] -= (lr * g[i]) / Math.sqrt(meanSquare[i] + eps);
          }
        },
      };
    }
    case 'adam': {
      // m ← β1m + (1 − β1)g; v ← β2v + (1 − β2)g²; w ← w − α·m̂ / (√v̂ + ε), m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ)
      const { beta1, beta2 } = settings;
      const m = new Float64Array(size);
      const v = new Float64Array(size);
      let beta1Power = 1;
      let beta2Power = 1;
      return {
        setLearningRate,
        step(w, g) {
          beta1Power *= beta1;
          beta2Power *= beta2;
          const c1 = 1 - beta1Power;
          const c2 = 1 - beta2Power;
          for (let i = 0; i < size; i++) {
            m[i] = beta1 * m[i] + (1 - beta1) * g[i];
            v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
            w[i] -= (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + eps);
          }
        },
      };
    }
    case 'evolution':
      throw new Error('evolution is gradient-free: the trainer runs it with createEvolutionStep');
  }
}
