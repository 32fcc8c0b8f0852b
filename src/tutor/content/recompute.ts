/** Recomputes the numeric answers of quiz questions from first principles (and the engine's activation table). */
import { activations } from '../../engine/activations.ts';
import { countParams } from '../../engine/network.ts';
import { computeUpdateCost } from '../../engine/cost.ts';
import { livePoints } from '../scoring.ts';
import type { NumericCheck } from './schema.ts';

/** Weights and biases of a fully connected net: Σ (n_in + 1)·n_out over consecutive layers (the engine's count). */
export function countParameters(layerSizes: readonly number[]): number {
  return countParams(layerSizes);
}

/** The value a numeric question's `check` describes. */
export function recompute(check: NumericCheck): number {
  switch (check.kind) {
    case 'param-count':
      return countParameters(check.layers);
    case 'full-batch-cost':
      // one full-batch update touches every parameter once per data point: O(n·p) — the engine's /cost table
      return computeUpdateCost(check.layers, check.points).costs[0].computationsPerUpdate;
    case 'activation':
      return activations[check.name].f(check.x);
    case 'derivative': {
      const def = activations[check.name];
      return def.df(check.x, def.f(check.x));
    }
    case 'product':
      return check.factors.reduce((a, b) => a * b, 1);
    case 'power':
      return check.base ** check.exponent;
    case 'updates-per-epoch':
      return Math.ceil(check.points / check.batchSize);
    case 'split-size':
      return Math.round(check.points * check.fraction);
    case 'live-points':
      return livePoints(true, check.elapsedMs, check.limitMs);
  }
}
