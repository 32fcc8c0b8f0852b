/**
 * /architecture cnn: a small CNN (conv 3×3 → max-pool 2 → conv 3×3 → max-pool 2 → dense softmax)
 * on the generated 16×16 digits, and a one-hidden-layer MLP on the same data for the parameter
 * comparison. Returns plain numbers (filters, feature maps, confusion matrix, mistakes) for the
 * renderer and the reply text.
 */
import type { LayersModel, Sequential, Tensor } from '@tensorflow/tfjs';
import { DIGIT_CLASSES, DIGIT_PIXELS, DIGIT_SIZE_PX, generateDigits, type DigitSet } from '../../digits.ts';
import type { Tf } from '../load-tf.ts';
import { createAdam } from '../fused-adam.ts';
import { runDemo } from './demo-runner.ts';
import { seededInitializers, type DemoHooks, type DemoStopReason } from './run-control.ts';

/** What a student may set for the CNN demo. */
export interface CnnDemoOptions {
  epochs: number;
  learningRate: number;
  seed: number;
  /** Training images (the test set is a fixed 1000 of other images). */
  trainImages: number;
  /** Filters in the first convolution (the second has twice as many). */
  filters: number;
}

/** Defaults sized to train in well under 20 s on 2 cores with the pure-JS backend. */
export const CNN_DEFAULTS: CnnDemoOptions = { epochs: 3, learningRate: 0.01, seed: 1, trainImages: 3000, filters: 6 };
/** Test images (fixed). */
export const CNN_TEST_IMAGES = 1000;
/** Hidden units of the comparison MLP (256 → this → 10). */
export const MLP_HIDDEN_UNITS = 64;

/** One picture of a digit with what the network said. */
export interface DigitExample {
  pixels: number[];
  label: number;
  predicted: number;
}

/** One layer's activations for the example digit: `maps` feature maps of `size`×`size`. */
export interface FeatureMapLayer {
  name: string;
  size: number;
  maps: number[][];
}

/** Everything the CNN demo measured. */
export interface CnnDemoResult {
  options: CnnDemoOptions;
  backend: string;
  stopReason: DemoStopReason;
  epochsRun: number;
  trainMs: number;
  testAccuracy: number;
  trainAccuracy: number;
  params: number;
  /** 3×3 weights of each first-layer filter, row by row. */
  filters: number[][];
  /** Per first-layer filter: mean response to a vertical bar minus to a horizontal bar (positive = prefers vertical strokes). */
  verticalPreference: number[];
  /** The input and the activations of one test digit after each layer. */
  example: DigitExample;
  featureMaps: FeatureMapLayer[];
  /** confusion[true][predicted] counts on the test set. */
  confusion: number[][];
  misclassified: DigitExample[];
  mlp: { hiddenUnits: number; params: number; testAccuracy: number; epochs: number };
}

function buildCnn(tf: Tf, options: CnnDemoOptions): Sequential {
  const init = seededInitializers(tf, options.seed);
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ name: 'conv1', inputShape: [DIGIT_SIZE_PX, DIGIT_SIZE_PX, 1], filters: options.filters, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init.he() }));
  model.add(tf.layers.maxPooling2d({ name: 'pool1', poolSize: 2 }));
  model.add(tf.layers.conv2d({ name: 'conv2', filters: options.filters * 2, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init.he() }));
  model.add(tf.layers.maxPooling2d({ name: 'pool2', poolSize: 2 }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ name: 'output', units: DIGIT_CLASSES, activation: 'softmax', kernelInitializer: init.glorot() }));
  model.compile({ optimizer: createAdam(tf, options.learningRate), loss: 'categoricalCrossentropy' });
  return model;
}

function buildMlp(tf: Tf, options: CnnDemoOptions): Sequential {
  const init = seededInitializers(tf, options.seed + 7919);
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [DIGIT_PIXELS], units: MLP_HIDDEN_UNITS, activation: 'relu', kernelInitializer: init.he() }));
  model.add(tf.layers.dense({ units: DIGIT_CLASSES, activation: 'softmax', kernelInitializer: init.glorot() }));
  model.compile({ optimizer: createAdam(tf, options.learningRate / 5), loss: 'categoricalCrossentropy' });
  return model;
}

function predictClasses(model: LayersModel, x: Tensor): Int32Array {
  const tf = model as unknown as { predict(x: Tensor): Tensor };
  const probabilities = tf.predict(x);
  const classes = probabilities.argMax(-1);
  const out = Int32Array.from(classes.dataSync());
  probabilities.dispose();
  classes.dispose();
  return out;
}

function accuracyOf(predicted: Int32Array, labels: Int32Array): number {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) correct++;
  return correct / labels.length;
}

function digitAt(set: DigitSet, index: number, predicted: number): DigitExample {
  return { pixels: Array.from(set.pixels.subarray(index * DIGIT_PIXELS, (index + 1) * DIGIT_PIXELS)), label: set.labels[index], predicted };
}

/** A 16×16 image with a 2-px bar through the middle, vertical or horizontal. */
function barImage(vertical: boolean): Float32Array {
  const image = new Float32Array(DIGIT_PIXELS);
  for (let y = 0; y < DIGIT_SIZE_PX; y++)
    for (let x = 0; x < DIGIT_SIZE_PX; x++) {
      const along = vertical ? x : y;
      if (along === 7 || along === 8) image[y * DIGIT_SIZE_PX + x] = 1;
    }
  return image;
}

/** Feature maps of one image after every conv and pool layer, channels split into maps. */
function featureMapsOf(tf: Tf, model: Sequential, image: Float32Array): FeatureMapLayer[] {
  const names = ['conv1', 'pool1', 'conv2', 'pool2'];
  const probe = tf.model({ inputs: model.inputs, outputs: names.map((n) => model.getLayer(n).output as never) });
  return tf.tidy(() => {
    const outputs = probe.predict(tf.tensor4d(image, [1, DIGIT_SIZE_PX, DIGIT_SIZE_PX, 1])) as Tensor[];
    return outputs.map((output, i) => {
      const [, size, , channels] = output.shape as number[];
      const values = output.dataSync();
      const maps = Array.from({ length: channels }, (_, c) => Array.from({ length: size * size }, (_, p) => values[p * channels + c]));
      return { name: names[i], size, maps };
    });
  });
}

/** Trains the CNN and the comparison MLP on the generated digits and measures what the pictures show. */
export function trainCnnDemo(options: CnnDemoOptions, hooks: DemoHooks): Promise<CnnDemoResult> {
  return runDemo(hooks, async ({ tf, backend, control, keep, fit, isRunning }) => {
    control.progress(0, 'drawing the digits…', true);
    const train = generateDigits(options.trainImages, options.seed, 'train');
    const test = generateDigits(CNN_TEST_IMAGES, options.seed, 'test');
    const xTrain = keep(tf.tensor4d(train.pixels, [train.count, DIGIT_SIZE_PX, DIGIT_SIZE_PX, 1]));
    const yTrain = keep(tf.tidy(() => tf.oneHot(tf.tensor1d(train.labels, 'int32'), DIGIT_CLASSES)));
    const xTest = keep(tf.tensor4d(test.pixels, [test.count, DIGIT_SIZE_PX, DIGIT_SIZE_PX, 1]));
    const cnn = keep(buildCnn(tf, options));
    const mlp = keep(buildMlp(tf, options));
    const batchSize = 32;
    const epochsRun = await fit(cnn, xTrain, yTrain, { label: 'CNN', epochs: options.epochs, batchSize, from: 0.03, to: 0.8 });
    const cnnStop = control.stopReason;
    const mlpEpochs = options.epochs * 3;
    if (isRunning()) {
      const flatTrain = keep(xTrain.reshape([train.count, DIGIT_PIXELS]));
      await fit(mlp, flatTrain, yTrain, { label: 'MLP for comparison', epochs: mlpEpochs, batchSize, from: 0.8, to: 0.95 });
    }
    control.progress(0.96, 'measuring…', true);
    const predicted = predictClasses(cnn, xTest);
    const trainPredicted = predictClasses(cnn, xTrain);
    const mlpPredicted = tf.tidy(() => predictClasses(mlp, xTest.reshape([test.count, DIGIT_PIXELS])));
    const confusion = Array.from({ length: DIGIT_CLASSES }, () => new Array<number>(DIGIT_CLASSES).fill(0));
    const wrong: number[] = [];
    for (let i = 0; i < test.count; i++) {
      confusion[test.labels[i]][predicted[i]]++;
      if (predicted[i] !== test.labels[i]) wrong.push(i);
    }
    const kernel = cnn.getLayer('conv1').getWeights()[0];
    const kernelValues = kernel.dataSync();
    const filters = Array.from({ length: options.filters }, (_, f) => Array.from({ length: 9 }, (_, k) => kernelValues[k * options.filters + f]));
    const bars = [barImage(true), barImage(false)].map((image) => featureMapsOf(tf, cnn, image)[0].maps.map((m) => m.reduce((a, b) => a + b, 0) / m.length));
    const exampleIndex = test.labels.indexOf(options.seed % DIGIT_CLASSES);
    return {
      options,
      backend,
      stopReason: control.stopReason,
      epochsRun,
      trainMs: control.elapsedMs(),
      testAccuracy: accuracyOf(predicted, test.labels),
      trainAccuracy: accuracyOf(trainPredicted, train.labels),
      params: cnn.countParams(),
      filters,
      verticalPreference: bars[0].map((v, f) => v - bars[1][f]),
      example: digitAt(test, exampleIndex, predicted[exampleIndex]),
      featureMaps: featureMapsOf(tf, cnn, test.pixels.subarray(exampleIndex * DIGIT_PIXELS, (exampleIndex + 1) * DIGIT_PIXELS)),
      confusion,
      misclassified: wrong.slice(0, 8).map((i) => digitAt(test, i, predicted[i])),
      mlp: { hiddenUnits: MLP_HIDDEN_UNITS, params: mlp.countParams(), testAccuracy: cnnStop === 'epochs' ? accuracyOf(mlpPredicted, test.labels) : NaN, epochs: cnnStop === 'epochs' ? mlpEpochs : 0 },
    };
  });
}
