/** Short human-readable strings for titles and alt text (architectures, numbers, percentages). */
import type { Dataset, NetworkData, TrainResult } from '../engine/types.ts';

/** The data's name in titles: the user's file (or saved set) for their own points, else the built-in dataset's name. */
export function datasetTitleName(dataset: Pick<Dataset, 'name' | 'source'>): string {
  return dataset.source ?? dataset.name;
}

/** "2-8-8-1" style layer string, input first. */
export function architectureLabel(network: NetworkData): string {
  return network.layerSizes.join('-');
}

/** "2-8-8-1 tanh" (or "2-1, no hidden layer"); with `hideNames` the activation is left out ("2-8-8-1"), for quiz pictures. */
export function describeNetwork(network: NetworkData, options: { hideNames?: boolean } = {}): string {
  if (network.layerSizes.length <= 2) return `${architectureLabel(network)}, no hidden layer`;
  return options.hideNames ? architectureLabel(network) : `${architectureLabel(network)} ${network.activation}`;
}

/** A loss value with 3 significant digits (and exponent form for tiny values). */
export function formatLoss(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return 'n/a';
  if (!Number.isFinite(value)) return '∞';
  if (value !== 0 && Math.abs(value) < 0.001) return value.toExponential(1);
  return value.toPrecision(3);
}

/** 0.9734 → "97.3%". */
export function formatPercent(fraction: number | undefined): string {
  if (fraction === undefined || !Number.isFinite(fraction)) return 'n/a';
  return `${(fraction * 100).toFixed(1)}%`;
}

/** The epoch the result's network comes from (the last history entry unless early stopping restored another). */
export function finalEpoch(result: TrainResult): number {
  return result.history.length > 0 ? result.history[result.history.length - 1].epoch : 0;
}

/** "accuracy 97.3%" for classification or "loss 0.012" for regression, on the test split. */
export function describeTestScore(result: TrainResult): string {
  return result.kind === 'regression'
    ? `test loss ${formatLoss(result.final.testLoss)}`
    : `test accuracy ${formatPercent(result.final.testAccuracy)}`;
}

/** "250 training, 250 test points" (validation only when present). */
export function describeSplit(dataset: Dataset): string {
  const parts = [`${dataset.train.length} training`];
  if (dataset.val.length > 0) parts.push(`${dataset.val.length} validation`);
  parts.push(`${dataset.test.length} test points`);
  return parts.join(', ');
}

/** Class names as a student sees them. */
export function className(kind: Dataset['kind'], label: number): string {
  if (kind === 'binary') return label > 0 ? 'blue (+1)' : 'orange (−1)';
  return `class ${label}`;
}

/** Word-wraps text to lines of at most `maxChars` characters (for Chart.js titles, which do not wrap). */
export function wrapByChars(text: string, maxChars: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > maxChars) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}
