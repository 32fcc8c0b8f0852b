/** Runs a typed `/train …` command the way the chat does (parse, validate options, resolve the spec) and trains it in-process. */
import trainCommand from '../../commands/train.ts';
import { optionsToSpecInput } from '../../commands/_lib/train-options.ts';
import { prepareSpec } from '../../commands/_lib/training.ts';
import { parseOptions } from '../../src/chat/options.ts';
import { train } from '../../src/engine/train.ts';
import type { TrainResult, TrainSpec } from '../../src/engine/types.ts';
import { parseCommandText } from '../../src/platforms/local/parse-command.ts';

/** The resolved spec of a typed /train command (throws on a bad option, as the chat would). */
export function specOfTrainText(text: string): TrainSpec {
  const parsed = parseCommandText(text, [trainCommand]);
  if (parsed.command !== 'train') throw new Error(`not a /train command: ${text}`);
  return prepareSpec(optionsToSpecInput(parseOptions('train', trainCommand.options, parsed.options)));
}

/** Trains a typed /train command. */
export function trainText(text: string): Promise<TrainResult> {
  return train(specOfTrainText(text));
}
