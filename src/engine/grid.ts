/**
 * Network outputs over a regular grid of the input plane, for decision boundaries, regression
 * surfaces and the Playground-style per-neuron thumbnails. Row 0 is the top (largest x2).
 */
import type { GridPrediction, NetworkData, ProblemKind } from './types.ts';
import { createFeatureMapper } from './features.ts';
import { networkFromData, type Mlp } from './network.ts';
import { DOMAIN_RADIUS } from './datasets.ts';

const GRID_CHUNK = 1024;

/** Centre of grid cell `index` along one axis of [lo, hi] cut into `resolution` cells. */
export function cellCentre(index: number, resolution: number, domain: readonly [number, number]): number {
  return domain[0] + ((index + 0.5) * (domain[1] - domain[0])) / resolution;
}

function kindOf(net: NetworkData): ProblemKind {
  if (net.output === 'softmax') return 'multiclass';
  return net.output === 'linear' ? 'regression' : 'binary';
}

/** Runs the network over every cell, calling `visit(mlp, firstCell, count)` after each batch. */
function sweepGrid(net: NetworkData, resolution: number, domain: readonly [number, number], visit: (mlp: Mlp, first: number, count: number) => void): void {
  const mlp = networkFromData(net);
  const inputs = net.features.length;
  const map = createFeatureMapper(net.features, net.scaling);
  const cells = resolution * resolution;
  const chunk = Math.min(GRID_CHUNK, cells);
  const X = new Float64Array(chunk * inputs);
  const order = Int32Array.from({ length: chunk }, (_, i) => i);
  for (let first = 0; first < cells; first += chunk) {
    const count = Math.min(chunk, cells - first);
    for (let c = 0; c < count; c++) {
      const cell = first + c;
      const row = Math.floor(cell / resolution);
      const col = cell - row * resolution;
      map(cellCentre(col, resolution, domain), cellCentre(resolution - 1 - row, resolution, domain), X, c * inputs);
    }
    mlp.forwardBatch(X, order, 0, count);
    visit(mlp, first, count);
  }
}

/**
 * The network's prediction in every cell: binary → a score in [-1, 1] (tanh output as is,
 * sigmoid p as 2p − 1); regression → the value; multi-class → k probabilities per cell.
 */
export function predictGrid(net: NetworkData, resolution = 100, domain: [number, number] = [-DOMAIN_RADIUS, DOMAIN_RADIUS]): GridPrediction {
  const units = net.layerSizes[net.layerSizes.length - 1];
  const kind = kindOf(net);
  const values = new Float64Array(resolution * resolution * units);
  const isSigmoid = net.output === 'sigmoid';
  sweepGrid(net, resolution, domain, (mlp, first, count) => {
    const out = mlp.layerOutputs(net.layerSizes.length - 1);
    for (let c = 0; c < count; c++) {
      for (let j = 0; j < units; j++) {
        const v = out[j * count + c];
        values[(first + c) * units + j] = isSigmoid ? 2 * v - 1 : v;
      }
    }
  });
  return { resolution, domain, kind, channels: units, values };
}

/**
 * Every neuron's output over the grid: [layer][neuron] → resolution² values, layer 0 = the input
 * features (after scaling), the last layer = the output (binary scores mapped to [-1, 1]).
 */
export function neuronGrids(net: NetworkData, resolution = 32, domain: [number, number] = [-DOMAIN_RADIUS, DOMAIN_RADIUS]): Float64Array[][] {
  const cells = resolution * resolution;
  const grids = net.layerSizes.map((n) => Array.from({ length: n }, () => new Float64Array(cells)));
  const last = net.layerSizes.length - 1;
  const isSigmoid = net.output === 'sigmoid';
  sweepGrid(net, resolution, domain, (mlp, first, count) => {
    for (let l = 0; l <= last; l++) {
      const out = mlp.layerOutputs(l);
      for (let j = 0; j < net.layerSizes[l]; j++) {
        const grid = grids[l][j];
        for (let c = 0; c < count; c++) {
          const v = out[j * count + c];
          grid[first + c] = l === last && isSigmoid ? 2 * v - 1 : v;
        }
      }
    }
  });
  return grids;
}
