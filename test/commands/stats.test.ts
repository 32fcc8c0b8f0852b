import { describe, expect, it } from 'vitest';
import { incompleteBeta, logGamma, mean, sampleSd, studentTwoSidedP, welchTTest } from '../../commands/_lib/stats.ts';

describe('statistics for /compare', () => {
  it('computes mean and sample standard deviation (n − 1)', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    // Σ(x − 2.5)² = 5, divided by n − 1 = 3
    expect(sampleSd([1, 2, 3, 4])).toBeCloseTo(Math.sqrt(5 / 3), 12);
  });

  it('matches known values of ln Γ and the incomplete beta function', () => {
    // Γ(5) = 24, Γ(1/2) = √π
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
    // I_x(1, 1) = x; I_x(a, b) = 1 − I_{1−x}(b, a)
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(incompleteBeta(0.2, 2, 3)).toBeCloseTo(1 - incompleteBeta(0.8, 3, 2), 12);
  });

  it('gives the textbook two-sided p of Student\'s t', () => {
    // t(10) critical value 2.228 at 5% two-sided; t(1) is Cauchy: P(|T| ≥ 1) = 0.5
    expect(studentTwoSidedP(2.228, 10)).toBeCloseTo(0.05, 3);
    expect(studentTwoSidedP(1, 1)).toBeCloseTo(0.5, 10);
  });

  it('reproduces a published Welch t-test (t ≈ −2.22, df ≈ 24.5, p ≈ 0.036)', () => {
    const a = [19.8, 20.4, 19.6, 17.8, 18.5, 18.9, 18.3, 18.9, 19.5, 22.0];
    const b = [28.2, 26.6, 20.1, 23.3, 25.2, 22.1, 17.7, 27.6, 20.6, 13.7, 23.2, 17.5, 20.6, 18.0, 23.9, 21.6, 24.3, 20.4, 23.9, 13.3];
    const { t, df, p } = welchTTest(a, b);
    expect(t).toBeCloseTo(-2.2255, 3);
    expect(df).toBeCloseTo(24.52, 1);
    expect(p).toBeCloseTo(0.0355, 3);
  });

  it('reports no test for a single seed and p = 1 for identical constant groups', () => {
    expect(Number.isNaN(welchTTest([1], [2]).p)).toBe(true);
    expect(welchTTest([1, 1], [1, 1]).p).toBe(1);
    expect(welchTTest([1, 1], [2, 2]).p).toBe(0);
  });
});
