import { describe, expect, it } from 'vitest';
import { activations, fastTanh } from '../../src/engine/activations.ts';
import { ACTIVATION_NAMES } from '../../src/engine/types.ts';

describe('activation values at hand-checked points', () => {
  it('each activation gives the textbook value', () => {
    // σ(0) = ½; tanh(1) = (e − e⁻¹)/(e + e⁻¹); softplus(0) = ln 2; ELU(−1) = e⁻¹ − 1; SELU(−1) = λα(e⁻¹ − 1)
    expect(activations.sigmoid.f(0)).toBe(0.5);
    expect(activations.tanh.f(1)).toBeCloseTo((Math.E - 1 / Math.E) / (Math.E + 1 / Math.E), 12);
    expect(activations.relu.f(-3)).toBe(0);
    expect(activations.relu.f(2.5)).toBe(2.5);
    expect(activations['leaky-relu'].f(-2)).toBeCloseTo(-0.02, 12);
    expect(activations.identity.f(-7)).toBe(-7);
    expect(activations['binary-step'].f(-0.1)).toBe(0);
    expect(activations['binary-step'].f(0)).toBe(1);
    expect(activations.softplus.f(0)).toBeCloseTo(Math.LN2, 12);
    expect(activations.elu.f(-1)).toBeCloseTo(Math.exp(-1) - 1, 12);
    expect(activations.selu.f(-1)).toBeCloseTo(1.0507 * 1.67326 * (Math.exp(-1) - 1), 12);
    expect(activations.selu.f(2)).toBeCloseTo(2 * 1.0507, 12);
    // GELU(x) = xΦ(x): GELU(1) ≈ 0.8412 (Φ(1) = 0.8413); the tanh approximation is within 1e-3.
    expect(activations.gelu.f(1)).toBeCloseTo(0.8412, 3);
  });

  it('softplus and sigmoid stay finite for huge inputs', () => {
    expect(activations.softplus.f(800)).toBe(800);
    expect(activations.sigmoid.f(-800)).toBe(0);
    expect(Number.isFinite(activations.softplus.f(-800))).toBe(true);
  });

  it("sigmoid's gradient peaks at 0.25 at x = 0 (why it vanishes when chained)", () => {
    const s = activations.sigmoid;
    expect(s.df(0, s.f(0))).toBe(0.25);
    for (const x of [-3, -1, 0.5, 2, 6]) expect(s.df(x, s.f(x))).toBeLessThan(0.25);
  });
});

describe('activation derivatives match finite differences', () => {
  // g'(x) ≈ (g(x + h) − g(x − h)) / 2h, away from kinks (0 for relu-like functions).
  const points = [-3.1, -1.2, -0.4, 0.3, 0.9, 2.7];
  for (const name of ACTIVATION_NAMES) {
    it(`${name}: df agrees with central differences`, () => {
      const a = activations[name];
      const h = 1e-6;
      for (const x of points) {
        const numeric = (a.f(x + h) - a.f(x - h)) / (2 * h);
        expect(a.df(x, a.f(x))).toBeCloseTo(numeric, 5);
      }
    });
  }
});

describe('fastTanh', () => {
  it('is within 3e-7 of Math.tanh across the whole line and odd', () => {
    for (let x = -20; x <= 20; x += 0.001) {
      expect(Math.abs(fastTanh(x) - Math.tanh(x))).toBeLessThan(3e-7);
    }
    expect(fastTanh(-1.3)).toBe(-fastTanh(1.3));
    expect(fastTanh(0)).toBe(0);
  });
});
