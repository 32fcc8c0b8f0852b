/**
 * Output functions and losses, chosen by problem kind. Each loss gives its value for one example
 * and ∂L/∂z, the gradient with respect to the output layer's pre-activations, which is where
 * backpropagation starts.
 */
import type { LossName, OutputActivationName, ProblemKind } from './types.ts';
import { sigmoid } from './activations.ts';

/** The output layer and loss a problem kind uses. */
export interface OutputSetup {
  output: OutputActivationName;
  loss: LossName;
  /** Output units: 1 for binary and regression, k for multi-class. */
  units: number;
}

/** Regression → linear + squared error; binary → sigmoid + cross-entropy (or tanh + squared error in Playground mode); multi-class → softmax + cross-entropy. */
export function chooseOutput(kind: ProblemKind, classes: number, playgroundMode: boolean): OutputSetup {
  if (kind === 'regression') return { output: 'linear', loss: 'squared', units: 1 };
  if (kind === 'multiclass') return { output: 'softmax', loss: 'softmax-cross-entropy', units: classes };
  return playgroundMode ? { output: 'tanh', loss: 'squared', units: 1 } : { output: 'sigmoid', loss: 'binary-cross-entropy', units: 1 };
}

/** Applies the output function to pre-activations z[offset .. offset+units) into y (softmax is shifted by max z for stability). */
export function applyOutput(output: OutputActivationName, z: Float64Array, y: Float64Array, offset: number, units: number): void {
  switch (output) {
    case 'linear':
      for (let j = 0; j < units; j++) y[offset + j] = z[offset + j];
      return;
    case 'tanh':
      for (let j = 0; j < units; j++) y[offset + j] = Math.tanh(z[offset + j]);
      return;
    case 'sigmoid':
      for (let j = 0; j < units; j++) y[offset + j] = sigmoid(z[offset + j]);
      return;
    case 'softmax': {
      let max = -Infinity;
      for (let j = 0; j < units; j++) max = Math.max(max, z[offset + j]);
      let sum = 0;
      for (let j = 0; j < units; j++) {
        const e = Math.exp(z[offset + j] - max);
        y[offset + j] = e;
        sum += e;
      }
      for (let j = 0; j < units; j++) y[offset + j] /= sum;
    }
  }
}

const PROBABILITY_FLOOR = 1e-12;

/**
 * Loss of one example. squared: ½(ŷ − t)² (the Playground's); binary cross-entropy with t = (label + 1)/2:
 * −[t ln p + (1 − t) ln(1 − p)]; softmax cross-entropy: −ln p_label.
 */
export function exampleLoss(loss: LossName, y: Float64Array, offset: number, label: number): number {
  switch (loss) {
    case 'squared': {
      const d = y[offset] - label;
      return 0.5 * d * d;
    }
    case 'binary-cross-entropy': {
      const p = Math.min(1 - PROBABILITY_FLOOR, Math.max(PROBABILITY_FLOOR, y[offset]));
      return label > 0 ? -Math.log(p) : -Math.log(1 - p);
    }
    case 'softmax-cross-entropy':
      return -Math.log(Math.max(PROBABILITY_FLOOR, y[offset + label]));
  }
}

/**
 * Writes ∂L/∂z for one example, times `scale` (1/batch size for a mean).
 * squared: (ŷ − t)·out'(z) with out' = 1 (linear) or 1 − ŷ² (tanh); sigmoid + BCE: p − t; softmax + CE: p − onehot.
 */
export function writeOutputDelta(
  loss: LossName, output: OutputActivationName, y: Float64Array, offset: number, units: number, label: number,
  delta: Float64Array, scale: number,
): void {
  if (loss === 'squared') {
    const v = y[offset];
    const slope = output === 'tanh' ? 1 - v * v : 1;
    delta[offset] = (v - label) * slope * scale;
  } else if (loss === 'binary-cross-entropy') {
    delta[offset] = (y[offset] - (label > 0 ? 1 : 0)) * scale;
  } else {
    for (let j = 0; j < units; j++) delta[offset + j] = (y[offset + j] - (j === label ? 1 : 0)) * scale;
  }
}

/** Whether one prediction is right: sign for ±1 labels (score ŷ or 2p − 1), arg-max for multi-class. */
export function isCorrect(output: OutputActivationName, y: Float64Array, offset: number, units: number, label: number): boolean {
  if (output === 'softmax') {
    let best = 0;
    for (let j = 1; j < units; j++) if (y[offset + j] > y[offset + best]) best = j;
    return best === label;
  }
  const score = output === 'sigmoid' ? 2 * y[offset] - 1 : y[offset];
  return (score >= 0 ? 1 : -1) === label;
}
