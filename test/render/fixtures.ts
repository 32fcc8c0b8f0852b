/** Hand-built engine results for render tests (no training needed). */
import { SPEC_DEFAULTS } from '../../src/engine/spec.ts';
import type { Dataset, EpochEntry, NetworkData, Point, TrainResult } from '../../src/engine/types.ts';

/** No hidden layer, tanh output: score = tanh(a·x1 + b·x2 + c). With a = 5 it predicts +1 exactly for x1 > 0. */
export function linearNetwork(a = 5, b = 0, c = 0): NetworkData {
  return { features: ['x1', 'x2'], layerSizes: [2, 1], activation: 'tanh', output: 'tanh', params: [a, b, c] };
}

/** A small hidden layer, for diagrams and gradient charts. */
export function hiddenNetwork(): NetworkData {
  // Layer 1: 3 neurons × 2 inputs + 3 biases; layer 2: 1 × 3 + 1 bias.
  return {
    features: ['x1', 'x2'], layerSizes: [2, 3, 1], activation: 'tanh', output: 'tanh',
    params: [1, 0, 0, 1, 0.7, -0.7, 0, 0, 0, 2, -1.5, 0.5, 0.1],
  };
}

/** History with a falling training loss and a validation loss whose minimum is at `bestEpoch`. */
export function makeHistory(epochs: number, bestEpoch: number, options: { diverge?: boolean; layers?: number } = {}): EpochEntry[] {
  return Array.from({ length: epochs }, (_, i) => {
    const epoch = i + 1;
    const trainLoss = 0.5 * Math.exp(-epoch / 30) + 0.01;
    const valLoss = 0.2 + 0.0004 * (epoch - bestEpoch) ** 2;
    const entry: EpochEntry = {
      epoch,
      trainLoss: options.diverge && epoch === epochs ? Number.NaN : trainLoss,
      valLoss,
      testLoss: valLoss + 0.02,
      trainAccuracy: Math.min(1, 0.5 + epoch / 150),
      valAccuracy: 0.8,
      testAccuracy: 0.78,
      gradNorms: Array.from({ length: options.layers ?? 2 }, (_, l) => 0.1 * 10 ** (l - (options.layers ?? 2) + 1) * (1 + 0.1 * Math.sin(epoch))),
    };
    return entry;
  });
}

/** A complete TrainResult around a network and a history. */
export function makeResult(overrides: Partial<TrainResult> = {}): TrainResult {
  const history = overrides.history ?? makeHistory(100, 37);
  const network = overrides.network ?? linearNetwork();
  const last = history[history.length - 1];
  return {
    spec: { ...SPEC_DEFAULTS, points: 500, dataset: 'gauss', layers: network.layerSizes.slice(1, -1), split: { train: 0.7, val: 0.15, test: 0.15 } },
    kind: 'binary',
    classes: 2,
    history,
    final: { trainLoss: last.trainLoss, valLoss: last.valLoss, testLoss: last.testLoss, trainAccuracy: 0.9, valAccuracy: 0.8, testAccuracy: 0.78 },
    stopReason: 'early-stopping',
    stopMessage: 'validation loss stopped improving',
    bestEpoch: 37,
    params: network.params.length,
    network,
    snapshots: [],
    timing: { trainMs: 12 },
    ...overrides,
  };
}

/** A dataset with the given points (binary unless told otherwise). */
export function makeDataset(train: Point[], test: Point[] = [], options: { val?: Point[]; kind?: Dataset['kind']; classes?: number; name?: Dataset['name'] } = {}): Dataset {
  return { name: options.name ?? 'gauss', kind: options.kind ?? 'binary', classes: options.classes ?? 2, train, val: options.val ?? [], test };
}

/** Snapshots; by default they move the linear network from undecided (all weights 0) to x1 > 0 → +1. */
export function makeSnapshots(count: number, history: EpochEntry[], paramsAt: (progress: number) => number[] = (t) => [5 * t, 0, 0]): TrainResult['snapshots'] {
  return Array.from({ length: count }, (_, i) => {
    const entry = history[Math.round((i * (history.length - 1)) / Math.max(1, count - 1))];
    return { epoch: entry.epoch, trainLoss: entry.trainLoss, testLoss: entry.testLoss, params: paramsAt(i / Math.max(1, count - 1)) };
  });
}
