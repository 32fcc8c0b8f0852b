/**
 * Principal component analysis by subspace (block power) iteration on the covariance matrix, small
 * enough for 256-pixel images: the linear baseline of the autoencoder demo (the best a straight-line
 * projection onto k directions can rebuild, in the mean-squared-error sense).
 */
import { createRng } from './rng.ts';

/** The mean row and `components` orthonormal directions of largest variance (each `dims` long). */
export interface PcaModel {
  mean: Float64Array;
  components: Float64Array[];
}

const ITERATIONS = 300;

/** Orthonormalises `vectors` in place (Gram–Schmidt). */
function orthonormalise(vectors: Float64Array[]): void {
  vectors.forEach((v, i) => {
    for (let j = 0; j < i; j++) {
      const u = vectors[j];
      let dot = 0;
      for (let d = 0; d < v.length; d++) dot += v[d] * u[d];
      for (let d = 0; d < v.length; d++) v[d] -= dot * u[d];
    }
    let norm = 0;
    for (let d = 0; d < v.length; d++) norm += v[d] * v[d];
    norm = Math.sqrt(norm) || 1;
    for (let d = 0; d < v.length; d++) v[d] /= norm;
  });
}

/** Fits a PCA with `k` components to `count` rows of `dims` values (row by row in `rows`); seeded start, so it is deterministic. */
export function fitPca(rows: ArrayLike<number>, count: number, dims: number, k: number, seed = 1): PcaModel {
  if (count < 1 || rows.length !== count * dims || k < 1 || k > dims) throw new Error(`PCA needs ${count}×${dims} values and 1 ≤ k ≤ ${dims}`);
  const mean = new Float64Array(dims);
  for (let i = 0; i < count; i++) for (let d = 0; d < dims; d++) mean[d] += rows[i * dims + d] / count;
  const covariance = new Float64Array(dims * dims);
  const centred = new Float64Array(dims);
  for (let i = 0; i < count; i++) {
    for (let d = 0; d < dims; d++) centred[d] = rows[i * dims + d] - mean[d];
    for (let a = 0; a < dims; a++) {
      const ca = centred[a];
      if (ca === 0) continue;
      const offset = a * dims;
      for (let b = 0; b < dims; b++) covariance[offset + b] += ca * centred[b];
    }
  }
  const rng = createRng(seed);
  let components = Array.from({ length: k }, () => Float64Array.from({ length: dims }, () => rng.normal(0, 1)));
  orthonormalise(components);
  for (let it = 0; it < ITERATIONS; it++) {
    components = components.map((v) => {
      const w = new Float64Array(dims);
      for (let a = 0; a < dims; a++) {
        let sum = 0;
        const offset = a * dims;
        for (let b = 0; b < dims; b++) sum += covariance[offset + b] * v[b];
        w[a] = sum;
      }
      return w;
    });
    orthonormalise(components);
  }
  return { mean, components };
}

/** Mean squared error per value of each row rebuilt from its projection onto the model's components. */
export function pcaReconstructionErrors(model: PcaModel, rows: ArrayLike<number>, count: number): Float64Array {
  const dims = model.mean.length;
  const errors = new Float64Array(count);
  const centred = new Float64Array(dims);
  for (let i = 0; i < count; i++) {
    for (let d = 0; d < dims; d++) centred[d] = rows[i * dims + d] - model.mean[d];
    const rebuilt = new Float64Array(dims);
    for (const c of model.components) {
      let z = 0;
      for (let d = 0; d < dims; d++) z += centred[d] * c[d];
      for (let d = 0; d < dims; d++) rebuilt[d] += z * c[d];
    }
    let sum = 0;
    for (let d = 0; d < dims; d++) sum += (centred[d] - rebuilt[d]) ** 2;
    errors[i] = sum / dims;
  }
  return errors;
}
