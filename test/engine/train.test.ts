import { describe, expect, it } from 'vitest';
import { train, trainSync } from '../../src/engine/train.ts';
import { predictGrid, neuronGrids } from '../../src/engine/grid.ts';

describe('learning actually happens', () => {
  it('spiral with [8,8] tanh reaches test accuracy ≥ 0.9 within 800 epochs (Playground mode, lr 0.1)', () => {
    const result = trainSync({ dataset: 'spiral', layers: '8,8', activation: 'tanh', playgroundMode: true, learningRate: 0.1, epochs: 800, seed: 1 });
    expect(result.final.testAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(result.history.length).toBeLessThanOrEqual(800);
  });

  it('xor is learned from x1·x2 alone by a network with no hidden layer', () => {
    const result = trainSync({ dataset: 'xor', features: 'x1x2', layers: 'none', epochs: 50 });
    expect(result.network.layerSizes).toEqual([1, 1]);
    expect(result.final.testAccuracy).toBeGreaterThanOrEqual(0.97);
  });

  it('a linear activation cannot learn circle from x1, x2, while tanh can (the lecture exercise)', () => {
    const linear = trainSync({ dataset: 'circle', activation: 'identity', layers: '4,2', epochs: 200 });
    const tanh = trainSync({ dataset: 'circle', activation: 'tanh', layers: '4,2', epochs: 200 });
    expect(linear.final.testAccuracy).toBeLessThan(0.7);
    expect(tanh.final.testAccuracy).toBeGreaterThan(0.95);
  });

  it('circle becomes learnable for a linear model once x1² and x2² are inputs', () => {
    const result = trainSync({ dataset: 'circle', features: 'x1sq,x2sq', layers: 'none', epochs: 100 });
    expect(result.final.testAccuracy).toBeGreaterThan(0.95);
  });

  it('with 6 hidden layers the first/last gradient ratio is orders of magnitude smaller for sigmoid than for ReLU', () => {
    const ratio = (activation: string): number => {
      const r = trainSync({ dataset: 'circle', layers: '8,8,8,8,8,8', activation, init: 'glorot', epochs: 5, seed: 3 });
      const g = r.history[0].gradNorms;
      expect(g).toHaveLength(7);
      return g[0] / g[g.length - 1];
    };
    const sigmoid = ratio('sigmoid');
    const relu = ratio('relu');
    expect(relu / sigmoid).toBeGreaterThan(100);
  });

  it('softmax learns the three-arm spiral and the regression plane is fitted', () => {
    const spiral3 = trainSync({ dataset: 'spiral3', layers: '16,16', optimizer: 'adam', learningRate: 0.01, epochs: 300 });
    expect(spiral3.kind).toBe('multiclass');
    expect(spiral3.final.testAccuracy).toBeGreaterThan(0.85);
    const plane = trainSync({ dataset: 'plane', layers: '4', epochs: 50 });
    expect(plane.final.testAccuracy).toBeUndefined();
    expect(plane.final.testLoss).toBeLessThan(0.01);
  });

  it('the gradient-free evolution strategy also learns circle', () => {
    const result = trainSync({ dataset: 'circle', optimizer: 'evolution', learningRate: 0.1, layers: '4,2', epochs: 100 });
    expect(result.final.testAccuracy).toBeGreaterThan(0.85);
  });
});

describe('stopping', () => {
  it('early stopping stops before the epoch limit and restores the best validation epoch', () => {
    const result = trainSync({ dataset: 'circle', noise: 50, points: 200, split: '70,15,15', layers: '8,8,8', optimizer: 'adam', learningRate: 0.03, earlyStopping: 20, epochs: 2000 });
    expect(result.stopReason).toBe('early-stopping');
    expect(result.history.length).toBe(result.bestEpoch + 20);
    const best = result.history[result.bestEpoch - 1];
    expect(result.final.valLoss).toBeCloseTo(best.valLoss!, 12);
    expect(Math.min(...result.history.map((h) => h.valLoss!))).toBe(best.valLoss);
  });

  it('a huge learning rate is reported as divergence with advice', () => {
    const result = trainSync({ dataset: 'plane', layers: '4', learningRate: 10, epochs: 50 });
    expect(result.stopReason).toBe('diverged');
    expect(result.stopMessage).toMatch(/smaller learning rate/);
  });

  it('target loss stops the run once reached', () => {
    const result = trainSync({ dataset: 'gauss', epochs: 500, targetLoss: 0.05 });
    expect(result.stopReason).toBe('target-loss');
    expect(result.final.trainLoss).toBeLessThanOrEqual(0.05);
    expect(result.history.length).toBeLessThan(500);
  });

  it('the time budget stops a long run at the first epoch past it', async () => {
    const result = await train({ dataset: 'spiral', points: 5000, layers: '64,64,64', epochs: 10000, timeLimitMs: 300 });
    expect(result.stopReason).toBe('time-limit');
    expect(result.stopMessage).toMatch(/^stopped at the time limit of 300 ms after \d+ epochs?: try fewer epochs or points$/);
    // It stops only once the budget is spent, and long before the 10 000 epochs it asked for.
    expect(result.timing.trainMs).toBeGreaterThanOrEqual(300);
    expect(result.history.length).toBeLessThan(10000);
  });

  it('an AbortSignal cancels a run in progress', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const result = await train({ dataset: 'spiral', points: 5000, layers: '64,64', epochs: 10000 }, { signal: controller.signal });
    expect(result.stopReason).toBe('cancelled');
    expect(result.history.length).toBeLessThan(10000);
  });
});

describe('results', () => {
  it('the same spec and seed give bit-identical results; another seed does not', () => {
    const spec = { dataset: 'spiral', layers: '6,6', dropout: 0.1, epochs: 30, seed: 4 };
    const a = trainSync(spec);
    const b = trainSync(spec);
    expect(b.network.params).toEqual(a.network.params);
    expect(b.history.map((h) => h.trainLoss)).toEqual(a.history.map((h) => h.trainLoss));
    expect(trainSync({ ...spec, seed: 5 }).network.params).not.toEqual(a.network.params);
  });

  it('is JSON-serialisable with every documented field', () => {
    const result = trainSync({ dataset: 'circle', split: '70,15,15', epochs: 5 }, { snapshotEvery: 2 });
    const parsed = JSON.parse(JSON.stringify(result));
    expect(parsed).toEqual(result);
    expect(Object.keys(result.history[0]).sort()).toEqual(['epoch', 'gradNorms', 'testAccuracy', 'testLoss', 'trainAccuracy', 'trainLoss', 'valAccuracy', 'valLoss']);
    expect(result.params).toBe((2 + 1) * 4 + (4 + 1) * 2 + (2 + 1) * 1);
    expect(result.snapshots.map((s) => s.epoch)).toEqual([0, 2, 4, 5]);
    expect(result.spec.features).toEqual(['x1', 'x2']);
  });

  it('onEpoch reports every epoch with the total', () => {
    const seen: number[] = [];
    trainSync({ epochs: 7 }, { onEpoch: (entry, total) => { seen.push(entry.epoch); expect(total).toBe(7); } });
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('L2 regularisation shrinks the weights', () => {
    const sumSq = (p: number[]): number => p.reduce((s, w) => s + w * w, 0);
    const plain = trainSync({ dataset: 'circle', layers: '8,8', epochs: 100 });
    const l2 = trainSync({ dataset: 'circle', layers: '8,8', epochs: 100, regularization: 'l2', regRate: 0.03 });
    expect(sumSq(l2.network.params)).toBeLessThan(sumSq(plain.network.params));
  });

  it('L1 regularisation pushes many weights close to zero', () => {
    const l1 = trainSync({ dataset: 'gauss', features: 'x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2', layers: '8', epochs: 200, regularization: 'l1', regRate: 0.01 });
    const small = l1.network.params.filter((w) => Math.abs(w) < 0.01).length;
    expect(small).toBeGreaterThan(l1.network.params.length / 4);
  });
});

describe('grid predictions', () => {
  it('a model that predicts +1 for x1 > 0 scores the right half positive and the left half negative; row 0 is the top', () => {
    const net = { features: ['x1', 'x2'] as ('x1' | 'x2')[], layerSizes: [2, 1], activation: 'tanh' as const, output: 'tanh' as const, params: [5, 0, 0] };
    const grid = predictGrid(net, 10);
    expect(grid.values[0 * 10 + 9]).toBeGreaterThan(0.9);
    expect(grid.values[5 * 10 + 0]).toBeLessThan(-0.9);
    const up = predictGrid({ ...net, params: [0, 5, 0] }, 10);
    expect(up.values[0]).toBeGreaterThan(0.9);
    expect(up.values[99]).toBeLessThan(-0.9);
  });

  it('grid and per-neuron outputs agree with the trained network on the points', () => {
    const result = trainSync({ dataset: 'gauss', layers: '3', epochs: 20 });
    const grid = predictGrid(result.network, 50);
    const neurons = neuronGrids(result.network, 50);
    expect(neurons.map((layer) => layer.length)).toEqual([2, 3, 1]);
    for (let c = 0; c < 2500; c += 97) expect(neurons[2][0][c]).toBeCloseTo(grid.values[c], 12);
  });

  it('multi-class grids hold k probabilities per cell that sum to one', () => {
    const result = trainSync({ dataset: 'blobs4', layers: '4', epochs: 10 });
    const grid = predictGrid(result.network, 20);
    expect(grid.channels).toBe(4);
    for (let c = 0; c < 400; c += 37) {
      const sum = grid.values[c * 4] + grid.values[c * 4 + 1] + grid.values[c * 4 + 2] + grid.values[c * 4 + 3];
      expect(sum).toBeCloseTo(1, 12);
    }
  });
});
