import { describe, expect, it } from 'vitest';
import { createOptimizer, type OptimizerSettings } from '../../src/engine/optimizers.ts';
import type { OptimizerName } from '../../src/engine/types.ts';

const base: Omit<OptimizerSettings, 'optimizer'> = { learningRate: 0.1, momentum: 0.9, beta1: 0.9, beta2: 0.999, rho: 0.9, epsilon: 1e-7 };

/** Two steps from w = 1 with gradients 0.5 then −0.2. */
function twoSteps(optimizer: OptimizerName): number[] {
  const opt = createOptimizer({ ...base, optimizer }, 1);
  const w = Float64Array.of(1);
  const seen: number[] = [];
  for (const g of [0.5, -0.2]) {
    opt.step(w, Float64Array.of(g));
    seen.push(w[0]);
  }
  return seen;
}

describe('optimiser update rules, two steps worked by hand', () => {
  it('sgd: w ← w − αg', () => {
    // 1 − 0.1·0.5 = 0.95; 0.95 + 0.1·0.2 = 0.97
    const [a, b] = twoSteps('sgd');
    expect(a).toBeCloseTo(0.95, 12);
    expect(b).toBeCloseTo(0.97, 12);
  });

  it('momentum: v ← μv + g; w ← w − αv', () => {
    // v1 = 0.5 → w = 0.95; v2 = 0.45 − 0.2 = 0.25 → w = 0.925
    const [a, b] = twoSteps('momentum');
    expect(a).toBeCloseTo(0.95, 12);
    expect(b).toBeCloseTo(0.925, 12);
  });

  it('nesterov: w ← w − α(g + μv)', () => {
    // v1 = 0.5: w = 1 − 0.1(0.5 + 0.45) = 0.905; v2 = 0.25: w = 0.905 − 0.1(−0.2 + 0.225) = 0.9025
    const [a, b] = twoSteps('nesterov');
    expect(a).toBeCloseTo(0.905, 12);
    expect(b).toBeCloseTo(0.9025, 12);
  });

  it('adagrad: G ← G + g² (G₀ = 0.1); w ← w − αg/√(G + ε)', () => {
    // G1 = 0.35: w = 1 − 0.05/√0.35; G2 = 0.39: w += 0.02/√0.39
    const [a, b] = twoSteps('adagrad');
    const w1 = 1 - 0.05 / Math.sqrt(0.35 + 1e-7);
    expect(a).toBeCloseTo(w1, 12);
    expect(b).toBeCloseTo(w1 + 0.02 / Math.sqrt(0.39 + 1e-7), 12);
  });

  it('rmsprop: s ← ρs + (1 − ρ)g²; w ← w − αg/√(s + ε)', () => {
    // s1 = 0.025: w = 1 − 0.05/√0.025; s2 = 0.0225 + 0.004 = 0.0265: w += 0.02/√0.0265
    const [a, b] = twoSteps('rmsprop');
    const w1 = 1 - 0.05 / Math.sqrt(0.025 + 1e-7);
    expect(a).toBeCloseTo(w1, 12);
    expect(b).toBeCloseTo(w1 + 0.02 / Math.sqrt(0.0265 + 1e-7), 12);
  });

  it('adam: bias-corrected first step moves by about α whatever the gradient size', () => {
    // m1 = 0.05, v1 = 0.00025; m̂ = 0.5, v̂ = 0.25 → step α·0.5/(0.5 + ε) ≈ α
    // m2 = 0.045 − 0.02 = 0.025, v2 = 0.00024975 + 0.00004 = 0.00028975; m̂ = 0.025/0.19, v̂ = 0.00028975/(1 − 0.999²)
    const [a, b] = twoSteps('adam');
    const w1 = 1 - (0.1 * 0.5) / (0.5 + 1e-7);
    expect(a).toBeCloseTo(w1, 10);
    const mHat = 0.025 / (1 - 0.81);
    const vHat = 0.00028975 / (1 - 0.999 * 0.999);
    expect(b).toBeCloseTo(w1 - (0.1 * mHat) / (Math.sqrt(vHat) + 1e-7), 10);
  });

  it('evolution is gradient-free and is not a gradient optimiser', () => {
    expect(() => createOptimizer({ ...base, optimizer: 'evolution' }, 2)).toThrow(/gradient-free/);
  });

  it('works on a 2-vector: every optimiser walks downhill on the bowl f = x² + 10y²', () => {
    for (const name of ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam'] as const) {
      const opt = createOptimizer({ ...base, learningRate: 0.01, optimizer: name }, 2);
      const w = Float64Array.of(3, 2);
      const f = (): number => w[0] ** 2 + 10 * w[1] ** 2;
      const start = f();
      for (let i = 0; i < 100; i++) opt.step(w, Float64Array.of(2 * w[0], 20 * w[1]));
      expect(f()).toBeLessThan(start);
    }
  });
});
