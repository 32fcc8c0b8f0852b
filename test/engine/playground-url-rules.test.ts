/** What a Playground link says about reproducing a run: Playground mode follows the Playground for any batch size; outside it, the rules differ and the link says how. */
import { describe, expect, it } from 'vitest';
import { specToPlaygroundUrl } from '../../src/engine/playground-url.ts';
import { resolveSpec } from '../../src/engine/spec.ts';

describe('Playground links and the update rules', () => {
  it.each([7, 20, 30])('batch %i on 250 training points is reproducible in Playground mode (the short batch is carried, as there)', (batchSize) => {
    const link = specToPlaygroundUrl(resolveSpec({ dataset: 'spiral', layers: '8,8', batchSize, playgroundMode: true }));
    expect(link.differences).toEqual([]);
    expect(link.fits).toBe(true);
  });

  it('outside Playground mode a non-dividing batch is named as a difference, with its leftover', () => {
    const link = specToPlaygroundUrl(resolveSpec({ dataset: 'plane', batchSize: 7 }));
    expect(link.fits).toBe(false);
    expect(link.differences.join(' ')).toMatch(/short last batch \(5 of 600 training points\) at the end of each epoch/);
  });

  it('outside Playground mode even a dividing batch differs (reshuffled every epoch); L1 is named when used', () => {
    const plain = specToPlaygroundUrl(resolveSpec({ dataset: 'plane', batchSize: 10 }));
    expect(plain.differences.join(' ')).toMatch(/reshuffles the training points every epoch/);
    expect(plain.differences.join(' ')).not.toMatch(/short last batch/);
    const l1 = specToPlaygroundUrl(resolveSpec({ dataset: 'circle', regularization: 'l1', regRate: 0.003 }));
    expect(l1.differences.join(' ')).toMatch(/L1 as rate·sign\(w\)/);
  });

  it('own points and point counts the Playground cannot generate are named', () => {
    const own = specToPlaygroundUrl(resolveSpec({ data: { source: 'mine.csv', train: [[0, 0, 1], [1, 1, -1]], test: [[2, 2, 1]] }, playgroundMode: true }));
    expect(own.differences.join(' ')).toMatch(/your own points \(mine\.csv\) cannot be opened/);
    const fewer = specToPlaygroundUrl(resolveSpec({ dataset: 'xor', points: 200, playgroundMode: true }));
    expect(fewer.differences.join(' ')).toMatch(/always uses 500 points \(this setup has 200\)/);
  });
});
