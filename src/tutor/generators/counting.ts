/** Generators that count: parameters of a random architecture, the cost of one update, updates per epoch, split sizes. */
import { countParams } from '../../engine/network.ts';
import { computeUpdateCost } from '../../engine/cost.ts';
import { formatNumber } from '../answers.ts';
import { halfUnitSignificant, intBetween, pickOne, spreadDistractors } from './numbers.ts';
import type { QuestionGenerator } from './types.ts';

/** A random fully connected architecture: 2–6 inputs, 1–3 hidden layers of 3–16, 1–3 outputs. */
function randomLayers(rng: Parameters<QuestionGenerator['generate']>[0]): number[] {
  const hidden = Array.from({ length: intBetween(rng, 1, 3) }, () => intBetween(rng, 3, 16));
  return [intBetween(rng, 2, 6), ...hidden, intBetween(rng, 1, 3)];
}

const weightsOnly = (layers: number[]) => layers.slice(1).reduce((s, n, i) => s + n * layers[i], 0);

/** Weights + biases of a random architecture. */
export const paramCountGenerator: QuestionGenerator = {
  id: 'gen-param-count', lesson: 'gradient-descent', difficulty: 'medium', hasPicture: false,
  summary: 'parameters (weights + biases) of a random fully connected architecture',
  generate(rng) {
    const layers = randomLayers(rng);
    const answer = countParams(layers);
    const w = weightsOnly(layers);
    const out = layers[layers.length - 1];
    const below = [w, answer - out, answer - layers.slice(1, -1).reduce((s, n) => s + n, 0), w - layers[0]];
    const above = [answer + layers[0], layers.slice(1).reduce((s, n, i) => s + (n + 1) * (layers[i] + 1), 0), answer + layers[0] * out, 2 * w];
    const terms = layers.slice(1).map((n, i) => `(${layers[i]}·${n} + ${n})`).join(' + ');
    return {
      type: 'numeric',
      prompt: `How many parameters (weights + biases) does a fully connected ${layers.join('-')} network have?`,
      answer, tolerance: 0, unit: 'parameters',
      distractors: spreadDistractors(rng, answer, below, above, 0.5),
      check: { kind: 'param-count', layers },
      explanation: `Each layer has n_in·n_out weights and n_out biases: ${terms} = ${answer}. Weights alone would be ${w}.`,
    };
  },
};

/** Computations of one full-batch update for random n and p (the lecture's O(n·p)). */
export const updateCostGenerator: QuestionGenerator = {
  id: 'gen-update-cost', lesson: 'gradient-descent', difficulty: 'medium', hasPicture: false,
  summary: 'computations of one full-batch update for random n and p',
  generate(rng) {
    const layers = randomLayers(rng);
    const points = pickOne(rng, [300, 500, 800, 1000, 1500, 2000, 4000, 5000, 10000]);
    const { params, costs } = computeUpdateCost(layers, points);
    const answer = costs[0].computationsPerUpdate;
    const tolerance = halfUnitSignificant(answer, 2);
    return {
      type: 'numeric',
      prompt: `Full-batch GD on ${formatNumber(points)} points, a ${layers.join('-')} net (${params} parameters): computations per update? (2 significant figures)`,
      answer, tolerance, unit: 'computations',
      distractors: spreadDistractors(rng, answer, [params, points + params, answer / 10, 32 * params], [answer * 10, answer * params, answer * 4], tolerance * 2),
      check: { kind: 'full-batch-cost', layers, points },
      explanation: `One full-batch update uses every point's gradient over every parameter: n·p = ${formatNumber(points)} × ${params} = ${formatNumber(answer)} (O(n·p)). One SGD update costs only about p = ${params}.`,
    };
  },
};

/** Weight updates in one epoch for a random dataset size and batch size (the last batch may be short). */
export const updatesPerEpochGenerator: QuestionGenerator = {
  id: 'gen-updates-per-epoch', lesson: 'gradient-descent', difficulty: 'easy', hasPicture: false,
  summary: 'weight updates per epoch for random n and batch size (1 = SGD, n = full batch)',
  generate(rng) {
    const points = pickOne(rng, [100, 200, 250, 300, 400, 500, 600, 750, 1000, 1200, 2000]) + pickOne(rng, [0, 0, 10, 25, 50]);
    const batchSize = pickOne(rng, [1, 8, 10, 16, 20, 25, 32, 50, 64, 100, points]);
    const answer = Math.ceil(points / batchSize);
    const kind = batchSize === 1 ? 'SGD (batch size 1)' : batchSize === points ? 'full-batch gradient descent' : `mini-batch size ${batchSize}`;
    const shortLast = points % batchSize !== 0 ? ' (a last, smaller batch counts)' : '';
    return {
      type: 'numeric',
      prompt: `${points} training points, ${kind}: how many weight updates per epoch${shortLast}?`,
      answer, tolerance: 0, unit: 'updates',
      distractors: spreadDistractors(rng, answer, [Math.floor(points / batchSize), Math.floor(answer / 2), 1, answer - 1], [points, answer * 2, answer + 1, points * 2, batchSize], 0.5),
      check: { kind: 'updates-per-epoch', points, batchSize },
      explanation: `One update per batch: ⌈${points} / ${batchSize}⌉ = ${answer}. Batch size 1 is SGD (one update per point); batch size n is full-batch gradient descent (one update per epoch).`,
    };
  },
};

const SPLITS: { train: number; val: number; test: number }[] = [
  { train: 70, val: 15, test: 15 }, { train: 80, val: 10, test: 10 }, { train: 60, val: 20, test: 20 }, { train: 75, val: 15, test: 10 }, { train: 70, val: 20, test: 10 },
];

/** Size of the training, validation or test set for a random dataset and split. */
export const splitSizeGenerator: QuestionGenerator = {
  id: 'gen-split-size', lesson: 'training-stages', difficulty: 'easy', hasPicture: false,
  summary: 'size of the training, validation or test set for a random split',
  generate(rng) {
    const points = 100 * intBetween(rng, 5, 60);
    const split = pickOne(rng, SPLITS);
    const part = pickOne(rng, ['train', 'val', 'test'] as const);
    const name = { train: 'training', val: 'validation', test: 'test' }[part];
    const answer = Math.round((points * split[part]) / 100);
    const others = (['train', 'val', 'test'] as const).map((p) => Math.round((points * split[p]) / 100));
    return {
      type: 'numeric',
      prompt: `${points} labelled examples split ${split.train}/${split.val}/${split.test} (train/validation/test). How many in the ${name} set?`,
      answer, tolerance: 0, unit: 'examples',
      distractors: spreadDistractors(rng, answer, [...others, split[part], answer / 2, points - answer], [...others, points - answer, answer * 2, points], 0.5),
      check: { kind: 'split-size', points, fraction: split[part] / 100 },
      explanation: `${split[part]} % of ${points} = ${answer}. The lecture suggests 60–80 % for training, 10–20 % each for validation and test.`,
    };
  },
};
