/**
 * The fast engine against TensorFlow.js as an oracle: same initial weights, same batches →
 * the same gradients (autodiff vs hand-written backprop) and the same trajectories.
 *
 * Tolerances. TensorFlow.js computes in float32 (unit roundoff 2⁻²⁴ ≈ 6e-8); the fast engine in
 * float64. A gradient here is a sum over ≤ 250 examples of products through ≤ 3 layers of ≤ 8
 * units, so float32 rounding moves it by about 1e-7 of its size (measured: ≤ 4.9e-7). 1e-5 leaves
 * a 30× margin yet is far below what a wrong derivative or a wrong loss scaling produces (1e-2 … 1).
 * Differences are norm-wise — max|a − b| / max|a| — because element-wise relative error is
 * meaningless for components that are almost zero (those are pure float32 cancellation noise).
 * After 20 optimiser steps the rounding has compounded through the updates (measured ≤ 3.6e-6 on
 * the weights, ≤ 2.5e-5 on the displacement w₂₀ − w₀, worst with Adam, whose first steps are
 * ≈ lr·sign(g)); the 1e-3 bound holds with a wide margin for both, and the displacement is
 * the stricter check: it is what the optimiser actually did.
 */
import { describe, expect, it } from 'vitest';
import { prepareRun, trainSync, type PreparedRun } from '../../src/engine/train.ts';
import { resolveSpec, type TrainSpecInput } from '../../src/engine/spec.ts';
import type { ActivationName, OptimizerName } from '../../src/engine/types.ts';
import { ACTIVATION_NAMES } from '../../src/engine/types.ts';
import { trainWithTfjs } from '../../src/engine/tfjs/train-tfjs.ts';
import { createBatchRng, fastBatchGradient, relativeDifference, tfjsBatchGradient } from '../../src/engine/tfjs/oracle.ts';

const GRADIENT_TOLERANCE = 1e-5;
const TWENTY_STEP_TOLERANCE = 1e-3;

/** The run with its initial weights rounded to float32, so both engines differentiate at exactly the same point. */
function runAtFloat32Weights(input: TrainSpecInput): PreparedRun {
  const run = prepareRun(resolveSpec(input));
  const p = run.mlp.params;
  for (let i = 0; i < p.length; i++) p[i] = Math.fround(p[i]);
  return run;
}

/** The training order of the first epoch, as TrainingSession shuffles it. */
function firstEpochOrder(run: PreparedRun): Int32Array {
  const order = Int32Array.from({ length: run.train.count }, (_, i) => i);
  createBatchRng(run.spec.seed).shuffleInPlace(order);
  return order;
}

async function gradientDifference(input: TrainSpecInput, batch = 10): Promise<{ difference: number; largest: number }> {
  const run = runAtFloat32Weights(input);
  const order = firstEpochOrder(run);
  const count = Math.min(batch, run.train.count);
  const fast = fastBatchGradient(run, order, 0, count);
  const tfjs = await tfjsBatchGradient(run, order, 0, count);
  return { difference: relativeDifference(fast, tfjs), largest: Math.max(...fast.map(Math.abs)) };
}

const SMALL_NET = { dataset: 'spiral', points: 400, noise: 10, features: 'x1,x2,x1x2,sinx1', layers: '8,6', seed: 5 } as const;

describe('gradients: fast backprop = TensorFlow.js autodiff on the same weights and batch (1e-5 relative)', () => {
  it.each(ACTIVATION_NAMES.map((a) => [a]))('hidden activation %s with sigmoid + cross-entropy output agrees', async (activation) => {
    const { difference, largest } = await gradientDifference({ ...SMALL_NET, activation });
    expect(largest).toBeGreaterThan(1e-4); // a real gradient, not two zero vectors
    expect(difference).toBeLessThan(GRADIENT_TOLERANCE);
  });

  it.each([
    ['binary, Playground mode (tanh output, ½(ŷ − t)² on ±1 labels)', { dataset: 'circle', playgroundMode: true }],
    ['regression plane (linear output, ½(ŷ − t)²)', { dataset: 'plane' }],
    ['multigauss regression with relu', { dataset: 'multigauss', activation: 'relu' }],
    ['3-class spiral (softmax + cross-entropy, ∂L/∂z = p − onehot)', { dataset: 'spiral3' }],
    ['4 blobs (softmax + cross-entropy) with selu', { dataset: 'blobs4', activation: 'selu' }],
    ['scaled inputs with all seven features', { dataset: 'gauss', scale: true, features: 'x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2' }],
    ['no hidden layer', { dataset: 'xor', layers: 'none', features: 'x1x2' }],
    ['glorot initialisation, 4 hidden layers', { dataset: 'spiral', init: 'glorot', layers: '8,8,8,8' }],
  ] as [string, TrainSpecInput][])('%s agrees', async (_name, overrides) => {
    const { difference, largest } = await gradientDifference({ ...SMALL_NET, ...overrides });
    expect(largest).toBeGreaterThan(1e-4);
    expect(difference).toBeLessThan(GRADIENT_TOLERANCE);
  });

  it.each([[1], [25], [200]])('batch of %i examples (SGD, mini-batch, full batch) agrees', async (batch) => {
    const { difference } = await gradientDifference({ ...SMALL_NET, activation: 'tanh' }, batch);
    expect(difference).toBeLessThan(GRADIENT_TOLERANCE);
  });

  it('the check is sharp: moving one weight by 1e-3 on the tf side breaks the 1e-5 agreement', async () => {
    const run = runAtFloat32Weights({ ...SMALL_NET, activation: 'tanh' });
    const order = firstEpochOrder(run);
    const fast = fastBatchGradient(run, order, 0, 10);
    run.mlp.params[0] += 1e-3;
    const tfjs = await tfjsBatchGradient(run, order, 0, 10);
    expect(relativeDifference(fast, tfjs)).toBeGreaterThan(GRADIENT_TOLERANCE);
  });
});

/** 400 points at a 50/0/50 split → 200 training examples → one epoch of batch 10 is exactly 20 steps. */
const TWENTY_STEPS = { dataset: 'spiral', points: 400, noise: 10, layers: '8,8', batchSize: 10, epochs: 1, seed: 3 } as const;
const LEARNING_RATES: Record<Exclude<OptimizerName, 'evolution'>, number> = {
  sgd: 0.1, momentum: 0.05, nesterov: 0.05, adagrad: 0.1, rmsprop: 0.01, adam: 0.01,
};

/** Trains the same one-epoch spec on both engines; returns the weight and displacement differences. */
async function twentyStepDifference(input: TrainSpecInput): Promise<{ weights: number; displacement: number; gradNorms: number; steps: number }> {
  const spec = resolveSpec(input);
  const initial = prepareRun(spec).mlp.params;
  const fast = trainSync(spec);
  const tfjs = await trainWithTfjs({ ...spec, engine: 'tfjs' });
  const moved = (params: number[]): number[] => params.map((p, i) => p - initial[i]);
  const batch = spec.batchSize === 'full' ? Infinity : spec.batchSize;
  return {
    weights: relativeDifference(fast.network.params, tfjs.network.params),
    displacement: relativeDifference(moved(fast.network.params), moved(tfjs.network.params)),
    gradNorms: relativeDifference(fast.history[0].gradNorms, tfjs.history[0].gradNorms),
    steps: Math.ceil(prepareRun(spec).train.count / batch),
  };
}

describe('trajectories: weights after 20 steps agree to 1e-3 relative', () => {
  const activations: ActivationName[] = ['tanh', 'relu', 'sigmoid', 'elu'];
  const optimizers = Object.keys(LEARNING_RATES) as (keyof typeof LEARNING_RATES)[];
  const cases = activations.flatMap((activation) => optimizers.map((optimizer) => [activation, optimizer] as const));

  it.each(cases)('%s hidden units with %s: weights and their displacement agree', async (activation, optimizer) => {
    const result = await twentyStepDifference({ ...TWENTY_STEPS, activation, optimizer, learningRate: LEARNING_RATES[optimizer] });
    expect(result.steps).toBe(20);
    expect(result.weights).toBeLessThan(TWENTY_STEP_TOLERANCE);
    expect(result.displacement).toBeLessThan(TWENTY_STEP_TOLERANCE);
  });

  it.each([
    ['L2 (gradient + rate·w) with sgd', { regularization: 'l2', regRate: 0.03, optimizer: 'sgd', learningRate: 0.1 }],
    ['L2 with adam', { regularization: 'l2', regRate: 0.03, optimizer: 'adam', learningRate: 0.01 }],
    ['L1 (gradient + rate·sign w) with momentum', { regularization: 'l1', regRate: 0.01, optimizer: 'momentum', learningRate: 0.05 }],
    ['dropout 0.3 (same masks from the same seed stream) with rmsprop', { dropout: 0.3, optimizer: 'rmsprop', learningRate: 0.01 }],
    ['Playground mode with gelu and adagrad', { playgroundMode: true, activation: 'gelu', optimizer: 'adagrad', learningRate: 0.1 }],
    ['softmax on 3 spiral arms with leaky-relu and adam', { dataset: 'spiral3', activation: 'leaky-relu', optimizer: 'adam', learningRate: 0.01 }],
  ] as [string, TrainSpecInput][])('%s: weights and displacement agree', async (_name, overrides) => {
    const result = await twentyStepDifference({ ...TWENTY_STEPS, ...overrides });
    expect(result.steps).toBe(20);
    expect(result.weights).toBeLessThan(TWENTY_STEP_TOLERANCE);
    expect(result.displacement).toBeLessThan(TWENTY_STEP_TOLERANCE);
  });

  it('the per-layer gradient norms of the epoch agree (mean |∂L/∂w| over the same 20 batches)', async () => {
    const result = await twentyStepDifference({ ...TWENTY_STEPS, activation: 'sigmoid', layers: '8,8,8', learningRate: 0.1 });
    expect(result.gradNorms).toBeLessThan(1e-4);
  });

  it('the check is sharp: a different learning rate on one side is far outside 1e-3', async () => {
    const spec = resolveSpec({ ...TWENTY_STEPS, optimizer: 'adam', learningRate: 0.01 });
    const fast = trainSync(spec);
    const tfjs = await trainWithTfjs({ ...spec, learningRate: 0.011, engine: 'tfjs' });
    expect(relativeDifference(fast.network.params, tfjs.network.params)).toBeGreaterThan(TWENTY_STEP_TOLERANCE);
  });
});

describe('whole runs: the loss curves of both engines coincide', () => {
  it('30 epochs on circle: every epoch’s train and test loss agree to 1e-4 and the accuracies match', async () => {
    // Rounding differences grow only slowly on a well-conditioned run (measured ~1e-8 after 30 epochs).
    const spec = resolveSpec({ dataset: 'circle', noise: 10, layers: '4,2', learningRate: 0.1, epochs: 30, seed: 2 });
    const fast = trainSync(spec);
    const tfjs = await trainWithTfjs({ ...spec, engine: 'tfjs' });
    expect(tfjs.history).toHaveLength(fast.history.length);
    fast.history.forEach((entry, i) => {
      expect(Math.abs(tfjs.history[i].trainLoss - entry.trainLoss) / entry.trainLoss).toBeLessThan(1e-4);
      expect(Math.abs(tfjs.history[i].testLoss - entry.testLoss) / entry.testLoss).toBeLessThan(1e-4);
    });
    expect(tfjs.final.testAccuracy).toBe(fast.final.testAccuracy);
  });
});
