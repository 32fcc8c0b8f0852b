/**
 * The lecture's gradient-free contrast case: an evolution strategy ("neuroevolution"). Each step
 * tries random perturbations ε of the weights in antithetic pairs (θ ± σε) and moves along
 * ĝ = Σ (L(θ + σε) − L(θ − σε))·ε / (2nσ), an estimate of the gradient made from loss values alone.
 */
import type { Mlp } from './network.ts';
import type { Rng } from './rng.ts';

/** Perturbation size σ and number of antithetic pairs per step. */
export const EVOLUTION_SIGMA = 0.05;
export const EVOLUTION_PAIRS = 8;

/** Builds a step function that updates `mlp.params` in place from the loss on one batch. */
export function createEvolutionStep(mlp: Mlp, learningRate: number, rng: Rng): (X: Float64Array, labels: Float64Array, order: Int32Array, start: number, count: number) => void {
  const size = mlp.params.length;
  const base = new Float64Array(size);
  const noise = new Float64Array(size);
  const estimate = new Float64Array(size);
  const params = mlp.params;
  return (X, labels, order, start, count) => {
    base.set(params);
    estimate.fill(0);
    for (let k = 0; k < EVOLUTION_PAIRS; k++) {
      for (let i = 0; i < size; i++) noise[i] = rng.normal();
      for (let i = 0; i < size; i++) params[i] = base[i] + EVOLUTION_SIGMA * noise[i];
      mlp.forwardBatch(X, order, start, count);
      const lossPlus = mlp.batchLoss(labels, order, start, count);
      for (let i = 0; i < size; i++) params[i] = base[i] - EVOLUTION_SIGMA * noise[i];
      mlp.forwardBatch(X, order, start, count);
      const lossMinus = mlp.batchLoss(labels, order, start, count);
      const weight = (lossPlus - lossMinus) / (2 * EVOLUTION_PAIRS * EVOLUTION_SIGMA);
      for (let i = 0; i < size; i++) estimate[i] += weight * noise[i];
    }
    for (let i = 0; i < size; i++) params[i] = base[i] - learningRate * estimate[i];
  };
}
