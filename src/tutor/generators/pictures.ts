/**
 * Generators that show a picture of a real run with the names hidden: which activation drew this
 * boundary, and is this run over- or under-fitting. The answer is the run's own setting (or the
 * regime its recipe produces), and every (recipe, seed) the generator can pick is one that
 * test/tutor/quiz-generators.test.ts trains and checks with the engine.
 */
import type { ActivationName } from '../../engine/types.ts';
import type { ExperimentSpec } from '../content/schema.ts';
import { pickOne } from './numbers.ts';
import type { QuestionGenerator } from './types.ts';

/** Seeds whose runs the tests check (a fresh pick of data, initial weights and batch order each time). */
export const PICTURE_SEEDS = [1, 2, 3, 5, 8, 13, 21, 34] as const;

/** The activations a boundary question can have drawn with, the shape each one gives, and how it is shown. */
export const BOUNDARY_ACTIVATIONS = {
  identity: { choice: 'Identity (linear)', shape: 'a single straight line: a network without a nonlinearity is one linear map' },
  relu: { choice: 'ReLU', shape: 'straight edges meeting at corners — a polygon: a ReLU network is piecewise linear' },
  tanh: { choice: 'Tanh', shape: 'a smooth, rounded curve: tanh is smooth everywhere' },
} as const satisfies Partial<Record<ActivationName, { choice: string; shape: string }>>;
export type BoundaryActivation = keyof typeof BOUNDARY_ACTIVATIONS;

/** The run behind a "which activation drew this boundary" picture. */
export function boundarySpec(activation: BoundaryActivation, hidden: number, seed: number): ExperimentSpec {
  return { dataset: 'circle', features: ['x1', 'x2'], layers: [hidden], activation, learningRate: 0.03, batchSize: 10, epochs: 300, seed };
}

/** Hidden-layer sizes a boundary picture may use. */
export const BOUNDARY_HIDDEN = [6, 8] as const;

/** "Which activation drew this boundary?" from a real run on the circle data, names hidden. */
export const boundaryActivationGenerator: QuestionGenerator = {
  id: 'gen-which-activation-boundary', lesson: 'exercise-1', difficulty: 'medium', hasPicture: true,
  summary: 'which activation drew this decision boundary (a real run, names hidden)',
  generate(rng) {
    const activation = pickOne(rng, Object.keys(BOUNDARY_ACTIVATIONS) as BoundaryActivation[]);
    const hidden = pickOne(rng, BOUNDARY_HIDDEN);
    const seed = pickOne(rng, PICTURE_SEEDS);
    const choices = [BOUNDARY_ACTIVATIONS.identity.choice, BOUNDARY_ACTIVATIONS.relu.choice, BOUNDARY_ACTIVATIONS.tanh.choice, 'Binary step'];
    return {
      type: 'chart',
      prompt: `One hidden layer of ${hidden} neurons, inputs x1 and x2, trained on the circle data. Which activation drew this boundary?`,
      chart: { kind: 'decision-boundary', discretize: true, spec: boundarySpec(activation, hidden, seed) },
      choices, answer: choices.indexOf(BOUNDARY_ACTIVATIONS[activation].choice),
      explanation: `It was ${BOUNDARY_ACTIVATIONS[activation].choice}: ${BOUNDARY_ACTIVATIONS[activation].shape}. The binary step cannot be trained by gradients at all (its derivative is 0).`,
    };
  },
};

/** The fitting regimes a loss-curve picture can show, with the recipe that produces each. */
export const FIT_REGIMES = {
  overfitting: {
    choice: 'Overfitting: validation rises as training falls',
    why: 'the training loss keeps falling while the validation loss passes a minimum and rises — a big network memorising few noisy points',
    spec: (seed: number): ExperimentSpec => ({ dataset: 'gauss', points: 80, noise: 50, layers: [8, 8, 8], activation: 'relu', learningRate: 0.1, batchSize: 5, epochs: 600, split: { train: 0.5, val: 0.25, test: 0.25 }, seed }),
  },
  underfitting: {
    choice: 'Underfitting: both losses stay high',
    why: 'both losses stay high and flat together — a linear network cannot separate a disc from a ring',
    spec: (seed: number): ExperimentSpec => ({ dataset: 'circle', features: ['x1', 'x2'], layers: [4, 2], activation: 'identity', learningRate: 0.03, batchSize: 10, epochs: 150, split: { train: 0.6, val: 0.2, test: 0.2 }, seed }),
  },
  'good fit': {
    choice: 'A good fit: both fall together',
    why: 'both losses fall together to a low value and stay close — enough capacity, clean data',
    spec: (seed: number): ExperimentSpec => ({ dataset: 'circle', features: ['x1', 'x2'], layers: [6], activation: 'tanh', learningRate: 0.03, batchSize: 10, epochs: 200, split: { train: 0.6, val: 0.2, test: 0.2 }, seed }),
  },
} as const;
export type FitRegime = keyof typeof FIT_REGIMES;

/** "Is this run over- or under-fitting?" from a real run's loss curves, names hidden. */
export const fitRegimeGenerator: QuestionGenerator = {
  id: 'gen-fit-regime', lesson: 'overfitting', difficulty: 'medium', hasPicture: true,
  summary: 'is this run over- or under-fitting, or a good fit (real loss curves)',
  generate(rng) {
    const regime = pickOne(rng, Object.keys(FIT_REGIMES) as FitRegime[]);
    const seed = pickOne(rng, PICTURE_SEEDS);
    const choices = [FIT_REGIMES.overfitting.choice, FIT_REGIMES.underfitting.choice, FIT_REGIMES['good fit'].choice, 'Divergence: the losses blow up, then stop early'];
    return {
      type: 'chart',
      prompt: 'Training and validation loss of a real run. Is it over- or under-fitting?',
      chart: { kind: 'loss-curve', spec: FIT_REGIMES[regime].spec(seed) },
      choices, answer: choices.indexOf(FIT_REGIMES[regime].choice),
      explanation: `${regime[0].toUpperCase()}${regime.slice(1)}: ${FIT_REGIMES[regime].why}.`,
    };
  },
};

/**
 * The optimisers a path picture can show on the ravine (steep across, flat along), the learning
 * rates it may use, and the mark each leaves: plain GD zig-zags across, momentum overshoots the
 * minimum and swings back, AdaGrad curves in smoothly and slows down as its step sizes shrink.
 */
export const PATH_OPTIMIZERS = {
  sgd: { choice: 'Plain gradient descent', learningRates: [0.8, 0.85, 0.9, 0.95], mark: 'it zig-zags across the steep direction: one learning rate is too large across the ravine and too small along it' },
  momentum: { choice: 'Gradient descent with momentum', learningRates: [0.06, 0.07], mark: 'it swings across in a few wide, smooth arcs and overshoots the minimum before coming back: the velocity keeps it going after the gradient has turned' },
  adagrad: { choice: 'AdaGrad', learningRates: [0.4, 0.5, 0.6], mark: 'it curves in smoothly without zig-zag or overshoot, and slows down as the sum of squared gradients grows' },
} as const;
export type PathOptimizer = keyof typeof PATH_OPTIMIZERS;
/** Path lengths (steps) a picture may show. */
export const PATH_STEPS = [60, 80, 100] as const;

/** "Which optimiser drew this path?" from a real run on the ravine, names and colours hidden. */
export const optimizerPathGenerator: QuestionGenerator = {
  id: 'gen-which-optimizer-path', lesson: 'optimisers', difficulty: 'medium', hasPicture: true,
  summary: 'which optimiser drew this path over a loss surface (a real run, names hidden)',
  generate(rng) {
    const optimizer = pickOne(rng, Object.keys(PATH_OPTIMIZERS) as PathOptimizer[]);
    const learningRate = pickOne(rng, PATH_OPTIMIZERS[optimizer].learningRates);
    const steps = pickOne(rng, PATH_STEPS);
    const choices = [PATH_OPTIMIZERS.sgd.choice, PATH_OPTIMIZERS.momentum.choice, PATH_OPTIMIZERS.adagrad.choice, "Newton's method"];
    return {
      type: 'chart',
      prompt: `One optimiser ran ${steps} steps from the start point over this long, narrow ravine. Which one?`,
      chart: { kind: 'optimizer-path', surface: 'ravine', optimizer, learningRate, steps },
      choices, answer: choices.indexOf(PATH_OPTIMIZERS[optimizer].choice),
      explanation: `${PATH_OPTIMIZERS[optimizer].choice} (learning rate ${learningRate}): ${PATH_OPTIMIZERS[optimizer].mark}. Newton's method would jump to the minimum of this quadratic in one step.`,
    };
  },
};

/** The picture generators. */
export const PICTURE_GENERATORS: QuestionGenerator[] = [boundaryActivationGenerator, fitRegimeGenerator, optimizerPathGenerator];
