/**
 * Faster versions of two gradient kernels of TensorFlow.js's pure-JS CPU backend, registered over
 * the originals when that backend runs. The originals read every element through
 * TensorBuffer.get(b, y, x, c) (an index computation and bounds work per read): on this machine
 * kind the filter gradient of an 8→16-channel 3×3 convolution on a batch of 32 8×8 maps took
 * ~400 ms of CPU, which made a small CNN take minutes per epoch. These compute the same sums with
 * flat typed-array indexing (channels-last, no dilation) and hand anything else to the original.
 * Also replaced, with the same float32 results bit for bit (same summation order and roundings,
 * zero terms skipped): conv forward (plain and fused with bias + ReLU), the conv input gradient,
 * matmul (plain and fused, see fast-cpu-matmul.ts) and sums over leading axes (bias gradients,
 * without tfjs's transpose) — together about a third off a CNN demo's CPU time.
 * Unused with tfjs-node, whose native kernels are already fast.
 */
import type { Tf } from './load-tf.ts';
import { batchMatMulInto, planMatMul } from './fast-cpu-matmul.ts';

type TfModule = Tf;

interface CpuBackend {
  data: { get(dataId: unknown): { values: Float32Array } };
  makeTensorInfo(shape: number[], dtype: string, values: Float32Array): unknown;
}

interface TensorInfoLike { dataId: unknown; shape: number[]; dtype: string }

/** dW[kr, kc, ci, co] = Σ_b Σ_y Σ_x x[b, y·s − pad + kr, x·s − pad + kc, ci] · dy[b, y, x, co] (the filter gradient of a channels-last conv). */
export function conv2dFilterGradient(
  xValues: Float32Array, xShape: readonly number[], dyValues: Float32Array, dyShape: readonly number[],
  filterShape: readonly number[], stride: [number, number], padTopLeft: [number, number],
): Float32Array {
  const [batch, inH, inW, inC] = xShape;
  const [, outH, outW, outC] = dyShape;
  const [fH, fW] = filterShape;
  const [sH, sW] = stride;
  const [top, left] = padTopLeft;
  const dW = new Float32Array(fH * fW * inC * outC);
  const acc = new Float64Array(inC * outC);
  for (let kr = 0; kr < fH; kr++) {
    for (let kc = 0; kc < fW; kc++) {
      acc.fill(0);
      for (let b = 0; b < batch; b++) {
        for (let y = 0; y < outH; y++) {
          const xr = y * sH - top + kr;
          if (xr < 0 || xr >= inH) continue;
          for (let xc0 = 0; xc0 < outW; xc0++) {
            const xc = xc0 * sW - left + kc;
            if (xc < 0 || xc >= inW) continue;
            const xBase = ((b * inH + xr) * inW + xc) * inC;
            const dyBase = ((b * outH + y) * outW + xc0) * outC;
            for (let ci = 0; ci < inC; ci++) {
              const xv = xValues[xBase + ci];
              if (xv === 0) continue;
              const row = ci * outC;
              for (let co = 0; co < outC; co++) acc[row + co] += xv * dyValues[dyBase + co];
            }
          }
        }
      }
      dW.set(acc, (kr * fW + kc) * inC * outC);
    }
  }
  return dW;
}

/** dx of a channels-last max pool: each output's gradient goes to the first largest input of its window. */
export function maxPoolInputGradient(
  xValues: Float32Array, xShape: readonly number[], dyValues: Float32Array, dyShape: readonly number[],
  filter: [number, number], stride: [number, number], padTopLeft: [number, number],
): Float32Array {
  const [batch, inH, inW, channels] = xShape;
  const [, outH, outW] = dyShape;
  const dx = new Float32Array(xValues.length);
  for (let b = 0; b < batch; b++) {
    for (let y = 0; y < outH; y++) {
      for (let x = 0; x < outW; x++) {
        for (let c = 0; c < channels; c++) {
          let best = -Infinity;
          let bestAt = -1;
          for (let kr = 0; kr < filter[0]; kr++) {
            const r = y * stride[0] - padTopLeft[0] + kr;
            if (r < 0 || r >= inH) continue;
            for (let kc = 0; kc < filter[1]; kc++) {
              const col = x * stride[1] - padTopLeft[1] + kc;
              if (col < 0 || col >= inW) continue;
              const at = ((b * inH + r) * inW + col) * channels + c;
              if (xValues[at] > best) {
                best = xValues[at];
                bestAt = at;
              }
            }
          }
          if (bestAt >= 0) dx[bestAt] += dyValues[((b * outH + y) * outW + x) * channels + c];
        }
      }
    }
  }
  return dx;
}

/**
 * y[b, r, c, co] = Σ_kr Σ_kc Σ_ci x[b, r·s − pad + kr, c·s − pad + kc, ci] · W[kr, kc, ci, co] (a channels-last conv),
 * accumulated in float32 in tfjs's own loop order, so the result is the same bit for bit; zero inputs are skipped.
 */
export function conv2dForward(
  xValues: Float32Array, xShape: readonly number[], wValues: Float32Array, outShape: readonly number[],
  filter: [number, number], stride: [number, number], dilation: [number, number], padTopLeft: [number, number],
): Float32Array {
  const [batch, inH, inW, inC] = xShape;
  const [, outH, outW, outC] = outShape;
  const y = new Float32Array(batch * outH * outW * outC);
  for (let b = 0; b < batch; b++) {
    for (let yr = 0; yr < outH; yr++) {
      const yRow = (b * outH + yr) * outW * outC;
      for (let kr = 0; kr < filter[0]; kr++) {
        const xr = yr * stride[0] - padTopLeft[0] + kr * dilation[0];
        if (xr < 0 || xr >= inH) continue;
        const xRow = (b * inH + xr) * inW * inC;
        for (let yc = 0; yc < outW; yc++) {
          const yAt = yRow + yc * outC;
          for (let kc = 0; kc < filter[1]; kc++) {
            const xc = yc * stride[1] - padTopLeft[1] + kc * dilation[1];
            if (xc < 0 || xc >= inW) continue;
            const xAt = xRow + xc * inC;
            let wAt = (kr * filter[1] + kc) * inC * outC;
            for (let ci = 0; ci < inC; ci++, wAt += outC) {
              const xv = xValues[xAt + ci];
              if (xv === 0) continue;
              for (let co = 0; co < outC; co++) y[yAt + co] += xv * wValues[wAt + co];
            }
          }
        }
      }
    }
  }
  return y;
}

/**
 * dx[b, r, c, ci] = Σ_kr Σ_kc Σ_co dy[b, (r + pad − kr)/s, (c + pad − kc)/s, co] · W[kr, kc, ci, co] (the input gradient of a channels-last conv),
 * summed in float64 per input element in tfjs's order (rows, columns, output channels), so the result is the same bit for bit; zero dy (ReLU-masked) is skipped.
 */
export function conv2dInputGradient(
  dyValues: Float32Array, dyShape: readonly number[], wValues: Float32Array, xShape: readonly number[],
  filter: [number, number], stride: [number, number], padTopLeft: [number, number],
): Float32Array {
  const [batch, inH, inW, inC] = xShape;
  const [, outH, outW, outC] = dyShape;
  const [fH, fW] = filter;
  const [sH, sW] = stride;
  const topPad = fH - 1 - padTopLeft[0];
  const leftPad = fW - 1 - padTopLeft[1];
  const dx = new Float32Array(batch * inH * inW * inC);
  const acc = new Float64Array(inC);
  for (let b = 0; b < batch; b++) {
    for (let xr = 0; xr < inH; xr++) {
      const rCorner = xr - topPad;
      const yrMin = Math.max(0, Math.ceil(rCorner / sH));
      const yrMax = Math.min(outH, (fH + rCorner) / sH);
      for (let xc = 0; xc < inW; xc++) {
        const cCorner = xc - leftPad;
        const ycMin = Math.max(0, Math.ceil(cCorner / sW));
        const ycMax = Math.min(outW, (fW + cCorner) / sW);
        acc.fill(0);
        for (let yr = yrMin; yr < yrMax; yr++) {
          const kr = yr * sH - rCorner;
          for (let yc = ycMin; yc < ycMax; yc++) {
            const kc = yc * sW - cCorner;
            const dyAt = ((b * outH + yr) * outW + yc) * outC;
            const wAt = ((fH - 1 - kr) * fW + (fW - 1 - kc)) * inC * outC;
            for (let co = 0; co < outC; co++) {
              const g = dyValues[dyAt + co];
              if (g === 0) continue;
              for (let ci = 0; ci < inC; ci++) acc[ci] += g * wValues[wAt + ci * outC + co];
            }
          }
        }
        dx.set(acc, ((b * inH + xr) * inW + xc) * inC);
      }
    }
  }
  return dx;
}

/** Σ over the leading `axes` of x (e.g. a bias gradient summed over batch and positions), in the order tfjs sums them after its transpose, without the transpose. */
export function sumLeadingAxes(xValues: Float32Array, xShape: readonly number[], leadingAxes: number): Float32Array {
  const outer = xShape.slice(0, leadingAxes).reduce((a, b) => a * b, 1);
  const inner = xShape.slice(leadingAxes).reduce((a, b) => a * b, 1);
  const out = new Float32Array(inner);
  for (let c = 0; c < inner; c++) {
    let sum = 0;
    for (let o = 0; o < outer; o++) sum += xValues[o * inner + c];
    out[c] = sum;
  }
  return out;
}

let installedFor: TfModule | undefined;

/** Registers the faster kernels on the CPU backend of `tf` (once; no-op on other backends). */
export function installFastCpuKernels(tf: TfModule): void {
  if (installedFor === tf || tf.getBackend() !== 'cpu') return;
  installedFor = tf;
  const util = tf.backend_util;
  const originalConv = tf.getKernel('Conv2DBackpropFilter', 'cpu');
  const originalPool = tf.getKernel('MaxPoolGrad', 'cpu');
  if (originalConv) {
    tf.unregisterKernel('Conv2DBackpropFilter', 'cpu');
    tf.registerKernel({
      kernelName: 'Conv2DBackpropFilter', backendName: 'cpu',
      kernelFunc: (args) => {
        const { inputs, backend, attrs } = args as unknown as { inputs: { x: TensorInfoLike; dy: TensorInfoLike }; backend: CpuBackend; attrs: Record<string, unknown> };
        const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as { strides: number | [number, number]; pad: 'same' | 'valid' | number; dataFormat: 'NHWC' | 'NCHW'; dimRoundingMode?: 'floor' | 'round' | 'ceil'; filterShape: [number, number, number, number] };
        if (dataFormat === 'NCHW' || inputs.x.dtype !== 'float32' || inputs.dy.dtype !== 'float32') return originalConv.kernelFunc(args);
        const info = util.computeConv2DInfo(inputs.x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
        const dW = conv2dFilterGradient(
          backend.data.get(inputs.x.dataId).values, inputs.x.shape, backend.data.get(inputs.dy.dataId).values, inputs.dy.shape,
          info.filterShape, [info.strideHeight, info.strideWidth], [info.padInfo.top, info.padInfo.left],
        );
        return backend.makeTensorInfo(info.filterShape, 'float32', dW) as ReturnType<typeof originalConv.kernelFunc>;
      },
    });
  }
  replaceCpuKernel(tf, 'BatchMatMul', (args, original) => {
    const { inputs, backend, attrs } = args as unknown as { inputs: { a: TensorInfoLike; b: TensorInfoLike }; backend: CpuBackend & { blockSize: number }; attrs: { transposeA: boolean; transposeB: boolean } };
    const plan = planMatMul(inputs.a, inputs.b, attrs.transposeA, attrs.transposeB);
    if (!plan) return original(args);
    const out = new Float32Array(plan.outShape.reduce((a, b) => a * b, 1));
    batchMatMulInto(out, backend.data.get(inputs.a.dataId).values, backend.data.get(inputs.b.dataId).values, plan.dims, plan.aSteps, plan.bSteps, backend.blockSize);
    return backend.makeTensorInfo(plan.outShape, 'float32', out);
  });
  // a dense layer's matmul + bias + activation; only bias vectors and linear/ReLU are covered (the rest goes to the original)
  replaceCpuKernel(tf, '_FusedMatMul', (args, original) => {
    const { inputs, backend, attrs } = args as unknown as { inputs: { a: TensorInfoLike; b: TensorInfoLike; bias?: TensorInfoLike; preluActivationWeights?: TensorInfoLike }; backend: CpuBackend & { blockSize: number }; attrs: { transposeA: boolean; transposeB: boolean; activation?: string } };
    const plan = planMatMul(inputs.a, inputs.b, attrs.transposeA, attrs.transposeB);
    const activation = attrs.activation ?? 'linear';
    const bias = inputs.bias;
    if (!plan || (activation !== 'linear' && activation !== 'relu') || inputs.preluActivationWeights
      || (bias && (bias.dtype !== 'float32' || bias.shape.length !== 1 || bias.shape[0] !== plan.dims.right))) return original(args);
    const out = new Float32Array(plan.outShape.reduce((a, b) => a * b, 1));
    batchMatMulInto(out, backend.data.get(inputs.a.dataId).values, backend.data.get(inputs.b.dataId).values, plan.dims, plan.aSteps, plan.bSteps, backend.blockSize);
    const right = plan.dims.right;
    // the same float32 roundings as tfjs's separate Add and Relu kernels
    if (bias) {
      const biasValues = backend.data.get(bias.dataId).values;
      for (let i = 0; i < out.length; i++) out[i] += biasValues[i % right];
    }
    if (activation === 'relu') for (let i = 0; i < out.length; i++) out[i] = Math.max(0, out[i]);
    return backend.makeTensorInfo(plan.outShape, 'float32', out);
  });
  // a conv, plain (during training) or fused with bias and ReLU (when predicting); the rest goes to the original
  const replaceConv = (kernelName: string) => replaceCpuKernel(tf, kernelName, (args, original) => {
    const { inputs, backend, attrs } = args as unknown as { inputs: { x: TensorInfoLike; filter: TensorInfoLike; bias?: TensorInfoLike; preluActivationWeights?: TensorInfoLike }; backend: CpuBackend; attrs: Record<string, unknown> };
    const { strides, pad, dataFormat, dilations, dimRoundingMode, activation = 'linear' } = attrs as { strides: number | [number, number]; pad: 'same' | 'valid' | number; dataFormat: 'NHWC' | 'NCHW'; dilations: number | [number, number]; dimRoundingMode?: 'floor' | 'round' | 'ceil'; activation?: string };
    const bias = inputs.bias;
    const outC = inputs.filter.shape[3];
    if (dataFormat === 'NCHW' || inputs.x.dtype !== 'float32' || inputs.filter.dtype !== 'float32' || (activation !== 'linear' && activation !== 'relu')
      || inputs.preluActivationWeights || (bias && (bias.dtype !== 'float32' || bias.shape.length !== 1 || bias.shape[0] !== outC))) return original(args);
    const info = util.computeConv2DInfo(inputs.x.shape as [number, number, number, number], inputs.filter.shape as [number, number, number, number], strides, dilations, pad, dimRoundingMode, false, 'channelsLast');
    const y = conv2dForward(
      backend.data.get(inputs.x.dataId).values, inputs.x.shape, backend.data.get(inputs.filter.dataId).values, info.outShape,
      [info.filterHeight, info.filterWidth], [info.strideHeight, info.strideWidth], [info.dilationHeight, info.dilationWidth], [info.padInfo.top, info.padInfo.left],
    );
    // the same float32 roundings as tfjs's separate Add and Relu kernels
    if (bias) {
      const biasValues = backend.data.get(bias.dataId).values;
      for (let i = 0; i < y.length; i++) y[i] += biasValues[i % outC];
    }
    if (activation === 'relu') for (let i = 0; i < y.length; i++) y[i] = Math.max(0, y[i]);
    return backend.makeTensorInfo(info.outShape, 'float32', y);
  });
  replaceConv('Conv2D');
  replaceConv('FusedConv2D');
  replaceCpuKernel(tf, 'Conv2DBackpropInput', (args, original) => {
    const { inputs, backend, attrs } = args as unknown as { inputs: { dy: TensorInfoLike; filter: TensorInfoLike }; backend: CpuBackend; attrs: Record<string, unknown> };
    const { inputShape, strides, pad, dataFormat, dimRoundingMode } = attrs as { inputShape: [number, number, number, number]; strides: number | [number, number]; pad: 'same' | 'valid' | number; dataFormat: 'NHWC' | 'NCHW'; dimRoundingMode?: 'floor' | 'round' | 'ceil' };
    if (dataFormat === 'NCHW' || inputs.dy.dtype !== 'float32' || inputs.filter.dtype !== 'float32') return original(args);
    const info = util.computeConv2DInfo(inputShape, inputs.filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode, false, 'channelsLast');
    const dx = conv2dInputGradient(
      backend.data.get(inputs.dy.dataId).values, inputs.dy.shape, backend.data.get(inputs.filter.dataId).values, info.inShape,
      [info.filterHeight, info.filterWidth], [info.strideHeight, info.strideWidth], [info.padInfo.top, info.padInfo.left],
    );
    return backend.makeTensorInfo(info.inShape, 'float32', dx);
  });
  // a sum over leading axes (bias gradients) without tfjs's transpose
  replaceCpuKernel(tf, 'Sum', (args, original) => {
    const { inputs, backend, attrs } = args as unknown as { inputs: { x: TensorInfoLike }; backend: CpuBackend; attrs: { axis: number | number[]; keepDims: boolean } };
    const rank = inputs.x.shape.length;
    const axes = (Array.isArray(attrs.axis) ? attrs.axis : [attrs.axis]).map((a) => (a < 0 ? a + rank : a));
    const isLeading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i);
    if (inputs.x.dtype !== 'float32' || !isLeading) return original(args);
    const out = sumLeadingAxes(backend.data.get(inputs.x.dataId).values, inputs.x.shape, axes.length);
    const shape = attrs.keepDims ? inputs.x.shape.map((d, i) => (i < axes.length ? 1 : d)) : inputs.x.shape.slice(axes.length);
    return backend.makeTensorInfo(shape, 'float32', out);
  });
  if (originalPool) {
    tf.unregisterKernel('MaxPoolGrad', 'cpu');
    tf.registerKernel({
      kernelName: 'MaxPoolGrad', backendName: 'cpu',
      kernelFunc: (args) => {
        const { inputs, backend, attrs } = args as unknown as { inputs: { dy: TensorInfoLike; input: TensorInfoLike }; backend: CpuBackend; attrs: Record<string, unknown> };
        const { filterSize, strides, pad, dimRoundingMode } = attrs as { filterSize: number | [number, number]; strides: number | [number, number]; pad: 'same' | 'valid' | number; dimRoundingMode?: 'floor' | 'round' | 'ceil' };
        if (inputs.input.dtype !== 'float32') return originalPool.kernelFunc(args);
        const info = util.computePool2DInfo(inputs.input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
        const dx = maxPoolInputGradient(
          backend.data.get(inputs.input.dataId).values, inputs.input.shape, backend.data.get(inputs.dy.dataId).values, inputs.dy.shape,
          [info.filterHeight, info.filterWidth], [info.strideHeight, info.strideWidth], [info.padInfo.top, info.padInfo.left],
        );
        return backend.makeTensorInfo(inputs.input.shape, 'float32', dx) as ReturnType<typeof originalPool.kernelFunc>;
      },
    });
  }
}

type KernelFunc = (args: unknown) => unknown;

/** Registers `replacement` for `kernelName` on the CPU backend; it may hand any case it does not cover to the original. */
function replaceCpuKernel(tf: TfModule, kernelName: string, replacement: (args: unknown, original: KernelFunc) => unknown): void {
  const original = tf.getKernel(kernelName, 'cpu');
  if (!original) return;
  const originalFunc = original.kernelFunc as unknown as KernelFunc;
  tf.unregisterKernel(kernelName, 'cpu');
  tf.registerKernel({ kernelName, backendName: 'cpu', kernelFunc: ((args: unknown) => replacement(args, originalFunc)) as unknown as typeof original.kernelFunc });
}
