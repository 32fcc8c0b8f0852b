import { describe, expect, it } from 'vitest';
import { getSurface, runOptimizerPath, surfaces, SURFACE_NAMES, DEFAULT_PATH_OPTIMIZERS } from '../../src/engine/surfaces.ts';

const probes: [number, number][] = [[-1.3, 0.7], [0.4, -1.1], [1.7, 2.2], [-0.2, 0.05]];

describe('loss surfaces', () => {
  it.each(SURFACE_NAMES)('%s: the analytic gradient matches central finite differences', (name) => {
    // ∂f/∂x ≈ (f(x + h, y) − f(x − h, y)) / 2h, error O(h²)
    const s = surfaces[name];
    const g = new Float64Array(2);
    const h = 1e-5;
    for (const [x, y] of probes) {
      s.gradient(x, y, g);
      const dx = (s.value(x + h, y) - s.value(x - h, y)) / (2 * h);
      const dy = (s.value(x, y + h) - s.value(x, y - h)) / (2 * h);
      expect(g[0]).toBeCloseTo(dx, 4);
      expect(g[1]).toBeCloseTo(dy, 4);
    }
  });

  it.each(SURFACE_NAMES)('%s: the marked minima have zero gradient and the start lies inside the drawn domain', (name) => {
    const s = surfaces[name];
    const g = new Float64Array(2);
    for (const [x, y] of s.minima) {
      s.gradient(x, y, g);
      expect(Math.hypot(g[0], g[1])).toBeLessThan(1e-12);
    }
    expect(s.start[0]).toBeGreaterThan(s.domain.x[0]);
    expect(s.start[0]).toBeLessThan(s.domain.x[1]);
    expect(s.start[1]).toBeGreaterThan(s.domain.y[0]);
    expect(s.start[1]).toBeLessThan(s.domain.y[1]);
  });

  it('saddle: (0, 0) is a stationary point that rises along x and falls along y', () => {
    const s = surfaces.saddle;
    const g = new Float64Array(2);
    s.gradient(0, 0, g);
    expect(Math.hypot(g[0], g[1])).toBe(0);
    expect(s.value(0.1, 0)).toBeGreaterThan(s.value(0, 0));
    expect(s.value(0, 0.1)).toBeLessThan(s.value(0, 0));
  });

  it('rosenbrock: the minimum is f(1, 1) = 0', () => {
    expect(surfaces.rosenbrock.value(1, 1)).toBe(0);
  });
});

describe('runOptimizerPath', () => {
  it('takes one plain gradient step for sgd: (x, y) − α∇f', () => {
    // bowl: f = (x² + 2y²)/2, ∇f = (x, 2y); from (−3.5, 2.5) with α = 0.1 → (−3.15, 2.0)
    const path = runOptimizerPath('bowl', 'sgd', { learningRate: 0.1, steps: 1 });
    expect(path.points[2]).toBeCloseTo(-3.15, 12);
    expect(path.points[3]).toBeCloseTo(2.0, 12);
    expect(path.values[1]).toBeCloseTo(0.5 * (3.15 ** 2 + 2 * 4), 12);
  });

  it('moves each coordinate by about the learning rate on Adam\'s first step, whatever the gradient size', () => {
    // Adam's bias-corrected first step is α·g/|g| per coordinate (ε aside).
    const path = runOptimizerPath('rosenbrock', 'adam', { learningRate: 0.01, steps: 1 });
    expect(Math.abs(path.points[2] - path.points[0])).toBeCloseTo(0.01, 6);
    expect(Math.abs(path.points[3] - path.points[1])).toBeCloseTo(0.01, 6);
  });

  it.each(DEFAULT_PATH_OPTIMIZERS)('%s reaches the bowl\'s minimum with the surface\'s default settings', (optimizer) => {
    const path = runOptimizerPath('bowl', optimizer);
    expect(path.stopReason).toBe('steps');
    expect(path.values[path.values.length - 1]).toBeLessThan(0.01);
  });

  it('shows the lecture\'s point on the saddle: gradient descent is still near the saddle when Adam is in a valley', () => {
    const gd = runOptimizerPath('saddle', 'sgd');
    const adam = runOptimizerPath('saddle', 'adam');
    expect(Math.abs(gd.values[gd.values.length - 1])).toBeLessThan(0.01); // f(0, 0) = 0
    expect(adam.values[adam.values.length - 1]).toBeCloseTo(-0.25, 3); // f(0, ±1) = −¼
  });

  it('shows the narrow valley: Adam ends far closer to Rosenbrock\'s minimum than gradient descent', () => {
    const gd = runOptimizerPath('rosenbrock', 'sgd');
    const adam = runOptimizerPath('rosenbrock', 'adam');
    expect(adam.values[adam.values.length - 1]).toBeLessThan(gd.values[gd.values.length - 1] / 100);
  });

  it('stops and says diverged when the learning rate is too large', () => {
    // bowl along y: y ← y − α·2y = (1 − 2α)y; with α = 5 |y| grows ninefold every step.
    const path = runOptimizerPath('bowl', 'sgd', { learningRate: 5, steps: 1000 });
    expect(path.stopReason).toBe('diverged');
    expect(path.values.every((v) => Number.isFinite(v))).toBe(true);
    expect(path.points.length).toBe(2 * path.values.length);
  });

  it('rejects the gradient-free evolution strategy and unknown surfaces with the allowed values', () => {
    expect(() => runOptimizerPath('bowl', 'evolution')).toThrow(/Allowed: sgd, momentum, nesterov, adagrad, rmsprop, adam/);
    expect(() => getSurface('himalaya')).toThrow(/Allowed: bowl, ravine, saddle, rosenbrock/);
    expect(() => runOptimizerPath('bowl', 'sgd', { steps: 0 })).toThrow(/steps/);
  });
});
