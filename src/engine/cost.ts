/**
 * The lecture's cost of one model update: a forward and backward pass touches every parameter
 * once per example, so full-batch gradient descent costs O(n·p) per update, mini-batch O(k·p), SGD O(p).
 */
import { countParams } from './network.ts';

/** Cost of one update and of one epoch for a batch size. */
export interface UpdateCost {
  batch: string;
  examplesPerUpdate: number;
  updatesPerEpoch: number;
  /** n·p computations per update (one multiply-add per parameter per example). */
  computationsPerUpdate: number;
}

/** Parameters and computations per update for an architecture (all layer sizes, input to output) and a dataset size. */
export function computeUpdateCost(layerSizes: readonly number[], points: number, miniBatch = 32): { params: number; costs: UpdateCost[] } {
  const params = countParams(layerSizes);
  const row = (batch: string, size: number): UpdateCost => ({
    batch, examplesPerUpdate: size, updatesPerEpoch: Math.ceil(points / size), computationsPerUpdate: size * params,
  });
  return {
    params,
    costs: [row('full batch (GD)', points), row(`mini-batch of ${miniBatch}`, Math.min(miniBatch, points)), row('SGD (batch 1)', 1)],
  };
}
