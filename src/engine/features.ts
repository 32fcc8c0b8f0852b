/**
 * The Playground's input features and the optional standardisation step (the lecture's
 * "data scaling"): each feature shifted and divided by its training-set mean and standard deviation.
 */
import type { FeatureName, Point } from './types.ts';

/** One input feature: how it is computed from (x1, x2) and how it is written. */
export interface FeatureDef {
  name: FeatureName;
  label: string;
  compute(x1: number, x2: number): number;
}

/** The feature table; command choices come from its keys. */
export const features: Record<FeatureName, FeatureDef> = {
  x1: { name: 'x1', label: 'X₁', compute: (x1) => x1 },
  x2: { name: 'x2', label: 'X₂', compute: (_x1, x2) => x2 },
  x1sq: { name: 'x1sq', label: 'X₁²', compute: (x1) => x1 * x1 },
  x2sq: { name: 'x2sq', label: 'X₂²', compute: (_x1, x2) => x2 * x2 },
  x1x2: { name: 'x1x2', label: 'X₁X₂', compute: (x1, x2) => x1 * x2 },
  sinx1: { name: 'sinx1', label: 'sin(X₁)', compute: (x1) => Math.sin(x1) },
  sinx2: { name: 'sinx2', label: 'sin(X₂)', compute: (_x1, x2) => Math.sin(x2) },
};

/** Per-feature mean and standard deviation (std 1 where a feature is constant). */
export interface FeatureScaling {
  mean: number[];
  std: number[];
}

/** Builds a function that writes the (optionally scaled) feature vector of (x1, x2) into `out`. */
export function createFeatureMapper(names: readonly FeatureName[], scaling?: FeatureScaling): (x1: number, x2: number, out: Float64Array, offset: number) => void {
  const computes = names.map((n) => features[n].compute);
  const count = computes.length;
  const mean = scaling?.mean ?? new Array(count).fill(0);
  const invStd = (scaling?.std ?? new Array(count).fill(1)).map((s) => 1 / s);
  return (x1, x2, out, offset) => {
    for (let i = 0; i < count; i++) out[offset + i] = (computes[i](x1, x2) - mean[i]) * invStd[i];
  };
}

/** Training-set mean and standard deviation of each feature. */
export function computeFeatureScaling(names: readonly FeatureName[], points: readonly Point[]): FeatureScaling {
  const mean = names.map(() => 0);
  const std = names.map(() => 0);
  names.forEach((name, i) => {
    const compute = features[name].compute;
    let sum = 0;
    for (const p of points) sum += compute(p.x1, p.x2);
    const m = points.length ? sum / points.length : 0;
    let sq = 0;
    for (const p of points) sq += (compute(p.x1, p.x2) - m) ** 2;
    const s = points.length ? Math.sqrt(sq / points.length) : 1;
    mean[i] = m;
    std[i] = s > 1e-12 ? s : 1;
  });
  return { mean, std };
}

/** Feature matrix (row-major, one row per point). */
export function buildFeatureMatrix(names: readonly FeatureName[], points: readonly Point[], scaling?: FeatureScaling): Float64Array {
  const map = createFeatureMapper(names, scaling);
  const out = new Float64Array(points.length * names.length);
  points.forEach((p, i) => map(p.x1, p.x2, out, i * names.length));
  return out;
}
