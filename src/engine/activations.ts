/**
 * The ten activation functions of the lecture's table, with derivatives and the facts a student
 * should know about each. Picked by name; command choices are generated from this table.
 */
import type { ActivationName } from './types.ts';

/** One activation: value, derivative, and its description for /activation. */
export interface ActivationDef {
  name: ActivationName;
  label: string;
  /** g(x), plain text. */
  formula: string;
  /** g'(x), plain text. */
  derivative: string;
  /** Output range. */
  range: string;
  /** Where the lecture says it is used. */
  usedIn: string;
  /** The fact that matters (vanishing gradient, dead units, ...). */
  notes: string;
  f(x: number): number;
  /** g'(x); `y` is g(x), passed in because several derivatives are cheapest from the output. */
  df(x: number, y: number): number;
}

const SELU_LAMBDA = 1.0507;
const SELU_ALPHA = 1.67326;
const LEAKY_SLOPE = 0.01;
const GELU_C = Math.sqrt(2 / Math.PI);

/** σ(x) = 1 / (1 + e^−x), computed without overflow for large |x|. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * tanh as a rational function (Eigen's float tanh: odd degree-13 numerator over degree-6
 * denominator, clamped at ±7.905): |error| < 3e-7 everywhere — float32 accuracy, the precision
 * TensorFlow.js trains in — and about three times faster than Math.tanh on V8, which matters
 * because tanh is most of a small tanh network's training time.
 */
export function fastTanh(x: number): number {
  const clamp = 7.90531110763549805;
  const v = x > clamp ? clamp : x < -clamp ? -clamp : x;
  const v2 = v * v;
  let p = -2.76076847742355e-16;
  p = p * v2 + 2.00018790482477e-13;
  p = p * v2 - 8.60467152213735e-11;
  p = p * v2 + 5.12229709037114e-8;
  p = p * v2 + 1.48572235717979e-5;
  p = p * v2 + 6.37261928875436e-4;
  p = p * v2 + 4.89352455891786e-3;
  let q = 1.19825839466702e-6;
  q = q * v2 + 1.18534705686654e-4;
  q = q * v2 + 2.268434632439e-3;
  q = q * v2 + 4.89352518554385e-3;
  return (p * v) / q;
}

/** softplus(x) = ln(1 + eˣ), stable for large |x|. */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** The activation table. */
export const activations: Record<ActivationName, ActivationDef> = {
  identity: {
    name: 'identity', label: 'Identity (linear)', formula: 'g(x) = x', derivative: "g'(x) = 1", range: '(−∞, ∞)',
    usedIn: 'output layer for regression',
    notes: 'A network of linear layers is still one linear map: it cannot separate circle or spiral from x1, x2.',
    f: (x) => x, df: () => 1,
  },
  'binary-step': {
    name: 'binary-step', label: 'Binary step', formula: 'g(x) = 0 for x < 0, 1 for x ≥ 0', derivative: "g'(x) = 0 (undefined at 0)", range: '{0, 1}',
    usedIn: 'the original perceptron; not for gradient training',
    notes: 'Its gradient is zero everywhere, so backpropagation gets no learning signal at all.',
    f: (x) => (x >= 0 ? 1 : 0), df: () => 0,
  },
  sigmoid: {
    name: 'sigmoid', label: 'Sigmoid (logistic)', formula: 'g(x) = 1 / (1 + e^−x)', derivative: "g'(x) = g(x)(1 − g(x))", range: '(0, 1)',
    usedIn: 'output layer for binary classification; gates in LSTMs',
    notes: 'Its gradient is at most 0.25 (at x = 0): multiplied through many layers it vanishes.',
    f: sigmoid, df: (_x, y) => y * (1 - y),
  },
  tanh: {
    name: 'tanh', label: 'Tanh', formula: 'g(x) = (eˣ − e^−x) / (eˣ + e^−x)', derivative: "g'(x) = 1 − g(x)²", range: '(−1, 1)',
    usedIn: 'hidden layers, common in RNNs; the Playground default',
    notes: 'Zero-centred with gradient up to 1 at x = 0, but it saturates for |x| > 3 and gradients vanish there.',
    f: Math.tanh, df: (_x, y) => 1 - y * y,
  },
  relu: {
    name: 'relu', label: 'ReLU', formula: 'g(x) = max(0, x)', derivative: "g'(x) = 0 for x < 0, 1 for x > 0", range: '[0, ∞)',
    usedIn: 'hidden layers of most feed-forward and deep networks',
    notes: 'Gradient 1 for x > 0 so it does not vanish; gradient 0 for x < 0 can leave "dead" units.',
    f: (x) => (x > 0 ? x : 0), df: (x) => (x > 0 ? 1 : 0),
  },
  gelu: {
    name: 'gelu', label: 'GELU', formula: 'g(x) = x·Φ(x) ≈ ½x(1 + tanh(√(2/π)(x + 0.044715x³)))', derivative: "g'(x) = Φ(x) + x·φ(x) (tanh approximation)", range: '≈ [−0.17, ∞)',
    usedIn: 'hidden layers of transformers (BERT, GPT)',
    notes: 'A smooth ReLU: small negative values pass, weighted by how likely they are under a Gaussian.',
    f: (x) => 0.5 * x * (1 + Math.tanh(GELU_C * (x + 0.044715 * x * x * x))),
    df: (x) => {
      const t = Math.tanh(GELU_C * (x + 0.044715 * x * x * x));
      return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * GELU_C * (1 + 3 * 0.044715 * x * x);
    },
  },
  softplus: {
    name: 'softplus', label: 'Softplus', formula: 'g(x) = ln(1 + eˣ)', derivative: "g'(x) = 1 / (1 + e^−x) = σ(x)", range: '(0, ∞)',
    usedIn: 'hidden layers; outputs that must be positive',
    notes: 'A smooth ReLU whose derivative is the sigmoid.',
    f: softplus, df: (x) => sigmoid(x),
  },
  elu: {
    name: 'elu', label: 'ELU', formula: 'g(x) = x for x > 0, α(eˣ − 1) for x ≤ 0 (α = 1)', derivative: "g'(x) = 1 for x > 0, g(x) + α for x ≤ 0", range: '(−α, ∞)',
    usedIn: 'hidden layers',
    notes: 'Negative outputs push mean activations towards zero, which speeds learning; no dead units.',
    f: (x) => (x > 0 ? x : Math.expm1(x)), df: (x, y) => (x > 0 ? 1 : y + 1),
  },
  selu: {
    name: 'selu', label: 'SELU', formula: 'g(x) = λx for x > 0, λα(eˣ − 1) for x ≤ 0 (λ = 1.0507, α = 1.67326)', derivative: "g'(x) = λ for x > 0, g(x) + λα for x ≤ 0", range: '(−λα, ∞)',
    usedIn: 'hidden layers of self-normalising networks',
    notes: 'With these λ and α activations keep mean 0 and variance 1 through the layers.',
    f: (x) => (x > 0 ? SELU_LAMBDA * x : SELU_LAMBDA * SELU_ALPHA * Math.expm1(x)),
    df: (x, y) => (x > 0 ? SELU_LAMBDA : y + SELU_LAMBDA * SELU_ALPHA),
  },
  'leaky-relu': {
    name: 'leaky-relu', label: 'Leaky ReLU', formula: 'g(x) = x for x > 0, 0.01x for x ≤ 0', derivative: "g'(x) = 1 for x > 0, 0.01 for x ≤ 0", range: '(−∞, ∞)',
    usedIn: 'hidden layers, where dead ReLU units are a problem',
    notes: 'A small slope for x < 0 keeps a gradient flowing, so units cannot die.',
    f: (x) => (x > 0 ? x : LEAKY_SLOPE * x), df: (x) => (x > 0 ? 1 : LEAKY_SLOPE),
  },
};
