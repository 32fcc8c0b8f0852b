/**
 * The CLI flags that bring files into a run: `--data FILE` (JSON or CSV points, with `--task`),
 * `--init-params FILE` (starting parameters) and `--snapshot-epochs 1,25,60`. Files are read whole
 * and checked before anything trains; a mistake is one line naming the file, the row or field,
 * and what is allowed (exit code 2).
 */
import { mustBeMessage, showValue } from '../../chat/input-messages.ts';
import { readFile, stat } from 'node:fs/promises';
import { TASK_NAMES, type TaskName, type TrainSpec, type TrainSpecInput } from '../../engine/index.ts';
import { checkInitParams, DataError, parseDataText } from '../../engine/index.ts';
import { CliUsageError } from './cli-error.ts';
import type { ParsedArgs } from './args.ts';

/** Flags this module reads (besides the spec flags). */
export const DATA_FLAGS = ['data', 'task', 'init-params', 'snapshot-epochs'] as const;
/** Largest file read: far above MAX_POINTS rows of CSV, small enough to read whole. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** Spec flags that describe generated data and make no sense with --data. */
const GENERATED_DATA_FLAGS = ['dataset', 'points', 'noise'];

/** Reads a whole text file, or fails with one line saying why (missing, a folder, too big). */
async function readTextFile(file: string, what: string): Promise<string> {
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new DataError(`${file}: not a file. Allowed for ${what}: a path to a ${what === '--data' ? 'JSON or CSV' : 'JSON'} file.`);
    size = info.size;
  } catch (error) {
    if (error instanceof DataError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new DataError(`${file}: ${code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? (error as Error).message})`}. Allowed for ${what}: a path to a readable file.`);
  }
  if (size > MAX_FILE_BYTES) throw new DataError(`${file}: ${size} bytes. Allowed for ${what}: at most ${MAX_FILE_BYTES} bytes.`);
  return readFile(file, 'utf8');
}

/** Adds `data` to the spec input from --data FILE (and --task); refuses --task without --data and generated-data flags with it. */
export async function addDataFlag(args: ParsedArgs, input: TrainSpecInput): Promise<void> {
  const file = args.flags.get('data');
  const taskFlag = args.flags.get('task');
  if (file === undefined) {
    if (taskFlag !== undefined) throw new CliUsageError('--task applies to your own points: use it with --data FILE.');
    return;
  }
  if (file === true) throw new CliUsageError('--data needs a file, e.g. --data points.csv (header x1,x2,label[,split]) or --data points.json ({"train": [...], "test": [...]}).');
  const clash = GENERATED_DATA_FLAGS.find((flag) => args.flags.has(flag));
  if (clash) throw new CliUsageError(`--${clash} describes generated data; with --data FILE the points come from the file. Leave out --${clash}.`);
  let task: TaskName | undefined;
  if (taskFlag !== undefined) {
    if (taskFlag === true || !(TASK_NAMES as readonly string[]).includes(taskFlag.toLowerCase())) {
      throw new CliUsageError(mustBeMessage('task', `one of ${TASK_NAMES.join(', ')} (without --task it is read from the labels)`, taskFlag === true ? '' : taskFlag, TASK_NAMES));
    }
    task = taskFlag.toLowerCase() as TaskName;
  }
  const data = parseDataText(await readTextFile(file, '--data'), { source: file, task });
  if (data.layout === 'split' && args.flags.has('split')) {
    throw new CliUsageError(`--split does not apply: ${file} gives its own train/val/test sets. Leave out --split, or give the points without a split (a CSV without the split column, or JSON {"points": [...]}).`);
  }
  input.data = data;
}

/** Starting parameters from --init-params FILE: a JSON array of numbers, or a TrainResult JSON (its network.params). */
export async function readInitParamsFlag(args: ParsedArgs, spec: TrainSpec): Promise<number[] | undefined> {
  const file = args.flags.get('init-params');
  if (file === undefined) return undefined;
  if (file === true) throw new CliUsageError('--init-params needs a file: a JSON array of numbers, or a TrainResult JSON (nn-tutor train --json).');
  const text = await readTextFile(file, '--init-params');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new DataError(`${file}: not valid JSON (${(error as Error).message}). Allowed: a JSON array of numbers, or a TrainResult JSON with network.params.`);
  }
  const network = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as { network?: { params?: unknown } }).network : undefined;
  if (!Array.isArray(raw) && !Array.isArray(network?.params)) {
    throw new DataError(`${file}: neither an array of numbers nor a TrainResult with network.params. Allowed: [0.1, -0.2, ...] or the output of nn-tutor train --json.`);
  }
  return checkInitParams(Array.isArray(raw) ? raw : network!.params, spec, file);
}

/** Epochs from --snapshot-epochs 1,25,60: whole numbers from 0 (the starting parameters) to the run's epochs. */
export function readSnapshotEpochsFlag(args: ParsedArgs, spec: TrainSpec): number[] | undefined {
  const value = args.flags.get('snapshot-epochs');
  if (value === undefined) return undefined;
  const allowed = `a comma-separated list of epochs from 0 (the starting parameters) to ${spec.epochs} (--epochs), e.g. 1,25,60`;
  if (value === true) throw new CliUsageError(`--snapshot-epochs needs ${allowed}.`);
  const parts = value.split(',').map((s) => s.trim());
  const epochs = parts.map(Number);
  const bad = parts.findIndex((p, i) => p === '' || !Number.isInteger(epochs[i]) || epochs[i] < 0 || epochs[i] > spec.epochs);
  if (bad >= 0) throw new CliUsageError(`${mustBeMessage('snapshot-epochs', allowed, value)} ${showValue(parts[bad])} is not one of them.`);
  return [...new Set(epochs)].sort((a, b) => a - b);
}
