/**
 * Playground mode's update rules, one by one (issue 10), and the promise that outside Playground
 * mode nothing changed. The whole-run check against the Playground's own traces is
 * test/cli/playground-traces.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { trainSync } from '../../src/engine/train.ts';
import { generateDataset } from '../../src/engine/datasets.ts';
import { resolveSpec } from '../../src/engine/spec.ts';
import { Mlp } from '../../src/engine/network.ts';
import { buildFeatureMatrix } from '../../src/engine/features.ts';
import type { Point } from '../../src/engine/types.ts';

/** Twelve points in a fixed order, two classes. */
const POINTS: Point[] = Array.from({ length: 12 }, (_, i) => ({ x1: Math.cos(i) * 3, x2: Math.sin(1.7 * i) * 3, label: i % 3 === 0 ? 1 : -1 }));
const TEST: Point[] = [{ x1: 1, x2: 1, label: 1 }, { x1: -1, x2: 2, label: -1 }];
const START = [0.3, -0.2, 0.1, 0.4, -0.5, 0.25, 0.1, 0.1, 0.2, -0.3, 0.1];

/**
 * The Playground's loop written out plainly: a 2-2-1 tanh net, per point forward + backward,
 * dE/dy = y − t (E = ½(y − t)²), derivatives summed and divided by how many were summed at each
 * updateWeights, which runs after every batchSize-th point of an epoch.
 */
function playgroundByHand(points: Point[], params: number[], lr: number, batchSize: number, epochs: number, isFlushedAtEpochEnd = false): number[] {
  const p = [...params];
  const acc = p.map(() => 0);
  let n = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    points.forEach((pt, i) => {
      const h = [Math.tanh(p[0] * pt.x1 + p[1] * pt.x2 + p[4]), Math.tanh(p[2] * pt.x1 + p[3] * pt.x2 + p[5])];
      const y = Math.tanh(p[6] * h[0] + p[7] * h[1] + p[8]);
      const dz = (y - pt.label) * (1 - y * y);
      const dh = [dz * p[6] * (1 - h[0] * h[0]), dz * p[7] * (1 - h[1] * h[1])];
      const g = [dh[0] * pt.x1, dh[0] * pt.x2, dh[1] * pt.x1, dh[1] * pt.x2, dh[0], dh[1], dz * h[0], dz * h[1], dz];
      g.forEach((v, k) => { acc[k] += v; });
      n++;
      if ((i + 1) % batchSize === 0 || (isFlushedAtEpochEnd && i === points.length - 1)) {
        for (let k = 0; k < p.length; k++) { p[k] -= (lr / n) * acc[k]; acc[k] = 0; }
        n = 0;
      }
    });
  }
  return p;
}

const HAND_START = START.slice(0, 9);
const handSpec = (batchSize: number, epochs: number) => ({
  data: { train: POINTS, test: TEST }, initParams: HAND_START, playgroundMode: true, layers: '2', activation: 'tanh',
  learningRate: 0.1, batchSize, epochs,
});

describe('Playground mode: order and batches as the Playground', () => {
  it('batch 5 on 12 points: the 2 leftover points are carried into the next epoch’s first update (matches the loop written out)', () => {
    const result = trainSync(handSpec(5, 3));
    const expected = playgroundByHand(POINTS, HAND_START, 0.1, 5, 3);
    result.network.params.forEach((p, i) => expect(p).toBeCloseTo(expected[i], 5));
  });

  it('applying the short batch at the end of each epoch instead gives different weights (the rule matters)', () => {
    const carried = trainSync(handSpec(5, 3)).network.params;
    const flushed = playgroundByHand(POINTS, HAND_START, 0.1, 5, 3, true);
    expect(Math.max(...carried.map((p, i) => Math.abs(p - flushed[i])))).toBeGreaterThan(1e-4);
  });

  it('the training points are visited in the same order every epoch: two runs with different seeds agree exactly', () => {
    const a = trainSync({ ...handSpec(4, 5), seed: 1 });
    const b = trainSync({ ...handSpec(4, 5), seed: 99 });
    expect(a.network.params).toEqual(b.network.params);
    const shuffled = trainSync({ ...handSpec(4, 5), playgroundMode: false, seed: 1 });
    const shuffledOther = trainSync({ ...handSpec(4, 5), playgroundMode: false, seed: 99 });
    expect(shuffled.network.params).not.toEqual(shuffledOther.network.params);
  });

  it('the reported loss is the mean of ½·(output − label)² over the points', () => {
    const result = trainSync(handSpec(5, 2));
    const mlp = new Mlp({ features: ['x1', 'x2'], layerSizes: [2, 2, 1], activation: 'tanh', output: 'tanh', loss: 'squared', params: Float64Array.from(result.network.params) });
    const X = buildFeatureMatrix(['x1', 'x2'], POINTS);
    mlp.forwardBatch(X, Int32Array.from(POINTS.keys()), 0, POINTS.length);
    const outputs = mlp.layerOutputs(2);
    const byHand = POINTS.reduce((sum, p, e) => sum + 0.5 * (outputs[e] - p.label) ** 2, 0) / POINTS.length;
    expect(result.final.trainLoss).toBeCloseTo(byHand, 12);
  });
});

describe('Playground mode: L1 zeroes a weight that crosses zero and freezes it', () => {
  it('with a strong L1 most weights end exactly at 0 and stay there; biases are not regularised', () => {
    const result = trainSync({ ...handSpec(4, 200), regularization: 'l1', regRate: 0.3 }, { snapshotEpochs: [100, 200] });
    const [at100, at200] = result.snapshots;
    const zeros = (params: number[]) => params.map((p, i) => (p === 0 ? i : -1)).filter((i) => i >= 0);
    const biasIndex = new Set([4, 5, 8]);
    expect(zeros(at100.params).length).toBeGreaterThan(3);
    expect(zeros(at100.params).some((i) => biasIndex.has(i))).toBe(false);
    // dead for good: every weight at 0 at epoch 100 is still exactly 0 at epoch 200
    for (const i of zeros(at100.params)) expect(at200.params[i]).toBe(0);
  });

  it('outside Playground mode L1 adds rate·sign(w) to the gradient: weights hover around 0 but are not frozen at exactly 0', () => {
    const result = trainSync({ ...handSpec(4, 200), playgroundMode: false, regularization: 'l1', regRate: 0.3 });
    const weights = [0, 1, 2, 3, 6, 7].map((i) => result.network.params[i]);
    expect(weights.filter((w) => w === 0)).toHaveLength(0);
  });
});

describe('Playground mode: point counts', () => {
  it.each(['spiral', 'circle', 'gauss'])('%s with 201 points has 101 per class (the Playground’s i < n/2 loop), 200 + 1 split', (dataset) => {
    const data = generateDataset(resolveSpec({ dataset, points: 201, playgroundMode: true }));
    const all = [...data.train, ...data.val, ...data.test];
    expect(all).toHaveLength(202);
    expect(all.filter((p) => p.label === 1)).toHaveLength(101);
    const standard = generateDataset(resolveSpec({ dataset, points: 201 }));
    expect([...standard.train, ...standard.test]).toHaveLength(201);
  });

  it('odd spiral: both arms use r = 5·i/(n/2), so the last point of an arm lies at radius 5·100/100.5', () => {
    const data = generateDataset(resolveSpec({ dataset: 'spiral', points: 201, playgroundMode: true, noise: 0 }));
    const radii = [...data.train, ...data.test].map((p) => Math.hypot(p.x1, p.x2));
    expect(Math.max(...radii)).toBeCloseTo((5 * 100) / 100.5, 12);
  });
});

describe('outside Playground mode nothing changed', () => {
  // Recorded with the engine at commit 1478576, before the Playground rules existed: per-epoch
  // reshuffle, a short last batch each epoch, L1 as a subgradient, floor(n/2) + rest per class.
  it.each([
    [{ dataset: 'spiral', layers: '8,8', batchSize: 7, epochs: 30, seed: 3 }, 0.6530356897398838, 0.6897500324220606, 0.34446254665426324],
    [{ dataset: 'circle', noise: 10, regularization: 'l1', regRate: 0.003, epochs: 30, seed: 4 }, 0.6895129407888893, 0.6924168245586855, 0.8008611993830492],
    [{ dataset: 'gauss', points: 201, epochs: 5, seed: 5 }, 0.628176082232043, 0.6347315508906297, -1.576241780520057],
  ] as const)('%j gives the same losses and weights as before', (spec, trainLoss, testLoss, paramSum) => {
    const result = trainSync(spec);
    expect(result.final.trainLoss).toBeCloseTo(trainLoss, 12);
    expect(result.final.testLoss).toBeCloseTo(testLoss, 12);
    expect(result.network.params.reduce((a, b) => a + b, 0)).toBeCloseTo(paramSum, 12);
  });
});
