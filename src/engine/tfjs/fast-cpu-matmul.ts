/**
 * A faster matrix product for TensorFlow.js's pure-JS CPU backend that gives the same float32
 * results bit for bit. tfjs's BatchMatMul loops i → j → k inside blocks of `blockSize`, reading
 * B a column at a time (a stride of a whole row per step); this loops i → k → j with a float64
 * row accumulator, so B is read row by row, and skips zero entries of A (ReLU outputs and image
 * background are mostly zeros). Per output element the float64 sums over each k-block run in the
 * same order and are added to the float32 result block by block, exactly as tfjs does, so the
 * rounding is identical. Unused with tfjs-node.
 */

/** C[b, i, j] (+)= Σ_k A[b, i, k]·B[b, k, j] over rank-3 views given by element strides; same rounding as tfjs's BatchMatMul (see the file comment). */
export function batchMatMulInto(
  out: Float32Array, aValues: Float32Array, bValues: Float32Array,
  dims: { batch: number; batchA: number; batchB: number; left: number; shared: number; right: number },
  aSteps: { batch: number; outer: number; inner: number }, bSteps: { batch: number; outer: number; inner: number }, blockSize: number,
): void {
  const { batch, batchA, batchB, left, shared, right } = dims;
  const acc = new Float64Array(right);
  for (let bi = 0; bi < batch; bi++) {
    const aBase = (bi % batchA) * aSteps.batch;
    const bBase = (bi % batchB) * bSteps.batch;
    const outBase = bi * left * right;
    for (let i = 0; i < left; i++) {
      const aRow = aBase + i * aSteps.outer;
      const outRow = outBase + i * right;
      for (let k0 = 0; k0 < shared; k0 += blockSize) {
        const kEnd = Math.min(k0 + blockSize, shared);
        acc.fill(0);
        if (bSteps.outer === 1) {
          // B row-major in j: one pass over each row of B per nonzero A[i, k]
          for (let k = k0; k < kEnd; k++) {
            const a = aValues[aRow + k * aSteps.inner];
            if (a === 0) continue;
            const bRow = bBase + k * bSteps.inner;
            for (let j = 0; j < right; j++) acc[j] += a * bValues[bRow + j];
          }
        } else {
          // B transposed: each output is a dot product along k
          for (let j = 0; j < right; j++) {
            const bCol = bBase + j * bSteps.outer;
            let sum = 0;
            for (let k = k0; k < kEnd; k++) {
              const a = aValues[aRow + k * aSteps.inner];
              if (a !== 0) sum += a * bValues[bCol + k * bSteps.inner];
            }
            acc[j] = sum;
          }
        }
        for (let j = 0; j < right; j++) out[outRow + j] += acc[j];
      }
    }
  }
}

interface TensorInfoLike { dataId: unknown; shape: number[]; dtype: string }

/** The parts of a matmul's operands in tfjs's terms, or undefined when this kernel does not cover the case. */
export function planMatMul(a: TensorInfoLike, b: TensorInfoLike, transposeA: boolean, transposeB: boolean) {
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return undefined;
  const aRank = a.shape.length;
  const bRank = b.shape.length;
  if (aRank < 2 || bRank < 2 || aRank > 3 || bRank > 3) return undefined;
  const batchA = aRank === 3 ? a.shape[0] : 1;
  const batchB = bRank === 3 ? b.shape[0] : 1;
  if (batchA !== batchB && batchA !== 1 && batchB !== 1) return undefined;
  const [aRows, aCols] = a.shape.slice(-2);
  const [bRows, bCols] = b.shape.slice(-2);
  const left = transposeA ? aCols : aRows;
  const shared = transposeA ? aRows : aCols;
  const right = transposeB ? bRows : bCols;
  if ((transposeB ? bCols : bRows) !== shared) return undefined;
  const batch = Math.max(batchA, batchB);
  const outShape = aRank === 3 || bRank === 3 ? [batch, left, right] : [left, right];
  return {
    dims: { batch, batchA, batchB, left, shared, right },
    aSteps: { batch: aRows * aCols, outer: transposeA ? 1 : aCols, inner: transposeA ? aCols : 1 },
    bSteps: { batch: bRows * bCols, outer: transposeB ? bCols : 1, inner: transposeB ? 1 : bCols },
    outShape,
  };
}
