/**
 * /architecture autoencoder: the generated 16×16 digits squeezed through a 2-unit bottleneck
 * (256 → 32 → 2 → 32 → 256, sigmoid output, mean squared error) and rebuilt. No labels are used in
 * training; they are used afterwards to measure how well the 2-D code keeps the classes apart
 * (nearest class centroid in the code plane, against 10 % chance), and compares the error with a
 * linear 2-D compression (PCA) and with answering the mean image. Returns plain numbers for the
 * renderer and the reply text: test codes, originals and reconstructions, a decoded walk across
 * the code plane.
 */
import type { Sequential, Tensor, Tensor2D } from '@tensorflow/tfjs';
import { DIGIT_CLASSES, DIGIT_PIXELS, generateDigits, type DigitSet } from '../../digits.ts';
import { fitPca, pcaReconstructionErrors } from '../../pca.ts';
import type { Tf } from '../load-tf.ts';
import { createAdam } from '../fused-adam.ts';
import { runDemo } from './demo-runner.ts';
import { seededInitializers, type DemoHooks, type DemoStopReason } from './run-control.ts';

/** What a student may set for the autoencoder demo. */
export interface AutoencoderDemoOptions {
  epochs: number;
  learningRate: number;
  seed: number;
  /** Training images (the test set is a fixed 1000 of other images). */
  trainImages: number;
}

/** Defaults sized to train in a few seconds on 2 cores with the pure-JS backend. */
export const AUTOENCODER_DEFAULTS: AutoencoderDemoOptions = { epochs: 12, learningRate: 0.01, seed: 1, trainImages: 2000 };
/** Test images (fixed). */
export const AUTOENCODER_TEST_IMAGES = 1000;
/** Units of the hidden layer on each side of the bottleneck. */
export const AUTOENCODER_HIDDEN_UNITS = 32;
/** Units of the bottleneck: the code is a point in a plane. */
export const LATENT_UNITS = 2;
/** Test digits shown beside their reconstructions, per class. */
export const EXAMPLES_PER_CLASS = 2;
/** The decoded walk across the code plane is a WALK_STEPS × WALK_STEPS grid. */
export const WALK_STEPS = 9;
const BATCH_SIZE = 64;

/** One test digit beside what the autoencoder rebuilt from its 2-number code. */
export interface ReconstructionExample {
  label: number;
  pixels: number[];
  reconstruction: number[];
  /** Mean squared error of this image's reconstruction, per pixel. */
  error: number;
}

/** A grid of images decoded from evenly spaced points of the code plane (row 0 = highest y). */
export interface LatentWalk {
  xs: number[];
  ys: number[];
  /** images[row * xs.length + column], each DIGIT_PIXELS values. */
  images: number[][];
}

/** Everything the autoencoder demo measured. */
export interface AutoencoderDemoResult {
  options: AutoencoderDemoOptions;
  backend: string;
  stopReason: DemoStopReason;
  epochsRun: number;
  trainMs: number;
  params: number;
  /** Mean squared reconstruction error per pixel on the test digits. */
  testError: number;
  trainError: number;
  /** The same error when every test digit is answered with the mean training image. */
  meanImageError: number;
  /** The same error for the best straight-line 2-D compression: projecting onto the training digits' first 2 principal components (PCA). */
  pcaError: number;
  /** The mean training image (the baseline's answer for every digit). */
  meanImage: number[];
  /** Test digits whose code lies nearest the centroid of their own class's training codes. */
  centroidAccuracy: number;
  /** The same per class (index = digit). */
  classCentroidAccuracy: number[];
  /** Guessing a class at random. */
  chanceAccuracy: number;
  /** Class centroids of the training codes, [x, y] per digit. */
  centroids: [number, number][];
  /** Code of every test digit, and its label. */
  testCodes: [number, number][];
  testLabels: number[];
  examples: ReconstructionExample[];
  walk: LatentWalk;
}

function buildAutoencoder(tf: Tf, options: AutoencoderDemoOptions): { encoder: Sequential; decoder: Sequential; autoencoder: Sequential } {
  const init = seededInitializers(tf, options.seed);
  const encoder = tf.sequential({ name: 'encoder' });
  encoder.add(tf.layers.dense({ name: 'encode_hidden', inputShape: [DIGIT_PIXELS], units: AUTOENCODER_HIDDEN_UNITS, activation: 'relu', kernelInitializer: init.he() }));
  encoder.add(tf.layers.dense({ name: 'code', units: LATENT_UNITS, kernelInitializer: init.glorot() }));
  const decoder = tf.sequential({ name: 'decoder' });
  decoder.add(tf.layers.dense({ name: 'decode_hidden', inputShape: [LATENT_UNITS], units: AUTOENCODER_HIDDEN_UNITS, activation: 'relu', kernelInitializer: init.he() }));
  decoder.add(tf.layers.dense({ name: 'reconstruction', units: DIGIT_PIXELS, activation: 'sigmoid', kernelInitializer: init.glorot() }));
  const autoencoder = tf.sequential({ name: 'autoencoder' });
  autoencoder.add(encoder);
  autoencoder.add(decoder);
  autoencoder.compile({ optimizer: createAdam(tf, options.learningRate), loss: 'meanSquaredError' });
  return { encoder, decoder, autoencoder };
}

/**
 * Sets the output layer's biases so that, before training, every reconstruction is the mean
 * training image (sigmoid⁻¹ of each pixel's mean): the network starts at the baseline and spends its
 * epochs on what the code adds to it (on seeds 1–2 this lowered the default run's test error by ~8 %).
 */
function startFromMeanImage(tf: Tf, decoder: Sequential, xTrain: Tensor2D): void {
  const output = decoder.getLayer('reconstruction');
  const [kernel] = output.getWeights();
  const bias = tf.tidy(() => {
    const mean = xTrain.mean(0).clipByValue(0.01, 0.99);
    return mean.div(tf.scalar(1).sub(mean)).log();
  });
  output.setWeights([kernel, bias]);
  bias.dispose();
}

/**
 * Disposes what tf's dispose of the outer model leaves behind: disposing a Sequential that holds
 * other models frees only the first nested model's weights (tfjs 4.22), so the rest are freed
 * here; a model the outer dispose already freed is skipped.
 */
function nestedLeftovers(models: Sequential[]): { dispose(): void } {
  return {
    dispose: () => {
      for (const model of models) {
        try {
          model.dispose();
        } catch (error) {
          if (!/already disposed/.test((error as Error).message)) throw error;
        }
      }
    },
  };
}

/** Mean squared error per pixel of each row of `a` against `b`. */
function rowErrors(tf: Tf, a: Tensor2D, b: Tensor2D): Float32Array {
  return tf.tidy(() => a.sub(b).square().mean(1).dataSync() as Float32Array);
}

function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

function codesOf(tf: Tf, encoder: Sequential, x: Tensor2D): Float32Array {
  return tf.tidy(() => (encoder.predict(x) as Tensor).dataSync() as Float32Array);
}

/** Centroid of each class's codes. */
function classCentroids(codes: Float32Array, labels: Int32Array): [number, number][] {
  const sums = Array.from({ length: DIGIT_CLASSES }, () => [0, 0, 0]);
  labels.forEach((label, i) => {
    sums[label][0] += codes[2 * i];
    sums[label][1] += codes[2 * i + 1];
    sums[label][2]++;
  });
  return sums.map(([x, y, n]) => (n > 0 ? [x / n, y / n] : [NaN, NaN]));
}

/** Index of the centroid nearest (x, y). */
function nearestCentroid(x: number, y: number, centroids: [number, number][]): number {
  let best = -1;
  let bestDistance = Infinity;
  centroids.forEach(([cx, cy], k) => {
    const d = (x - cx) ** 2 + (y - cy) ** 2;
    if (d < bestDistance) { bestDistance = d; best = k; }
  });
  return best;
}

/** The value below which `fraction` of `values` lie. */
function quantile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(fraction * (sorted.length - 1))))];
}

/** The first EXAMPLES_PER_CLASS test digits of every class, in digit order. */
function exampleIndices(set: DigitSet): number[] {
  const out: number[] = [];
  for (let digit = 0; digit < DIGIT_CLASSES; digit++) {
    let found = 0;
    for (let i = 0; i < set.count && found < EXAMPLES_PER_CLASS; i++) if (set.labels[i] === digit) { out.push(i); found++; }
  }
  return out;
}

/** Decodes a WALK_STEPS × WALK_STEPS grid spanning the middle 90 % of the test codes on each axis. */
function walkAcross(tf: Tf, decoder: Sequential, codes: Float32Array): LatentWalk {
  const axis = (offset: number) => {
    const values = Array.from({ length: codes.length / 2 }, (_, i) => codes[2 * i + offset]);
    const lo = quantile(values, 0.05);
    const hi = quantile(values, 0.95);
    return Array.from({ length: WALK_STEPS }, (_, i) => lo + ((hi - lo) * i) / (WALK_STEPS - 1));
  };
  const xs = axis(0);
  const ys = axis(1).reverse();
  const points = new Float32Array(WALK_STEPS * WALK_STEPS * 2);
  ys.forEach((y, row) => xs.forEach((x, column) => { points[2 * (row * WALK_STEPS + column)] = x; points[2 * (row * WALK_STEPS + column) + 1] = y; }));
  const decoded = tf.tidy(() => (decoder.predict(tf.tensor2d(points, [WALK_STEPS * WALK_STEPS, LATENT_UNITS])) as Tensor).dataSync());
  return { xs, ys, images: Array.from({ length: WALK_STEPS * WALK_STEPS }, (_, i) => Array.from(decoded.subarray(i * DIGIT_PIXELS, (i + 1) * DIGIT_PIXELS))) };
}

/** Trains the autoencoder on the generated digits (no labels) and measures reconstruction and the 2-D code. */
export function trainAutoencoderDemo(options: AutoencoderDemoOptions, hooks: DemoHooks): Promise<AutoencoderDemoResult> {
  return runDemo(hooks, async ({ tf, backend, control, keep, fit }) => {
    control.progress(0, 'drawing the digits…', true);
    const train = generateDigits(options.trainImages, options.seed, 'train');
    const test = generateDigits(AUTOENCODER_TEST_IMAGES, options.seed, 'test');
    const xTrain = keep(tf.tensor2d(train.pixels, [train.count, DIGIT_PIXELS]));
    const xTest = keep(tf.tensor2d(test.pixels, [test.count, DIGIT_PIXELS]));
    const { encoder, decoder, autoencoder } = buildAutoencoder(tf, options);
    keep(nestedLeftovers([encoder, decoder]));
    keep(autoencoder); // disposed first (kept last), then the leftovers
    startFromMeanImage(tf, decoder, xTrain);
    const epochsRun = await fit(autoencoder, xTrain, xTrain, { label: 'autoencoder', epochs: options.epochs, batchSize: BATCH_SIZE, from: 0.05, to: 0.9 });
    control.progress(0.92, 'measuring the code plane…', true);
    const meanRow = keep(tf.tidy(() => xTrain.mean(0, true) as Tensor2D));
    const testRebuilt = keep(tf.tidy(() => autoencoder.predict(xTest) as Tensor2D));
    const trainRebuilt = keep(tf.tidy(() => autoencoder.predict(xTrain) as Tensor2D));
    const meanImage = keep(tf.tidy(() => meanRow.tile([test.count, 1]) as Tensor2D));
    const testErrors = rowErrors(tf, xTest, testRebuilt);
    const rebuiltValues = testRebuilt.dataSync();
    const trainCodes = codesOf(tf, encoder, xTrain);
    const testCodes = codesOf(tf, encoder, xTest);
    const centroids = classCentroids(trainCodes, train.labels);
    const right = new Array<number>(DIGIT_CLASSES).fill(0);
    const total = new Array<number>(DIGIT_CLASSES).fill(0);
    test.labels.forEach((label, i) => {
      total[label]++;
      if (nearestCentroid(testCodes[2 * i], testCodes[2 * i + 1], centroids) === label) right[label]++;
    });
    return {
      options, backend, stopReason: control.stopReason, epochsRun, trainMs: control.elapsedMs(),
      params: autoencoder.countParams(),
      testError: mean(testErrors),
      trainError: mean(rowErrors(tf, xTrain, trainRebuilt)),
      meanImageError: mean(rowErrors(tf, xTest, meanImage)),
      pcaError: mean(pcaReconstructionErrors(fitPca(train.pixels, train.count, DIGIT_PIXELS, LATENT_UNITS, options.seed), test.pixels, test.count)),
      meanImage: Array.from(meanRow.dataSync()),
      centroidAccuracy: right.reduce((a, b) => a + b, 0) / test.count,
      classCentroidAccuracy: right.map((r, k) => (total[k] > 0 ? r / total[k] : NaN)),
      chanceAccuracy: 1 / DIGIT_CLASSES,
      centroids,
      testCodes: Array.from({ length: test.count }, (_, i) => [testCodes[2 * i], testCodes[2 * i + 1]] as [number, number]),
      testLabels: Array.from(test.labels),
      examples: exampleIndices(test).map((i) => ({
        label: test.labels[i],
        pixels: Array.from(test.pixels.subarray(i * DIGIT_PIXELS, (i + 1) * DIGIT_PIXELS)),
        reconstruction: Array.from(rebuiltValues.subarray(i * DIGIT_PIXELS, (i + 1) * DIGIT_PIXELS)),
        error: testErrors[i],
      })),
      walk: walkAcross(tf, decoder, testCodes),
    };
  });
}
