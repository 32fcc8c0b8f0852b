/**
 * Compute kernels of the fast MLP, generated once per layer shape. The matrices are tiny (2–64
 * columns), so loop overhead and reloading weights dominate a generic loop; a kernel written for
 * one shape keeps every weight of a row (or every partial sum) in a local variable and has no
 * inner loop at all. On V8 that is 1.5–1.8× faster than the best generic loop. Only integers
 * (validated) are spliced into the generated source.
 *
 * Blocks are neuron-major: value of neuron r for example e at [r·B + e].
 */

/**
 * out[r][e] = bias_r + Σ_c W(r, c)·input[c][e] with W(r, c) = p[w0 + r·rowStride + c·colStride]
 * (bias_r = p[biasOffset + r], or 0 when biasOffset < 0). Strides (nIn, 1) give a layer's forward
 * pass z = W·a + b; strides (1, nIn) without bias give the backward pass δprev = Wᵀ·δ.
 */
export type BlockKernel = (p: Float64Array, w0: number, biasOffset: number, rows: number, input: Float64Array, out: Float64Array, B: number) => void;

/**
 * For each output neuron j: ∂L/∂b[j] += Σ_e δ[j][e] and ∂L/∂W[j][c] += Σ_e δ[j][e]·a[c][e], W row-major
 * [j][c] at w0 and b at b0; returns Σ|∂L/∂W| over this call's contributions.
 */
export type GradientKernel = (grads: Float64Array, w0: number, b0: number, rows: number, a: Float64Array, delta: Float64Array, B: number) => number;

const MAX_COLUMNS = 256;
const blockKernels = new Map<string, BlockKernel>();
const gradientKernels = new Map<number, GradientKernel>();

function checkShape(values: Record<string, number>): void {
  for (const [name, v] of Object.entries(values)) {
    if (!Number.isInteger(v) || v < 0 || v > MAX_COLUMNS * MAX_COLUMNS) throw new Error(`kernel ${name} must be a small whole number, got ${v}`);
  }
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** The block kernel for `cols` columns with the given strides (cached). */
export function blockKernel(cols: number, rowStride: number, colStride: number, hasBias: boolean): BlockKernel {
  const key = `${cols}:${rowStride}:${colStride}:${hasBias}`;
  const cached = blockKernels.get(key);
  if (cached) return cached;
  checkShape({ cols, rowStride, colStride });
  const body = [
    ...range(cols).map((c) => `const in${c} = ${c} * B;`),
    'for (let r = 0; r < rows; r++) {',
    `  const wRow = w0 + r * ${rowStride};`,
    ...range(cols).map((c) => `  const weight${c} = p[wRow + ${c * colStride}];`),
    `  const bias = ${hasBias ? 'p[biasOffset + r]' : '0'};`,
    '  const outRow = r * B;',
    '  for (let e = 0; e < B; e++) {',
    `    out[outRow + e] = bias${range(cols).map((c) => ` + weight${c} * input[in${c} + e]`).join('')};`,
    '  }',
    '}',
  ].join('\n');
  const kernel = new Function('p', 'w0', 'biasOffset', 'rows', 'input', 'out', 'B', body) as BlockKernel;
  blockKernels.set(key, kernel);
  return kernel;
}

/** The gradient kernel for layers with `cols` inputs (cached). */
export function gradientKernel(cols: number): GradientKernel {
  const cached = gradientKernels.get(cols);
  if (cached) return cached;
  checkShape({ cols });
  const body = [
    ...range(cols).map((c) => `const in${c} = ${c} * B;`),
    'let absSum = 0;',
    'for (let j = 0; j < rows; j++) {',
    '  const dRow = j * B;',
    `  let gb = 0${range(cols).map((c) => `, g${c} = 0`).join('')};`,
    '  for (let e = 0; e < B; e++) {',
    '    const d = delta[dRow + e];',
    '    gb += d;',
    ...range(cols).map((c) => `    g${c} += d * a[in${c} + e];`),
    '  }',
    '  grads[b0 + j] += gb;',
    `  const wRow = w0 + j * ${cols};`,
    ...range(cols).map((c) => `  grads[wRow + ${c}] += g${c};`),
    `  absSum += ${range(cols).map((c) => `Math.abs(g${c})`).join(' + ') || '0'};`,
    '}',
    'return absSum;',
  ].join('\n');
  const kernel = new Function('grads', 'w0', 'b0', 'rows', 'a', 'delta', 'B', body) as GradientKernel;
  gradientKernels.set(cols, kernel);
  return kernel;
}
