/**
 * /architecture rnn: a SimpleRNN reads the last `RNN_WINDOW` points of a noisy sum of two sines
 * and predicts the next one; an MLP does the same from a fixed window of the last `MLP_WINDOW`
 * points. Both are then unrolled on a test series — each prediction fed back as the next input —
 * and compared with the clean signal: how far ahead each stays within `TOLERANCE`.
 */
import type { Sequential, Tensor } from '@tensorflow/tfjs';
import { createRng } from '../../rng.ts';
import type { Tf } from '../load-tf.ts';
import { createAdam } from '../fused-adam.ts';
import { runDemo } from './demo-runner.ts';
import { seededInitializers, type DemoHooks, type DemoStopReason } from './run-control.ts';

/** What a student may set for the RNN demo. */
export interface RnnDemoOptions {
  epochs: number;
  learningRate: number;
  seed: number;
  /** Training windows (each a stretch of a series with its own phases). */
  trainWindows: number;
  /** Hidden units of the recurrent layer. */
  units: number;
}

/** Defaults sized to train in a few seconds on 2 cores. */
export const RNN_DEFAULTS: RnnDemoOptions = { epochs: 8, learningRate: 0.01, seed: 1, trainWindows: 600, units: 16 };
/** Past points the RNN reads (its state carries them). */
export const RNN_WINDOW = 32;
/** Past points the MLP sees: a fixed window. */
export const MLP_WINDOW = 8;
/** Steps predicted beyond the input. */
export const HORIZON_STEPS = 60;
/** Standard deviation of the measurement noise on every point. */
export const NOISE_STD = 0.15;
/** A prediction counts as right while it is within this of the clean signal. */
export const TOLERANCE = 0.3;
const STEP = 0.25;

/** Clean value at time t of the series with phases (p1, p2): sin t + ½ sin(2.3 t + p2). */
function cleanAt(t: number, p1: number, p2: number): number {
  return Math.sin(t + p1) + 0.5 * Math.sin(2.3 * t + p2);
}

/** One test series with what each model predicted beyond the input. */
export interface RnnDemoResult {
  options: RnnDemoOptions;
  backend: string;
  stopReason: DemoStopReason;
  epochsRun: number;
  trainMs: number;
  /** The noisy points both models were given (the last RNN_WINDOW of them feed the RNN). */
  observed: number[];
  /** The clean signal over the horizon (what "right" means). */
  truth: number[];
  rnnPrediction: number[];
  mlpPrediction: number[];
  /** Mean absolute error against the clean signal over the horizon, averaged over the test series. */
  rnnError: number;
  mlpError: number;
  /** Steps ahead each stays within TOLERANCE of the clean signal (first miss), averaged over the test series. */
  rnnGoodSteps: number;
  mlpGoodSteps: number;
  rnnParams: number;
  mlpParams: number;
  testSeries: number;
}

interface Windows { x: Float32Array; y: Float32Array; count: number }

function makeWindows(count: number, length: number, seed: number): Windows {
  const rng = createRng(seed);
  const x = new Float32Array(count * length);
  const y = new Float32Array(count);
  for (let n = 0; n < count; n++) {
    const p1 = rng.uniform(0, 2 * Math.PI);
    const p2 = rng.uniform(0, 2 * Math.PI);
    for (let i = 0; i < length; i++) x[n * length + i] = cleanAt(i * STEP, p1, p2) + rng.normal(0, NOISE_STD ** 2);
    y[n] = cleanAt(length * STEP, p1, p2) + rng.normal(0, NOISE_STD ** 2);
  }
  return { x, y, count };
}

function buildRnn(tf: Tf, options: RnnDemoOptions): Sequential {
  const init = seededInitializers(tf, options.seed);
  const model = tf.sequential();
  model.add(tf.layers.simpleRNN({ inputShape: [RNN_WINDOW, 1], units: options.units, kernelInitializer: init.glorot(), recurrentInitializer: tf.initializers.orthogonal({ seed: options.seed * 1000 + 99 }) }));
  model.add(tf.layers.dense({ units: 1, kernelInitializer: init.glorot() }));
  model.compile({ optimizer: createAdam(tf, options.learningRate), loss: 'meanSquaredError' });
  return model;
}

function buildMlp(tf: Tf, options: RnnDemoOptions): Sequential {
  const init = seededInitializers(tf, options.seed + 7919);
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [MLP_WINDOW], units: 32, activation: 'tanh', kernelInitializer: init.glorot() }));
  model.add(tf.layers.dense({ units: 1, kernelInitializer: init.glorot() }));
  model.compile({ optimizer: createAdam(tf, options.learningRate), loss: 'meanSquaredError' });
  return model;
}

/** Feeds each prediction back as the newest input, `steps` times; `shape` turns the window into the model's input. */
function unroll(tf: Tf, model: Sequential, history: number[], window: number, steps: number, shape: (w: number[]) => Tensor): number[] {
  const series = [...history];
  const out: number[] = [];
  for (let s = 0; s < steps; s++) {
    const next = tf.tidy(() => (model.predict(shape(series.slice(-window))) as Tensor).dataSync()[0]);
    out.push(next);
    series.push(next);
  }
  return out;
}

function goodSteps(prediction: number[], truth: number[]): number {
  const miss = prediction.findIndex((p, i) => Math.abs(p - truth[i]) > TOLERANCE);
  return miss < 0 ? prediction.length : miss;
}

function meanAbsError(prediction: number[], truth: number[]): number {
  return prediction.reduce((sum, p, i) => sum + Math.abs(p - truth[i]), 0) / prediction.length;
}

/** Test series the continuation is measured on (the picture shows the first). */
const TEST_SERIES = 8;

/** Trains the RNN and the fixed-window MLP and unrolls both beyond the input on test series. */
export function trainRnnDemo(options: RnnDemoOptions, hooks: DemoHooks): Promise<RnnDemoResult> {
  return runDemo(hooks, async ({ tf, backend, control, keep, fit, isRunning }) => {
    const windows = makeWindows(options.trainWindows, RNN_WINDOW, options.seed);
    const xRnn = keep(tf.tensor3d(windows.x, [windows.count, RNN_WINDOW, 1]));
    const y = keep(tf.tensor2d(windows.y, [windows.count, 1]));
    const xMlp = keep(tf.tidy(() => xRnn.slice([0, RNN_WINDOW - MLP_WINDOW, 0], [windows.count, MLP_WINDOW, 1]).reshape([windows.count, MLP_WINDOW])));
    const rnn = keep(buildRnn(tf, options));
    const mlp = keep(buildMlp(tf, options));
    const batchSize = 32;
    const epochsRun = await fit(rnn, xRnn, y, { label: 'RNN', epochs: options.epochs, batchSize, from: 0, to: 0.75 });
    const mlpEpochs = options.epochs * 2;
    if (isRunning()) await fit(mlp, xMlp, y, { label: 'MLP on a fixed window', epochs: mlpEpochs, batchSize, from: 0.75, to: 0.9 });
    control.progress(0.92, 'unrolling both beyond the input…', true);
    const rng = createRng(options.seed * 7 + 3);
    const series: { observed: number[]; truth: number[]; rnn: number[]; mlp: number[] }[] = [];
    for (let s = 0; s < TEST_SERIES; s++) {
      const p1 = rng.uniform(0, 2 * Math.PI);
      const p2 = rng.uniform(0, 2 * Math.PI);
      const observed = Array.from({ length: RNN_WINDOW }, (_, i) => cleanAt(i * STEP, p1, p2) + rng.normal(0, NOISE_STD ** 2));
      const truth = Array.from({ length: HORIZON_STEPS }, (_, i) => cleanAt((RNN_WINDOW + i) * STEP, p1, p2));
      series.push({
        observed, truth,
        rnn: unroll(tf, rnn, observed, RNN_WINDOW, HORIZON_STEPS, (w) => tf.tensor3d(w, [1, RNN_WINDOW, 1])),
        mlp: unroll(tf, mlp, observed, MLP_WINDOW, HORIZON_STEPS, (w) => tf.tensor2d(w, [1, MLP_WINDOW])),
      });
    }
    const mean = (f: (s: (typeof series)[number]) => number) => series.reduce((sum, s) => sum + f(s), 0) / series.length;
    return {
      options, backend, stopReason: control.stopReason, epochsRun, trainMs: control.elapsedMs(),
      observed: series[0].observed, truth: series[0].truth, rnnPrediction: series[0].rnn, mlpPrediction: series[0].mlp,
      rnnError: mean((s) => meanAbsError(s.rnn, s.truth)),
      mlpError: mean((s) => meanAbsError(s.mlp, s.truth)),
      rnnGoodSteps: mean((s) => goodSteps(s.rnn, s.truth)),
      mlpGoodSteps: mean((s) => goodSteps(s.mlp, s.truth)),
      rnnParams: rnn.countParams(), mlpParams: mlp.countParams(), testSeries: TEST_SERIES,
    };
  });
}
