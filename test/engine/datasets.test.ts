import { describe, expect, it } from 'vitest';
import { datasets, generateDataset, multigaussTarget } from '../../src/engine/datasets.ts';
import { createRng } from '../../src/engine/rng.ts';
import { resolveSpec } from '../../src/engine/spec.ts';
import { DATASET_NAMES, type Point } from '../../src/engine/types.ts';

const all = (d: { train: Point[]; val: Point[]; test: Point[] }): Point[] => [...d.train, ...d.val, ...d.test];

describe("datasets follow TensorFlow Playground's geometry", () => {
  it('circle at noise 0: positives inside radius 2.5, negatives on the ring 3.5–5, half each', () => {
    const points = datasets.circle.generate(500, 0, createRng(1));
    for (const p of points) {
      const r = Math.hypot(p.x1, p.x2);
      if (p.label === 1) expect(r).toBeLessThan(2.5);
      else expect(r).toBeGreaterThanOrEqual(3.5 - 1e-9);
      expect(r).toBeLessThanOrEqual(5);
    }
    expect(points.filter((p) => p.label === 1)).toHaveLength(250);
  });

  it('spiral points stay within radius 5 (noise 0) and the two arms are balanced', () => {
    const points = datasets.spiral.generate(500, 0, createRng(2));
    expect(Math.max(...points.map((p) => Math.hypot(p.x1, p.x2)))).toBeLessThanOrEqual(5);
    expect(points.filter((p) => p.label === 1)).toHaveLength(250);
    expect(points.filter((p) => p.label === -1)).toHaveLength(250);
  });

  it('xor at noise 0: the label is the sign of x1·x2 and points keep 0.3 away from the axes', () => {
    for (const p of datasets.xor.generate(400, 0, createRng(3))) {
      expect(p.label).toBe(p.x1 * p.x2 >= 0 ? 1 : -1);
      expect(Math.abs(p.x1)).toBeGreaterThanOrEqual(0.3);
      expect(Math.abs(p.x2)).toBeGreaterThanOrEqual(0.3);
    }
  });

  it('gauss: class +1 centred near (2, 2) and −1 near (−2, −2)', () => {
    const points = datasets.gauss.generate(2000, 0, createRng(4));
    const mean = (label: number, key: 'x1' | 'x2'): number => {
      const sel = points.filter((p) => p.label === label);
      return sel.reduce((s, p) => s + p[key], 0) / sel.length;
    };
    expect(mean(1, 'x1')).toBeCloseTo(2, 0);
    expect(mean(-1, 'x2')).toBeCloseTo(-2, 0);
  });

  it('plane regression: target = (x1 + x2)/10 at noise 0, inside [-6, 6]²', () => {
    for (const p of datasets.plane.generate(300, 0, createRng(5))) {
      expect(p.label).toBeCloseTo((p.x1 + p.x2) / 10, 12);
      expect(Math.abs(p.x1)).toBeLessThanOrEqual(6);
    }
  });

  it('multigauss: +1 at the bump centre (−4, 2.5), −1 at (0, 2.5), 0 far from all bumps', () => {
    expect(multigaussTarget(-4, 2.5)).toBe(1);
    expect(multigaussTarget(0, 2.5)).toBe(-1);
    expect(multigaussTarget(-6, 6)).toBe(0);
  });

  it('multi-class sets have k balanced classes labelled 0..k−1', () => {
    const spiral3 = datasets.spiral3.generate(600, 0, createRng(6));
    expect(new Set(spiral3.map((p) => p.label))).toEqual(new Set([0, 1, 2]));
    expect(spiral3.filter((p) => p.label === 2)).toHaveLength(200);
    const blobs = datasets.blobs4.generate(400, 0, createRng(7));
    expect(new Set(blobs.map((p) => p.label))).toEqual(new Set([0, 1, 2, 3]));
  });
});

describe('noise', () => {
  it('circle at noise 50 mislabels some points that noise 0 never does', () => {
    const wrong = datasets.circle.generate(1000, 0.5, createRng(8)).filter((p) => (Math.hypot(p.x1, p.x2) < 2.5 ? 1 : -1) !== p.label);
    expect(wrong.length).toBeGreaterThan(50);
  });

  it('spiral noise scatters points away from the clean arm', () => {
    const clean = datasets.spiral.generate(500, 0, createRng(9));
    const noisy = datasets.spiral.generate(500, 0.5, createRng(9));
    const shift = clean.reduce((s, p, i) => s + Math.hypot(p.x1 - noisy[i].x1, p.x2 - noisy[i].x2), 0) / clean.length;
    expect(shift).toBeGreaterThan(0.1);
  });
});

describe('splits and determinism', () => {
  it('the Playground default split is 50/0/50 and the lecture 70/15/15 split gives 350/75/75 of 500', () => {
    const half = generateDataset(resolveSpec({ dataset: 'circle' }));
    expect([half.train.length, half.val.length, half.test.length]).toEqual([250, 0, 250]);
    const lecture = generateDataset(resolveSpec({ dataset: 'circle', split: '70,15,15' }));
    expect([lecture.train.length, lecture.val.length, lecture.test.length]).toEqual([350, 75, 75]);
  });

  it('the same seed gives the same points, another seed different ones', () => {
    for (const name of DATASET_NAMES) {
      const a = generateDataset(resolveSpec({ dataset: name, seed: 5, noise: 20 }));
      const b = generateDataset(resolveSpec({ dataset: name, seed: 5, noise: 20 }));
      const c = generateDataset(resolveSpec({ dataset: name, seed: 6, noise: 20 }));
      expect(all(a)).toEqual(all(b));
      expect(all(a)).not.toEqual(all(c));
    }
  });

  it('default point counts: 500 for classification, 1200 for regression', () => {
    expect(all(generateDataset(resolveSpec({ dataset: 'xor' })))).toHaveLength(500);
    expect(all(generateDataset(resolveSpec({ dataset: 'multigauss' })))).toHaveLength(1200);
  });
});
