/**
 * The mapping between CLI flags (`--batch-size`) and TrainSpec fields (`batchSize`); flag names
 * are the same spellings the chat commands use.
 */
import type { TrainSpec, TrainSpecInput } from '../../engine/index.ts';
import { CliUsageError } from './cli-error.ts';
import { unknownFlagMessage, type ParsedArgs } from './args.ts';

/** Flag → spec field. */
export const SPEC_FLAGS: Record<string, keyof TrainSpec> = {
  dataset: 'dataset', points: 'points', noise: 'noise', split: 'split', features: 'features', scale: 'scale',
  layers: 'layers', activation: 'activation', 'playground-mode': 'playgroundMode', init: 'init', optimizer: 'optimizer',
  lr: 'learningRate', 'learning-rate': 'learningRate', momentum: 'momentum', 'batch-size': 'batchSize', epochs: 'epochs',
  regularization: 'regularization', 'reg-rate': 'regRate', dropout: 'dropout', 'early-stopping': 'earlyStopping',
  'target-loss': 'targetLoss', seed: 'seed', engine: 'engine', 'time-limit-ms': 'timeLimitMs',
};

/** Flags that take no value. */
export const BOOLEAN_FLAGS = new Set(['json', 'scale', 'playground-mode', 'animate', 'help']);

/** Builds spec input from flags, refusing flags it does not know (listing those it does). */
export function specInputFromFlags(args: ParsedArgs, extraFlags: readonly string[]): TrainSpecInput {
  const input: TrainSpecInput = {};
  for (const [flag, value] of args.flags) {
    const field = SPEC_FLAGS[flag];
    if (field) {
      input[field] = value;
    } else if (!extraFlags.includes(flag)) {
      throw new CliUsageError(unknownFlagMessage(flag, [...Object.keys(SPEC_FLAGS), ...extraFlags]));
    }
  }
  return input;
}
