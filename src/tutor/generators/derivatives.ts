/** Generators on activations and the chain rule: g(x) and g′(x) at random x, chain-rule products, the sigmoid bound, softmax. */
import { activations, sigmoid } from '../../engine/activations.ts';
import type { ActivationName } from '../../engine/types.ts';
import { halfUnitSignificant, intBetween, pickOne, roundDecimals, roundSignificant, spreadDistractors } from './numbers.ts';
import type { QuestionGenerator } from './types.ts';

/** Activations whose engine formula is the lecture table's exactly (GELU uses the tanh approximation, so it is left out). */
const TABLE_ACTIVATIONS: readonly ActivationName[] = ['sigmoid', 'tanh', 'relu', 'leaky-relu', 'elu', 'softplus', 'selu'];
const FORMULA: Partial<Record<ActivationName, string>> = {
  sigmoid: 'σ(x) = 1/(1 + e⁻ˣ)', tanh: 'tanh(x)', relu: 'ReLU(x) = max(0, x)', 'leaky-relu': 'Leaky ReLU (0.01x for x < 0)',
  elu: 'ELU (α = 1)', softplus: 'softplus(x) = ln(1 + eˣ)', selu: 'SELU (λ = 1.0507, α = 1.67326)',
};
const X_VALUES = [-3, -2.5, -2, -1.5, -1, -0.5, 0.5, 1, 1.5, 2, 2.5, 3];

const value = (name: ActivationName, x: number) => activations[name].f(x);
const slope = (name: ActivationName, x: number) => activations[name].df(x, activations[name].f(x));

/** Value lists around an activation's true value: other inputs, other activations, the derivative instead. */
function nearbyMistakes(name: ActivationName, x: number, of: (n: ActivationName, x: number) => number, other: (n: ActivationName, x: number) => number): number[] {
  const pool = [of(name, -x), of(name, 2 * x), of(name, x / 2), other(name, x), -of(name, x), of(name, x) + 0.1, of(name, x) - 0.1, of(name, x) * 2];
  for (const n of TABLE_ACTIVATIONS) if (n !== name) pool.push(of(n, x));
  return pool.map((v) => roundDecimals(v, 3));
}

/** g(x) of a random table activation at a random x, to 3 decimal places. */
export const activationValueGenerator: QuestionGenerator = {
  id: 'gen-activation-value', lesson: 'activations', difficulty: 'medium', hasPicture: false,
  summary: 'an activation g(x) at a random x',
  generate(rng) {
    const name = pickOne(rng, TABLE_ACTIVATIONS);
    const x = pickOne(rng, X_VALUES);
    const answer = roundDecimals(value(name, x), 3);
    const pool = nearbyMistakes(name, x, value, slope);
    return {
      type: 'numeric',
      prompt: `${FORMULA[name]}: what is its value at x = ${x}, to 3 decimal places?`,
      answer, tolerance: 0.0005,
      distractors: spreadDistractors(rng, answer, pool, pool, 0.001),
      check: { kind: 'activation', name, x },
      explanation: `${activations[name].formula}; at x = ${x} that is ${answer}. (${activations[name].label}: range ${activations[name].range}.)`,
    };
  },
};

/** g′(x) of a random table activation at a random x ≠ 0, to 3 decimal places. */
export const activationSlopeGenerator: QuestionGenerator = {
  id: 'gen-activation-derivative', lesson: 'activations', difficulty: 'hard', hasPicture: false,
  summary: 'an activation’s derivative g′(x) at a random x ≠ 0',
  generate(rng) {
    const name = pickOne(rng, TABLE_ACTIVATIONS);
    const x = pickOne(rng, X_VALUES);
    const answer = roundDecimals(slope(name, x), 3);
    const pool = nearbyMistakes(name, x, slope, value);
    return {
      type: 'numeric',
      prompt: `${FORMULA[name]}: what is its derivative g′(x) at x = ${x}, to 3 decimal places?`,
      answer, tolerance: 0.0005,
      distractors: spreadDistractors(rng, answer, pool, pool, 0.001),
      check: { kind: 'derivative', name, x },
      explanation: `${activations[name].derivative}; at x = ${x} that is ${answer}.`,
    };
  },
};

/** The product of random local derivatives (backpropagation is the chain rule), to 2 significant figures. */
export const chainProductGenerator: QuestionGenerator = {
  id: 'gen-chain-product', lesson: 'activations', difficulty: 'medium', hasPicture: false,
  summary: 'a chain-rule product of random local derivatives',
  generate(rng) {
    const factors = Array.from({ length: intBetween(rng, 3, 4) }, () => intBetween(rng, 8, 25) / 100);
    const exact = factors.reduce((a, b) => a * b, 1);
    const answer = roundSignificant(exact, 2);
    const tolerance = halfUnitSignificant(exact, 2);
    const sum = factors.reduce((a, b) => a + b, 0);
    const below = [exact / 10, exact / 100, exact * factors[0]].map((v) => roundSignificant(v, 2));
    const above = [exact * 10, exact * 100, exact / factors[0], sum, Math.min(...factors)].map((v) => roundSignificant(v, 2));
    return {
      type: 'numeric',
      prompt: `Backpropagation multiplies the local derivatives ${factors.join(' × ')}. Their product, to 2 significant figures?`,
      answer, tolerance,
      distractors: spreadDistractors(rng, answer, below, above, tolerance * 2),
      check: { kind: 'product', factors },
      explanation: `${factors.join(' × ')} = ${roundSignificant(exact, 4)} ≈ ${answer}: ${factors.length} factors below 0.25 shrink the gradient ${Math.round(1 / exact)}-fold — the vanishing gradient.`,
    };
  },
};

/** The best case for k sigmoid layers: each multiplies the gradient by at most σ′(0) = 0.25. */
export const sigmoidBoundGenerator: QuestionGenerator = {
  id: 'gen-sigmoid-bound', lesson: 'activations', difficulty: 'medium', hasPicture: false,
  summary: 'the largest gradient factor after k sigmoid layers (0.25ᵏ)',
  generate(rng) {
    const k = intBetween(rng, 2, 9);
    const exact = 0.25 ** k;
    const answer = roundSignificant(exact, 2);
    const tolerance = halfUnitSignificant(exact, 2);
    const below = [0.25 ** (k + 1), 0.25 ** (k + 2), exact / 10].map((v) => roundSignificant(v, 2));
    const above = [0.25 ** (k - 1), 0.5 ** k, 0.25, 1 / (4 * k)].map((v) => roundSignificant(v, 2));
    return {
      type: 'numeric',
      prompt: `σ′(x) is at most 0.25. At best, by what factor do ${k} sigmoid layers scale the gradient? (2 significant figures)`,
      answer, tolerance,
      distractors: spreadDistractors(rng, answer, below, above, tolerance * 2),
      check: { kind: 'power', base: 0.25, exponent: k },
      explanation: `One factor σ′ ≤ 0.25 per layer, multiplied by the chain rule: 0.25^${k} = ${roundSignificant(exact, 4)} ≈ ${answer}. ReLU's derivative is 1 for positive inputs, so it does not shrink the signal.`,
    };
  },
};

/** Softmax probability of one class for random logits (the multi-class output). */
export const softmaxGenerator: QuestionGenerator = {
  id: 'gen-softmax', lesson: 'activations', difficulty: 'hard', hasPicture: false,
  summary: 'a softmax probability for random logits',
  generate(rng) {
    const logits = Array.from({ length: 3 }, () => intBetween(rng, -4, 6) / 2);
    const target = rng.int(3);
    const exps = logits.map(Math.exp);
    const total = exps.reduce((a, b) => a + b, 0);
    const probabilities = exps.map((e) => e / total);
    const answer = roundDecimals(probabilities[target], 2);
    const pool = [...probabilities.filter((_, i) => i !== target), sigmoid(logits[target]), 1 / 3, 1 - probabilities[target], probabilities[target] / 2, Math.min(1, probabilities[target] * 1.5)]
      .map((v) => roundDecimals(v, 2));
    return {
      type: 'numeric',
      prompt: `A 3-class output layer gives logits z = (${logits.join(', ')}). Softmax probability of class ${target + 1}, to 2 decimal places?`,
      answer, tolerance: 0.005,
      distractors: spreadDistractors(rng, answer, pool, pool, 0.01),
      explanation: `softmax(z)ᵢ = e^zᵢ / Σⱼ e^zⱼ = ${exps[target].toFixed(3)} / ${total.toFixed(3)} = ${answer}. The three probabilities (${probabilities.map((p) => p.toFixed(2)).join(', ')}) sum to 1.`,
    };
  },
};
