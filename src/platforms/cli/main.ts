/**
 * The `nn-tutor` command line. `train`, `data` and `cost` are the engine's own verbs; every other
 * word runs the chat command of that name from commands/.
 */
import { cliErrorText, parseArgs } from './args.ts';
import { BOOLEAN_FLAGS } from './spec-flags.ts';
import { CliUsageError } from './cli-error.ts';
import { runCostVerb, runDataVerb, runTrainVerb, type CliOutput } from './engine-commands.ts';
import { SpecError } from '../../engine/index.ts';
import { UserError } from '../../chat/errors.ts';

const USAGE = `Usage: nn-tutor <command> [options]

  train   --dataset spiral --layers 8,8 --activation tanh --lr 0.03 --batch-size 10 --epochs 500 --seed 7 [--json] [--out DIR] [--animate]
  data    --dataset circle --noise 20 [--points 500] [--seed 1] --json      or   data --data FILE [--task regression] [--json]
  cost    --layers 5,64,64,2 --points 2000 [--batch-size 32]
  dataset --data FILE [--out DIR]    describe your own points (as an upload in the chat); then: dataset save name:NAME,
          dataset list, dataset delete name:NAME, dataset dataset:my:NAME (saved in DATA_DIR)
  activation relu [--out DIR]        and every other chat command: nn-tutor help

Training flags: --dataset --points --noise --split 70,15,15 --features x1,x2,x1x2 --scale --layers 8,8|none
  --activation --playground-mode --init --optimizer --lr --momentum --batch-size N|full --epochs --regularization
  --reg-rate --dropout --early-stopping PATIENCE --target-loss --seed --engine fast|tfjs --time-limit-ms

Your own points and starting weights (train):
  --data FILE            JSON {"train": [[x1, x2, label], ...], "val": [...], "test": [...]} (val optional), or CSV with a
                         header x1,x2,label and an optional split column (train/val/test; without it --split applies).
                         Labels -1/+1 or 0/1 (two classes), 0..k-1 (more), any number for regression. At most 5000 points.
  --task classification|regression   what the labels mean (default: read from the labels, and said)
  --init-params FILE     starting parameters: a JSON array of numbers or a TrainResult JSON (its network.params); layout:
                         for each layer after the input, each neuron's weights in input order, then the layer's biases
  --snapshot-epochs 1,25,60          record {epoch, trainLoss, testLoss, params} at exactly these epochs (0 = start)

--playground-mode follows TensorFlow Playground step for step: tanh output and ½·squared error on ±1 labels, one fixed
  order of training points, an update after every batch-size-th point (a short last batch is carried into the next
  epoch), L1 that sets a weight crossing zero to 0 for good. Without it: reshuffled epochs, a short last batch, L1 as a
  subgradient (the standard choices).`;

/** Runs one CLI invocation; returns the exit code (0 ok, 2 usage error, 1 internal error). */
export async function runCli(argv: readonly string[], io: { out: (s: string) => void; err: (s: string) => void }): Promise<number> {
  const [verb, ...rest] = argv;
  if (!verb || verb === '--help' || verb === '-h') {
    io.out(USAGE);
    return verb ? 0 : 2;
  }
  try {
    const args = parseArgs(rest, BOOLEAN_FLAGS);
    let output: CliOutput;
    if (verb === 'train') output = await runTrainVerb(args);
    else if (verb === 'data') output = await runDataVerb(args);
    else if (verb === 'cost') output = runCostVerb(args);
    else {
      const { runChatVerb } = await import('./chat-verbs.ts');
      output = await runChatVerb(verb, args, (line) => io.err(line));
    }
    io.out(output.stdout);
    return 0;
  } catch (error) {
    if (error instanceof SpecError || error instanceof CliUsageError || error instanceof UserError) {
      io.err(`nn-tutor ${verb}: ${cliErrorText(error)}`);
      return 2;
    }
    io.err(`nn-tutor ${verb}: internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    return 1;
  }
}
