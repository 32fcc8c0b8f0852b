/** PCA by subspace iteration: finds the directions of largest variance and rebuilds points from them. */
import { describe, expect, it } from 'vitest';
import { fitPca, pcaReconstructionErrors } from '../../src/engine/pca.ts';
import { createRng } from '../../src/engine/rng.ts';

/** Points in 4-D spread ±3 along (1,1,0,0)/√2, ±1 along (0,0,1,0) and ±0.1 along (0,0,0,1), around (5, −2, 1, 0). */
function stretchedCloud(count: number): Float64Array {
  const rng = createRng(3);
  const rows = new Float64Array(count * 4);
  for (let i = 0; i < count; i++) {
    const a = rng.uniform(-3, 3);
    const b = rng.uniform(-1, 1);
    const c = rng.uniform(-0.1, 0.1);
    rows.set([5 + a / Math.SQRT2, -2 + a / Math.SQRT2, 1 + b, c], i * 4);
  }
  return rows;
}

describe('fitPca', () => {
  it('a cloud stretched along known directions → the mean, then those directions in order of variance', () => {
    const rows = stretchedCloud(2000);
    const model = fitPca(rows, 2000, 4, 2);
    expect(model.mean[0]).toBeCloseTo(5, 1);
    expect(model.mean[1]).toBeCloseTo(-2, 1);
    const [first, second] = model.components;
    expect(Math.abs(first[0])).toBeCloseTo(Math.SQRT1_2, 3);
    expect(Math.abs(first[1])).toBeCloseTo(Math.SQRT1_2, 3);
    expect(Math.abs(second[2])).toBeCloseTo(1, 3);
    expect(first.reduce((s, v, d) => s + v * second[d], 0)).toBeCloseTo(0, 10);
  });

  it('rebuilding from 2 of 4 directions → the error is what the two dropped directions held (here only the ±0.1 one), and from 1 direction it is larger', () => {
    const rows = stretchedCloud(2000);
    const two = pcaReconstructionErrors(fitPca(rows, 2000, 4, 2), rows, 2000);
    const one = pcaReconstructionErrors(fitPca(rows, 2000, 4, 1), rows, 2000);
    const mean = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / a.length;
    // what is left is the sample variance of the 4th value (the ±0.1 one), spread over 4 values per row
    const column = Array.from({ length: 2000 }, (_, i) => rows[i * 4 + 3]);
    const columnMean = column.reduce((s, v) => s + v, 0) / 2000;
    const columnVariance = column.reduce((s, v) => s + (v - columnMean) ** 2, 0) / 2000;
    expect(mean(two) / (columnVariance / 4)).toBeGreaterThan(0.95);
    expect(mean(two) / (columnVariance / 4)).toBeLessThanOrEqual(1 + 1e-9);
    expect(mean(one)).toBeGreaterThan(mean(two) * 10);
  });

  it('wrong sizes → an error saying what it needs', () => {
    expect(() => fitPca(new Float64Array(7), 2, 4, 2)).toThrow('PCA needs 2×4 values and 1 ≤ k ≤ 4');
  });
});
