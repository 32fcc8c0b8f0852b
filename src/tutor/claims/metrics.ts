/** The numbers a claim can read from a training run, by name (see schema.ts for the list). */
import type { TrainResult } from '../../engine/types.ts';
import { firstToLastGradientRatio } from '../../render/gradient-flow.ts';
import { EPOCHS_TO_PATTERN } from './schema.ts';

/** Ratio first-layer / last-layer mean |gradient| at one history entry, NaN with fewer than two weight layers. */
function gradientRatioAt(result: TrainResult, index: number): number {
  const norms = result.history[index]?.gradNorms ?? [];
  if (norms.length < 2) return NaN;
  const last = norms[norms.length - 1];
  return last > 0 ? norms[0] / last : NaN;
}

/**
 * The value of `metric` for a run. Accuracies are fractions (0.9 = 90 %); `gap` = validation (or
 * test) loss − training loss at the end; `valLossRise` = final − lowest validation loss;
 * `gradientRatio` = first / last weight layer's mean |gradient| at the last epoch (what the
 * gradient-flow chart's subtitle states), `startGradientRatio` the same at epoch 1; `lossRises` = the
 * share of epochs whose training loss is above the previous epoch's (how noisy the curve is);
 * `epochsTo(trainLoss ≤ x)` = first epoch at or below x, Infinity if never; `stoppedEarly` = 1 or 0.
 */
export function runMetric(result: TrainResult, metric: string): number {
  const f = result.final;
  const valLosses = result.history.map((h) => h.valLoss).filter((v): v is number => v !== undefined);
  switch (metric) {
    case 'testAccuracy': return f.testAccuracy ?? NaN;
    case 'trainAccuracy': return f.trainAccuracy ?? NaN;
    case 'valAccuracy': return f.valAccuracy ?? NaN;
    case 'testLoss': return f.testLoss;
    case 'trainLoss': return f.trainLoss;
    case 'valLoss': return f.valLoss ?? NaN;
    case 'minValLoss': return valLosses.length ? Math.min(...valLosses) : NaN;
    case 'valLossRise': return valLosses.length ? valLosses[valLosses.length - 1] - Math.min(...valLosses) : NaN;
    case 'gap': return (f.valLoss ?? f.testLoss) - f.trainLoss;
    case 'gradientRatio': return firstToLastGradientRatio(result) ?? NaN;
    case 'startGradientRatio': return gradientRatioAt(result, 0);
    case 'epochsRun': return result.history.length;
    case 'lossRises': {
      const h = result.history;
      let rises = 0;
      for (let i = 1; i < h.length; i++) if (h[i].trainLoss > h[i - 1].trainLoss) rises += 1;
      return h.length > 1 ? rises / (h.length - 1) : NaN;
    }
    case 'stoppedEarly': return result.stopReason === 'early-stopping' ? 1 : 0;
  }
  const match = EPOCHS_TO_PATTERN.exec(metric);
  if (match) {
    const split = match[1] as 'trainLoss' | 'testLoss' | 'valLoss';
    const threshold = Number(match[2]);
    return result.history.find((h) => (h[split] ?? Infinity) <= threshold)?.epoch ?? Infinity;
  }
  throw new Error(`unknown run metric "${metric}"`);
}
