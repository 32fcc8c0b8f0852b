import { describe, expect, it } from 'vitest';
import { Mlp, countParams, networkFromData } from '../../src/engine/network.ts';
import { createRng } from '../../src/engine/rng.ts';
import { chooseOutput } from '../../src/engine/losses.ts';
import { ACTIVATION_NAMES, type ActivationName, type ProblemKind } from '../../src/engine/types.ts';

/** A random small network with random inputs and labels of the right kind. */
function makeCase(activation: ActivationName, kind: ProblemKind, playgroundMode: boolean, seed: number) {
  const rng = createRng(seed);
  const classes = kind === 'multiclass' ? 3 : kind === 'binary' ? 2 : 1;
  const out = chooseOutput(kind, classes, playgroundMode);
  const mlp = new Mlp({ features: ['x1', 'x2', 'x1x2'], layerSizes: [3, 4, 3, out.units], activation, output: out.output, loss: out.loss });
  mlp.initialize('glorot', rng);
  for (let i = 0; i < mlp.params.length; i++) mlp.params[i] += rng.uniform(-0.3, 0.3);
  const count = 5;
  const X = Float64Array.from({ length: count * 3 }, () => rng.uniform(-2, 2));
  const labels = Float64Array.from({ length: count }, () => (kind === 'multiclass' ? rng.int(3) : kind === 'binary' ? (rng.next() < 0.5 ? -1 : 1) : rng.uniform(-1, 1)));
  const order = Int32Array.from({ length: count }, (_, i) => i);
  return { mlp, X, labels, order, count };
}

describe('backpropagation matches finite differences', () => {
  // ∂L/∂θ_k ≈ (L(θ + h·e_k) − L(θ − h·e_k)) / 2h, with L the batch-mean loss.
  const kinks: ActivationName[] = ['relu', 'leaky-relu', 'binary-step', 'elu', 'selu'];
  const kinds: [ProblemKind, boolean][] = [['binary', false], ['binary', true], ['regression', false], ['multiclass', false]];
  for (const activation of ACTIVATION_NAMES) {
    for (const [kind, playgroundMode] of kinds) {
      it(`${activation} hidden layers, ${kind}${playgroundMode ? ' (Playground mode)' : ''}`, () => {
        const { mlp, X, labels, order, count } = makeCase(activation, kind, playgroundMode, 11 + activation.length);
        const grads = new Float64Array(mlp.params.length);
        mlp.forwardBatch(X, order, 0, count);
        mlp.backwardBatch(labels, order, 0, count, grads);
        const lossAt = (): number => {
          mlp.forwardBatch(X, order, 0, count);
          return mlp.batchLoss(labels, order, 0, count);
        };
        const h = 1e-6;
        let checked = 0;
        for (let k = 0; k < mlp.params.length; k++) {
          const saved = mlp.params[k];
          mlp.params[k] = saved + h;
          const up = lossAt();
          mlp.params[k] = saved - h;
          const down = lossAt();
          mlp.params[k] = saved;
          const numeric = (up - down) / (2 * h);
          // Skip parameters whose difference straddles a kink of a piecewise activation (the two sides disagree there).
          if (kinks.includes(activation) && Math.abs(numeric - grads[k]) > 1e-3) continue;
          expect(grads[k]).toBeCloseTo(numeric, 5);
          checked++;
        }
        expect(checked).toBeGreaterThan(mlp.params.length * 0.8);
      });
    }
  }
});

describe('parameter layout and counting', () => {
  it("counts the lecture's 5-64-64-2 network as 4674 parameters", () => {
    // (5+1)·64 + (64+1)·64 + (64+1)·2 = 384 + 4160 + 130
    expect(countParams([5, 64, 64, 2])).toBe(4674);
  });

  it('a network with no hidden layer computes w·x + b through its output', () => {
    const net = networkFromData({ features: ['x1', 'x2'], layerSizes: [2, 1], activation: 'tanh', output: 'linear', params: [2, -3, 0.5] });
    net.forwardBatch(Float64Array.of(1, 1), Int32Array.of(0), 0, 1);
    expect(net.layerOutputs(1)[0]).toBeCloseTo(2 - 3 + 0.5, 12);
  });

  it('round-trips through plain data', () => {
    const { mlp } = makeCase('tanh', 'binary', false, 3);
    const copy = networkFromData(mlp.toData());
    expect(Array.from(copy.params)).toEqual(Array.from(mlp.params));
    expect(JSON.parse(JSON.stringify(mlp.toData()))).toEqual(mlp.toData());
  });

  it('zeros initialisation makes every hidden unit identical (the symmetry problem)', () => {
    const mlp = new Mlp({ features: ['x1', 'x2'], layerSizes: [2, 3, 1], activation: 'tanh', output: 'tanh', loss: 'squared' });
    mlp.initialize('zeros', createRng(1));
    expect(mlp.params.every((p) => p === 0)).toBe(true);
  });

  it('Playground initialisation draws weights in ±0.5 and sets biases to 0.1', () => {
    const mlp = new Mlp({ features: ['x1', 'x2'], layerSizes: [2, 8, 1], activation: 'tanh', output: 'tanh', loss: 'squared' });
    mlp.initialize('playground', createRng(9));
    const weights = Array.from(mlp.params.subarray(0, 16));
    expect(weights.every((w) => Math.abs(w) <= 0.5)).toBe(true);
    expect(Array.from(mlp.params.subarray(16, 24))).toEqual(new Array(8).fill(0.1));
  });
});
