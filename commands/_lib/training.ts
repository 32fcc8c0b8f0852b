import { randomInt } from 'node:crypto';
import { datasets, playgroundLossNote, playgroundModeNote, resolveSpec, specToPlaygroundUrl } from '../../src/engine/index.ts';
import type { TrainSpecInput } from '../../src/engine/spec.ts';
import type { TrainResult, TrainSpec } from '../../src/engine/types.ts';
import { UserError } from '../../src/chat/errors.ts';
import { checkSpecLimits, getLimits } from '../../src/chat/limits.ts';
import { logger } from '../../src/chat/logger.ts';
import type { Caller, CommandContext, ComponentContext, Reply, ReplyButton } from '../../src/chat/types.ts';
import { runJob, type JobResult, type TrainImageKind } from '../../src/jobs/index.ts';
import { openedStore } from '../../src/store/index.ts';
import { ensureUser } from '../../src/tutor/users.ts';
import { coachLine, diagnoseRun } from '../../src/tutor/coach/diagnose.ts';
import { architecture, duration, metricsLine, toReplyImage } from './format.ts';
import { decodeSpecState, encodeSpecState } from './spec-state.ts';
import { escapeMarkdown } from '../../src/chat/escape-markdown.ts';
import { handleLiveControl, startLiveView } from './live-train.ts';

type AnyContext = Pick<CommandContext, 'progress' | 'signal'>;

/** Resolves loose input into a spec within this bot's limits (UserError naming the option otherwise). */
export function prepareSpec(input: TrainSpecInput): TrainSpec {
  const limits = getLimits();
  const spec = resolveSpec({ timeLimitMs: limits.runBudgetMs, ...input });
  checkSpecLimits({ layers: spec.layers, points: spec.points, epochs: spec.epochs });
  return { ...spec, timeLimitMs: Math.min(spec.timeLimitMs, limits.runBudgetMs) };
}

/** Trains in the worker pool with progress shown in the chat; a cancelled run throws why it stopped. */
export async function trainInPool(
  ctx: AnyContext,
  spec: TrainSpec,
  images: TrainImageKind[],
  options: { progressFrom?: number; progressTo?: number; label?: string; gifFrames?: number } = {},
): Promise<JobResult & { result: TrainResult }> {
  const from = options.progressFrom ?? 0;
  const to = options.progressTo ?? 1;
  const output = await runJob(
    { type: 'train', spec, images, gifFrames: options.gifFrames },
    {
      signal: ctx.signal,
      onProgress: (fraction, text) => {
        void ctx.progress(from + (to - from) * fraction, options.label ? `${options.label}: ${text}` : text).catch(() => undefined);
      },
    },
  );
  if (ctx.signal.aborted) throw ctx.signal.reason instanceof Error ? ctx.signal.reason : new UserError('The run was cancelled.');
  if (!output.result) throw new Error('training job returned no result');
  return output as JobResult & { result: TrainResult };
}

/**
 * A Playground link for the spec when the Playground can show the same data, features, network and
 * hyper-parameters (its output is always tanh + squared error, so only that may differ), else undefined.
 */
export function playgroundLink(spec: TrainSpec): string | undefined {
  try {
    const link = specToPlaygroundUrl({ ...spec, playgroundMode: true });
    return link.fits ? link.url : undefined;
  } catch {
    return undefined;
  }
}

/** The data's name: the user's file or saved set (their own points), else the built-in dataset's label. */
export function dataLabel(spec: TrainSpec): string {
  return spec.data ? spec.data.source : datasets[spec.dataset].label;
}

/** One line naming the setup: data, architecture, activation, optimiser, batch, seed. */
export function setupLine(spec: TrainSpec, result?: TrainResult): string {
  // without a result the output size comes from the dataset (k units for k classes, else 1), as the trained network would have
  const outputUnits = spec.data ? (spec.data.task === 'classification' && spec.data.classes > 2 ? spec.data.classes : 1)
    : datasets[spec.dataset].kind === 'multiclass' ? datasets[spec.dataset].classes : 1;
  const sizes = result ? architecture(result.network.layerSizes) : architecture([spec.features.length, ...spec.layers, outputUnits]);
  const batch = spec.batchSize === 'full' ? 'full batch' : spec.batchSize === 1 ? 'batch 1 (SGD)' : `batch ${spec.batchSize}`;
  const extras = [
    spec.regularization !== 'none' ? `${spec.regularization.toUpperCase()} ${spec.regRate}` : '',
    spec.dropout > 0 ? `dropout ${spec.dropout}` : '',
    spec.earlyStopping !== null ? `early stopping (patience ${spec.earlyStopping})` : '',
    spec.noise > 0 && !spec.data ? `noise ${spec.noise}%` : '',
  ].filter(Boolean);
  return [
    `**${dataLabel(spec)}**`,
    `features ${spec.features.join(', ')}`,
    sizes,
    spec.layers.length > 0 ? spec.activation : 'no hidden layer',
    `${spec.optimizer} (lr ${spec.learningRate}, ${batch})`,
    ...extras,
    `seed ${spec.seed}`,
  ].join(' · ');
}

const STOP_WORDS: Record<TrainResult['stopReason'], string> = {
  epochs: 'ran all epochs',
  'early-stopping': 'early stopping',
  'target-loss': 'reached the target loss',
  diverged: 'diverged',
  'time-limit': 'hit the time limit',
  cancelled: 'cancelled',
};

/** The summary text for a training result. */
export function summaryText(result: TrainResult): string {
  const epochs = result.history.length;
  const best = result.stopReason === 'early-stopping' ? ` (best epoch ${result.bestEpoch} restored)` : '';
  return [
    setupLine(result.spec, result),
    metricsLine(result.kind, result.final).replace(/^t/, 'T'),
    `${epochs} epochs, ${STOP_WORDS[result.stopReason]}${best} · ${result.params} parameters · trained in ${duration(result.timing.trainMs)}`,
    ...(result.spec.playgroundMode ? [`${playgroundModeNote(result.kind)}; ${playgroundLossNote(result.kind)}.`] : []),
    ...(result.stopReason !== 'epochs' && result.stopMessage ? [`> ${result.stopMessage}`] : []),
  ].join('\n');
}

const ID_LIMIT = 100;
const EXPIRED = 'This button has expired (the training setup it refers to is no longer kept). Run the command again.';
/** Long states when no store is open (tests, the CLI): they last as long as the process. */
const memoryStates = new Map<string, string>();
const MEMORY_STATES_KEPT = 5000;

/**
 * Records a run's resolved spec as the caller's most recent one ("train again") and returns its
 * stored id; undefined when no store is open or it could not write (training still answers).
 */
export function recordRecentSpec(caller: Caller, spec: TrainSpec, nowMs = Date.now()): number | undefined {
  const store = openedStore();
  if (!store) return undefined;
  try {
    return store.transaction(() => store.specs.add(ensureUser(store, caller, nowMs), spec, nowMs));
  } catch (error) {
    logger.warn({ err: error, caller: `${caller.platform}:${caller.userId}` }, 'could not record the training spec');
    return undefined;
  }
}

/**
 * A component id `<command>:<action>:<state>` of at most 100 characters. A state too long for that is
 * replaced by `r<id>`, the stored spec it came from (`storedSpecId`, which survives restarts), or —
 * with nothing stored — by `m<key>`, a copy kept in this process's memory.
 */
export function componentId(command: string, action: string, state: string, storedSpecId?: number): string {
  const id = `${command}:${action}:${state}`;
  if (id.length <= ID_LIMIT) return id;
  if (storedSpecId !== undefined) return `${command}:${action}:r${storedSpecId.toString(36)}`;
  const key = `m${randomInt(2 ** 40).toString(36)}`;
  memoryStates.set(key, state);
  if (memoryStates.size > MEMORY_STATES_KEPT) memoryStates.delete(memoryStates.keys().next().value as string);
  return `${command}:${action}:${key}`;
}

function storedSpec(reference: string): TrainSpecInput {
  const id = parseInt(reference.slice(1), 36);
  const stored = openedStore()?.specs.get(id);
  if (!stored || typeof stored.spec !== 'object' || stored.spec === null) throw new UserError(EXPIRED);
  return stored.spec as TrainSpecInput;
}

/** Reads a spec back from a component's state: inline, stored (`r<id>`) or in memory (`m<key>`); UserError when it expired. */
export function specFromComponentState(state: string[]): TrainSpecInput {
  let encoded = state.join(':');
  // inline states are `k=v` pairs, so a bare `r…` / `m…` is always a reference
  if (/^r[0-9a-z]+$/.test(encoded)) return storedSpec(encoded);
  if (/^m[0-9a-z]+$/.test(encoded)) {
    const remembered = memoryStates.get(encoded);
    if (remembered === undefined) throw new UserError(EXPIRED);
    encoded = remembered;
  }
  try {
    return decodeSpecState(encoded);
  } catch {
    throw new UserError('This button no longer works. Run the command again.');
  }
}

/**
 * The buttons under a training result: train again, animate, show the network, open in the
 * Playground. `storedSpecId` (from recordRecentSpec) lets a long spec's buttons outlive a restart.
 */
export function trainButtons(spec: TrainSpec, command = 'train', storedSpecId?: number): ReplyButton[][] {
  // the user's own points cannot ride in a button id: their buttons refer to the stored spec, or there are none
  if (spec.data && storedSpecId === undefined) return [];
  const state = spec.data ? `r${storedSpecId!.toString(36)}` : encodeSpecState(spec);
  const row: ReplyButton[] = [
    { id: componentId(command, 'again', state, storedSpecId), label: 'Train again with a new seed', style: 'primary' },
    { id: componentId(command, 'animate', state, storedSpecId), label: 'Animate', style: 'secondary' },
    { id: componentId(command, 'network', state, storedSpecId), label: 'Show the network', style: 'secondary' },
    { id: componentId(command, 'live', state, storedSpecId), label: 'Watch live', style: 'secondary' },
  ];
  const url = playgroundLink(spec);
  if (url) row.push({ id: `${command}:link`, label: 'Open in TensorFlow Playground', url });
  return [row];
}

/** Machine-readable summary of a run for Reply.data (the JSON API and tests). */
export function resultData(result: TrainResult): Record<string, unknown> {
  return {
    spec: result.spec,
    kind: result.kind,
    final: result.final,
    stopReason: result.stopReason,
    stopMessage: result.stopMessage,
    bestEpoch: result.bestEpoch,
    epochs: result.history.length,
    params: result.params,
    trainMs: result.timing.trainMs,
    playgroundUrl: playgroundLink(result.spec),
  };
}

/** Trains a spec and answers with numbers, boundary, loss curve (and GIF) and the follow-up buttons. */
export async function trainAndReply(
  ctx: CommandContext | ComponentContext,
  spec: TrainSpec,
  options: { animate?: boolean; intro?: string; asFollowUp?: boolean } = {},
): Promise<void> {
  // a follow-up comes after an answer already shown: progress would redraw that answer, so none is sent
  const progressCtx = options.asFollowUp ? { signal: ctx.signal, progress: async () => undefined } : ctx;
  await progressCtx.progress(0, `training ${spec.data ? spec.data.source : datasets[spec.dataset].label.toLowerCase()} for ${spec.epochs} epochs…`);
  const kinds: TrainImageKind[] = ['boundary', 'loss'];
  if (options.animate) kinds.push('gif');
  const { result, images } = await trainInPool(progressCtx, spec, kinds);
  const storedSpecId = recordRecentSpec(ctx.caller, spec);
  // the coach's advice is written for the built-in datasets; it says nothing about the user's own points
  const diagnosis = spec.data ? undefined : diagnoseRun(result);
  const reply: Reply = {
    text: [options.intro, summaryText(result), diagnosis && coachLine(diagnosis)].filter(Boolean).join('\n'),
    images: images.map(toReplyImage),
    buttons: trainButtons(spec, 'train', storedSpecId),
    data: { ...resultData(result), diagnosis: diagnosis && { kind: diagnosis.kind, sentence: diagnosis.sentence, command: diagnosis.command } },
  };
  await (options.asFollowUp ? ctx.followUp(reply) : ctx.reply(reply));
}

/** Handles the buttons under a training result (again / animate / network). */
export async function handleTrainComponent(ctx: ComponentContext): Promise<void> {
  if (ctx.action === 'live-ctl') return handleLiveControl(ctx);
  const input = specFromComponentState(ctx.state);
  switch (ctx.action) {
    case 'again': {
      const spec = prepareSpec({ ...input, seed: randomInt(1, 100_000) });
      await trainAndReply(ctx, spec, { intro: `${escapeMarkdown(ctx.caller.displayName)} trained again with seed ${spec.seed}:` });
      return;
    }
    case 'animate': {
      const spec = prepareSpec(input);
      await ctx.progress(0, 'training with snapshots for the animation…');
      const { result, images } = await trainInPool(ctx, spec, ['gif']);
      recordRecentSpec(ctx.caller, spec);
      await ctx.reply({
        text: `Training animation: the decision boundary over ${result.history.length} epochs.\n${setupLine(spec, result)}`,
        images: images.map(toReplyImage),
        data: resultData(result),
      });
      return;
    }
    case 'network': {
      const spec = prepareSpec(input);
      await ctx.progress(0, 'drawing the network…');
      const { result, images } = await trainInPool(ctx, spec, ['network', 'gradients']);
      recordRecentSpec(ctx.caller, spec);
      await ctx.reply({
        text: `The trained network: each box shows what that neuron computes over the input plane; links are blue for positive and orange for negative weights, thicker for larger ones. The second chart shows the mean gradient size per layer over training.\n${setupLine(spec, result)}`,
        images: images.map(toReplyImage),
        data: resultData(result),
      });
      return;
    }
    case 'live': {
      const spec = prepareSpec(input);
      await startLiveView(ctx, spec);
      return;
    }
    default:
      throw new UserError('This button no longer works. Run the command again.');
  }
}
