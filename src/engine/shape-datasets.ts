/**
 * Datasets the TensorFlow Playground does not have (its issue #252 asks for function boundaries):
 * points above / below a curve y = f(x), and scikit-learn's two interleaving half circles ("moons").
 * All live on the Playground's −6…6 plane and are balanced exactly (⌊n/2⌋ blue, the rest orange).
 */
import type { Point } from './types.ts';
import type { Rng } from './rng.ts';

/** Half-width of the plane; the same as DOMAIN_RADIUS in datasets.ts (kept here so this file needs nothing from it). */
const PLANE_RADIUS = 6;

/** sine boundary: y = 3·sin(x), about two waves across the plane; with the sin(X₁) feature it is linear. */
export const sineBoundary = (x: number): number => 3 * Math.sin(x);
/** cubic boundary: y = x³/36, from −6 at x = −6 to +6 at x = 6. */
export const cubicBoundary = (x: number): number => (x * x * x) / 36;
/** abs boundary: y = |x| − 3, a V with its tip at (0, −3) reaching y = 3 at the edges. */
export const absBoundary = (x: number): number => Math.abs(x) - 3;

/**
 * Points uniform on the plane, blue (+1) above y = f(x) and orange (−1) below, ⌊n/2⌋ blue and the
 * rest orange (rejection sampling keeps the density uniform within each class). As for circle
 * and xor, noise moves the point the label is read at: by noise·U(−6, 6) on each axis, so at
 * noise 0 the boundary is exactly the curve and at 50 % points up to 3 away may be on the wrong side.
 */
export function generateAboveBelow(boundary: (x: number) => number, points: number, noise: number, rng: Rng): Point[] {
  const r = PLANE_RADIUS;
  const wanted = new Map<number, number>([[1, Math.floor(points / 2)], [-1, points - Math.floor(points / 2)]]);
  const out: Point[] = [];
  while (out.length < points) {
    const x = rng.uniform(-r, r);
    const y = rng.uniform(-r, r);
    const noiseX = rng.uniform(-r, r) * noise;
    const noiseY = rng.uniform(-r, r) * noise;
    const label = y + noiseY > boundary(x + noiseX) ? 1 : -1;
    const left = wanted.get(label)!;
    if (left === 0) continue;
    wanted.set(label, left - 1);
    out.push({ x1: x, x2: y, label });
  }
  return out;
}

/** Moons are drawn on scikit-learn's unit scale (x −1…2, y −0.5…1), centred and stretched by this. */
const MOONS_SCALE = 3;

/**
 * Two interleaving half circles (scikit-learn's make_moons): blue (+1) on the upper arc
 * (cos t, sin t), orange (−1) on the lower (1 − cos t, ½ − sin t), t uniform on [0, π]; centred on
 * the origin and scaled ×3, so the set spans x −4.5…4.5, y −2.25…2.25. Noise is Gaussian on
 * both axes with standard deviation noise·3 (scikit-learn's `noise` = our fraction: 10 % ≈ its 0.1).
 */
export function generateMoons(points: number, noise: number, rng: Rng): Point[] {
  const out: Point[] = [];
  const variance = (noise * MOONS_SCALE) ** 2;
  const jitter = (): number => (noise > 0 ? rng.normal(0, variance) : 0);
  const addArc = (count: number, label: number, at: (t: number) => [number, number]): void => {
    for (let i = 0; i < count; i++) {
      const [x, y] = at(rng.uniform(0, Math.PI));
      out.push({ x1: (x - 0.5) * MOONS_SCALE + jitter(), x2: (y - 0.25) * MOONS_SCALE + jitter(), label });
    }
  };
  addArc(Math.floor(points / 2), 1, (t) => [Math.cos(t), Math.sin(t)]);
  addArc(points - Math.floor(points / 2), -1, (t) => [1 - Math.cos(t), 0.5 - Math.sin(t)]);
  return out;
}
