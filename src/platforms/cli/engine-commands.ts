/**
 * The engine's own CLI verbs: `train`, `data` and `cost` (issue: the training engine). They call
 * the engine directly and print text or JSON; `train --out DIR` also writes the pictures.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  computeUpdateCost, datasets, describeUserData, generateDataset, resolveSpec, train, type TrainResult,
} from '../../engine/index.ts';
import { mustBeMessage } from '../../chat/input-messages.ts';
import { parseArchitecture } from '../../../commands/cost.ts';
import { CliUsageError } from './cli-error.ts';
import { specInputFromFlags } from './spec-flags.ts';
import { formatTrainSummary } from './format.ts';
import { addDataFlag, DATA_FLAGS, readInitParamsFlag, readSnapshotEpochsFlag } from './data-flags.ts';
import { unknownFlagMessage, type ParsedArgs } from './args.ts';

/** What a CLI verb prints. */
export interface CliOutput {
  stdout: string;
}

/** Frames recorded for `--animate`: one snapshot every epochs/40 epochs. */
const ANIMATION_FRAMES = 40;

/**
 * `train`: trains and prints a summary, or the whole TrainResult with --json; --out writes PNGs (and
 * a GIF with --animate). --data, --init-params and --snapshot-epochs are read and checked first.
 */
export async function runTrainVerb(args: ParsedArgs): Promise<CliOutput> {
  const input = specInputFromFlags(args, ['json', 'out', 'animate', ...DATA_FLAGS]);
  await addDataFlag(args, input);
  let spec = resolveSpec(input);
  const initParams = await readInitParamsFlag(args, spec);
  if (initParams) spec = resolveSpec({ ...spec, initParams });
  const snapshotEpochs = readSnapshotEpochsFlag(args, spec);
  const animate = args.flags.get('animate') === true;
  const snapshotEvery = animate ? Math.max(1, Math.floor(spec.epochs / ANIMATION_FRAMES)) : 0;
  const result = await train(spec, { snapshotEvery, snapshotEpochs });
  const outDir = args.flags.get('out');
  let written: string[] = [];
  if (typeof outDir === 'string') written = await writeTrainPictures(result, outDir, animate);
  else if (outDir === true) throw new CliUsageError('--out needs a folder, e.g. --out out/');
  if (args.flags.get('json') === true) return { stdout: JSON.stringify(result) };
  const files = written.length ? `\n\nWrote ${written.join(', ')}` : '';
  return { stdout: formatTrainSummary(result, { showSnapshots: snapshotEpochs !== undefined }) + files };
}

async function writeTrainPictures(result: TrainResult, outDir: string, animate: boolean): Promise<string[]> {
  const render = await import('../../render/index.ts');
  const dataset = generateDataset(result.spec);
  // the pictures of the user's own points are titled with the file's name (Dataset.source)
  await mkdir(outDir, { recursive: true });
  const images = [
    { file: 'boundary.png', image: await render.renderDecisionBoundary(result, dataset) },
    { file: 'loss.png', image: await render.renderLossCurve(result) },
    { file: 'network.png', image: await render.renderNetworkDiagram(result.network) },
  ];
  if (animate) images.push({ file: 'training.gif', image: await render.renderTrainingGif(result, dataset) });
  const written: string[] = [];
  for (const { file, image } of images) {
    const target = path.join(outDir, file);
    await writeFile(target, image.data);
    written.push(target);
  }
  return written;
}

/** `data`: the generated points of a dataset, or the points of --data FILE as they will be split (JSON with --json, else a short description). */
export async function runDataVerb(args: ParsedArgs): Promise<CliOutput> {
  const input = specInputFromFlags(args, ['json', 'data', 'task']);
  await addDataFlag(args, input);
  const spec = resolveSpec(input);
  const data = generateDataset(spec);
  if (args.flags.get('json') === true) {
    return { stdout: JSON.stringify({ dataset: spec.data ? spec.data.source : data.name, kind: data.kind, classes: data.classes, noise: spec.noise, seed: spec.seed, train: data.train, val: data.val, test: data.test }) };
  }
  if (spec.data) return { stdout: `${describeUserData(spec.data)}\n${data.train.length} training, ${data.val.length} validation and ${data.test.length} test points. Add --json for the points.` };
  const def = datasets[spec.dataset];
  return {
    stdout: `${def.label} (${def.kind}): ${def.description}\n${data.train.length} training, ${data.val.length} validation and ${data.test.length} test points at noise ${spec.noise}% (seed ${spec.seed}). Add --json for the points.`,
  };
}

/** A whole-number flag from 1 to `max`, or its default; refused in the chat's wording. */
function wholeNumberFlag(args: ParsedArgs, flag: string, fallback: number, max: number): number {
  const raw = args.flags.get(flag);
  if (raw === undefined) return fallback;
  const n = typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > max) throw new CliUsageError(mustBeMessage(flag, `a whole number from 1 to ${max}`, raw === true ? 'nothing' : raw));
  return n;
}

/** `cost`: parameters and computations per update for an architecture (--layers IN,H…,OUT) and --points. */
export function runCostVerb(args: ParsedArgs): CliOutput {
  for (const flag of args.flags.keys()) {
    if (!['layers', 'points', 'batch-size', 'json'].includes(flag)) throw new CliUsageError(unknownFlagMessage(flag, ['layers', 'points', 'batch-size', 'json']));
  }
  const layersFlag = args.flags.get('layers');
  if (typeof layersFlag !== 'string') throw new CliUsageError('cost needs `--layers` with every layer size from input to output, e.g. --layers 5,64,64,2');
  const sizes = parseArchitecture(layersFlag);
  const points = wholeNumberFlag(args, 'points', 2000, 1e9);
  const batch = wholeNumberFlag(args, 'batch-size', 32, 1e9);
  const cost = computeUpdateCost(sizes, points, batch);
  if (args.flags.get('json') === true) return { stdout: JSON.stringify({ layers: sizes, points, ...cost }) };
  const rows = cost.costs.map((c) => `${c.batch.padEnd(22)} ${String(c.examplesPerUpdate).padStart(8)} examples/update  ${c.computationsPerUpdate.toLocaleString('en-US').padStart(14)} computations/update  ${String(c.updatesPerEpoch).padStart(8)} updates/epoch`);
  return {
    stdout: [
      `Network ${sizes.join('-')}: ${cost.params.toLocaleString('en-US')} parameters.`,
      `On ${points.toLocaleString('en-US')} points, one update costs about n × p computations (each example touches every parameter):`,
      ...rows,
      `Full batch: ~${(cost.costs[0].computationsPerUpdate / 1e6).toFixed(1)} million computations per update.`,
    ].join('\n'),
  };
}
