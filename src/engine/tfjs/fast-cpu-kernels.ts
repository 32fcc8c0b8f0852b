/**
 * Faster versions of two gradient kernels of TensorFlow.js's pure-JS CPU backend, registered over
 * the originals when that backend runs. The originals read every element through
 * TensorBuffer.get(b, y, x, c) (an index computation and bounds work per read): on this machine
 * kind the filter gradient of an 8→16-channel 3×3 convolution on a batch of 32 8×8 maps took
 * ~400 ms of CPU, which made a small CNN take minutes per epoch. These compute the same sums with
 * flat typed-array indexing (channels-last, no dilation) and hand anything else to the original.
 * Unused with tfjs-node, whose native kernels are already fast.
 */
import type { Tf } from './load-tf.ts';

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
