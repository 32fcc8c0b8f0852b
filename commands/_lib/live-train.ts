import { UserError } from '../../src/chat/errors.ts';
import { logger } from '../../src/chat/logger.ts';
import { currentControlRelay, registerLocalControlHandler, type RelayedOutcome } from '../../src/chat/control-relay.ts';
import type { Caller, CommandContext, ComponentContext, Reply, ReplyButton } from '../../src/chat/types.ts';
import type { Metrics, TrainSpec } from '../../src/engine/index.ts';
import { LIVE_SPEEDS, type LiveControl, type LiveFrame, type JobImage } from '../../src/jobs/index.ts';
import { findLiveSession, LiveSession, newLiveSessionId, type LiveEvent } from './live-session.ts';
import { setupLine } from './training.ts';

/** Chat platforms replace their reply's picture at most this often (Discord and Slack rate limits). */
export const LIVE_REPLACE_EVERY_MS = 1500;
/** A picture is asked for this long before the next edit may go (drawing two PNGs takes a moment). */
const PICTURE_AHEAD_MS = 300;

type AnyContext = CommandContext | ComponentContext;

/** Text above a live view: who runs it and what it trains. */
function liveIntro(ctx: AnyContext, spec: TrainSpec): string {
  return `**Live training** started by ${ctx.caller.displayName.replace(/[*_`~|<>[\]\\]/g, '')}: the boundary and the loss curve move as the network learns. Only they (or a lecturer) can use the controls.\n${setupLine(spec)}`;
}

/** Component id of a live control (`train:live-ctl:<session>:<action>`). */
export function liveControlId(sessionId: string, action: string): string {
  return `train:live-ctl:${sessionId}:${action}`;
}

/** The control buttons chat platforms show under a live picture. */
export function liveButtons(sessionId: string, state: LiveFrame['state'] | undefined): ReplyButton[][] {
  return [[
    state === 'paused'
      ? { id: liveControlId(sessionId, 'play'), label: 'Play', style: 'primary' }
      : { id: liveControlId(sessionId, 'pause'), label: 'Pause', style: 'primary' },
    { id: liveControlId(sessionId, 'step'), label: 'Step one epoch', style: 'secondary' },
    { id: liveControlId(sessionId, 'slower'), label: 'Slower', style: 'secondary' },
    { id: liveControlId(sessionId, 'faster'), label: 'Faster', style: 'secondary' },
  ]];
}

/** Starts a live view for the caller and answers with it: a streamed panel in the web chat, a picture replaced as training runs elsewhere. */
export async function startLiveView(ctx: AnyContext, spec: TrainSpec): Promise<void> {
  const id = newLiveSessionId();
  const intro = liveIntro(ctx, spec);
  if (ctx.caller.platform === 'local') {
    await ctx.reply({ text: intro, live: { sessionId: id }, data: { liveSessionId: id, spec } });
    try {
      LiveSession.start(ctx.caller, spec, { id });
    } catch (error) {
      await ctx.edit({ text: `The live view could not start: ${error instanceof Error ? error.message : String(error)}`, data: { liveSessionId: id, refused: true } });
    }
    return;
  }
  await ctx.reply({ text: `${intro}\nStarting…`, buttons: liveButtons(id, 'playing'), live: { sessionId: id }, data: { liveSessionId: id, spec } });
  let session: LiveSession;
  try {
    session = LiveSession.start(ctx.caller, spec, { id });
  } catch (error) {
    await ctx.edit({ text: `The live view could not start: ${error instanceof Error ? error.message : String(error)}` });
    return;
  }
  await replacePicturesWhileTraining(ctx, session, intro);
}

/** The line under a chat platform's live picture. */
function statusLine(frame: LiveFrame | undefined, isFinal: boolean): string {
  if (!frame) return 'Waiting for a worker…';
  const last = frame.losses[frame.losses.length - 1];
  const loss = last ? ` · train loss ${last.trainLoss.toFixed(3)} · test loss ${last.testLoss.toFixed(3)}` : '';
  const state = isFinal ? `finished (${frame.stopMessage || 'stopped'})` : frame.state;
  return `Epoch ${frame.epoch} · ${state} · lr ${frame.learningRate} · ${frame.epochsPerFrame} epoch${frame.epochsPerFrame === 1 ? '' : 's'} per frame${loss}`;
}

/**
 * Discord and Slack: asks the worker for a fresh picture and edits the reply with it, never more
 * often than every LIVE_REPLACE_EVERY_MS, and ends with the final picture. Returns when the view stops.
 */
async function replacePicturesWhileTraining(ctx: AnyContext, session: LiveSession, intro: string): Promise<void> {
  let lastFrame: LiveFrame | undefined;
  let lastLoss: LiveFrame['losses'][number] | undefined;
  let lastEditDoneMs = -Infinity;
  let pictureEpoch = -1;
  let pictureState: LiveFrame['state'] | undefined;
  let isPictureAsked = false;
  let wantsFinal = false;
  let isFinalSent = false;
  let editing: Promise<void> = Promise.resolve();
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, work: () => void) => {
    const timer = setTimeout(() => { timers.delete(timer); work(); }, ms);
    timers.add(timer);
  };
  session.setWatching('chat-reply', true);

  const edit = (images: JobImage[], epoch: number, state: LiveFrame['state'], metrics: Metrics) => {
    const isFinal = state === 'finished';
    editing = editing.then(async () => {
      const waitMs = lastEditDoneMs + LIVE_REPLACE_EVERY_MS - Date.now();
      if (waitMs > 0) await new Promise<void>((resolve) => later(waitMs, resolve));
      const shown = lastFrame && { ...lastFrame, epoch, state, losses: lastLoss ? [lastLoss] : [] };
      const reply: Reply = {
        text: `${intro}\n${statusLine(shown, isFinal)}`,
        images: images.map((i) => ({ name: i.name, alt: i.alt, contentType: i.contentType, data: Buffer.from(i.data.buffer, i.data.byteOffset, i.data.byteLength) })),
        buttons: isFinal ? [] : liveButtons(session.id, state),
        live: { sessionId: session.id },
        // the run's numbers at this picture (the JSON API and tests read them as any training reply's)
        data: { liveSessionId: session.id, epoch, isFinal, final: metrics },
      };
      await ctx.edit(reply).catch((error: unknown) => logger.warn({ err: error, live: session.id }, 'could not replace the live picture'));
      // counted from when the platform took the edit: the next one arrives ≥ 1.5 s after it, however long uploads take
      lastEditDoneMs = Date.now();
    });
  };
  /** Asks the worker for a picture when one is due: the final one at once; otherwise when the state moved on and the next edit may go soon. */
  const askPicture = () => {
    if (isPictureAsked || isFinalSent || !lastFrame) return;
    const isDue = wantsFinal
      || (lastFrame.state !== 'playing' && (lastFrame.epoch !== pictureEpoch || lastFrame.state !== pictureState))
      || (lastFrame.epoch !== pictureEpoch && Date.now() - lastEditDoneMs >= LIVE_REPLACE_EVERY_MS - PICTURE_AHEAD_MS);
    if (!isDue) return;
    isPictureAsked = true;
    session.requestPicture();
  };

  const ended = new Promise<void>((resolve) => {
    session.subscribe((event: LiveEvent) => {
      switch (event.type) {
        case 'frame':
          lastFrame = event.frame;
          lastLoss = event.frame.losses[event.frame.losses.length - 1] ?? lastLoss;
          if (event.frame.state === 'finished') wantsFinal = true;
          session.setWatching('chat-reply', event.frame.state === 'playing');
          askPicture();
          return;
        case 'picture': {
          isPictureAsked = false;
          pictureEpoch = event.epoch;
          pictureState = event.state;
          edit(event.images, event.epoch, event.state, event.metrics);
          if (event.state === 'finished') {
            isFinalSent = true;
            void editing.then(() => session.stop('finished'));
          } else {
            void editing.then(() => later(LIVE_REPLACE_EVERY_MS - PICTURE_AHEAD_MS, askPicture));
          }
          return;
        }
        case 'ended':
          resolve();
          return;
        default:
          return;
      }
    });
  });
  const onAbort = () => void session.stop('shutdown');
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  await ended;
  ctx.signal.removeEventListener('abort', onAbort);
  await editing;
  for (const timer of timers) clearTimeout(timer);
  if (!isFinalSent) await ctx.edit({ text: `${intro}\n${statusLine(lastFrame, true)}\nThe live view has stopped.`, buttons: [], live: { sessionId: session.id } }).catch(() => undefined);
}

/** Turns a live control click into a control; UserError for an unknown action or value. */
export function controlFromClick(action: string, values: readonly string[], current: { epochsPerFrame: number } | undefined): LiveControl | 'close' {
  const value = values[0];
  switch (action) {
    case 'play':
    case 'pause':
    case 'step':
    case 'reset':
      return { type: action };
    case 'close':
      return 'close';
    case 'faster':
    case 'slower': {
      const speeds: readonly number[] = LIVE_SPEEDS;
      const index = speeds.indexOf(current?.epochsPerFrame ?? 1);
      const next = speeds[Math.max(0, Math.min(speeds.length - 1, (index < 0 ? 2 : index) + (action === 'faster' ? 1 : -1)))]!;
      return { type: 'speed', epochsPerFrame: next };
    }
    case 'speed': {
      const speed = Number(value);
      if (!LIVE_SPEEDS.includes(speed as never)) throw new UserError(`The speed must be one of ${LIVE_SPEEDS.join(', ')} epochs per frame.`);
      return { type: 'speed', epochsPerFrame: speed };
    }
    case 'lr':
      return { type: 'settings', learningRate: Number(value) };
    case 'reg':
      return { type: 'settings', regularization: value as never };
    case 'reg-rate':
      return { type: 'settings', regRate: Number(value) };
    default:
      throw new UserError('This control does not exist. The live view has play, pause, step, reset, speed, learning rate and regularisation controls.');
  }
}

const ACK: Record<string, string> = { play: 'Playing.', pause: 'Paused.', step: 'One epoch more.', reset: 'Started over.', faster: 'Faster.', slower: 'Slower.', close: 'Closed.' };

/**
 * Applies a control click to a live view running in this process: undefined when it does not run
 * here; a refusal (not the owner, a bad value) comes back as the message for the clicker.
 */
async function applyLiveControlHere(sessionId: string, action: string, values: readonly string[], caller: Caller): Promise<RelayedOutcome | undefined> {
  const session = findLiveSession(sessionId);
  if (!session) return undefined;
  try {
    const control = controlFromClick(action, values, session.snapshot().frame);
    if (control === 'close') {
      if (!session.mayControl(caller)) session.control(caller, { type: 'pause' }); // throws the owner-only message
      await session.stop('closed');
    } else {
      session.control(caller, control);
    }
    return { ok: true };
  } catch (error) {
    if (error instanceof UserError) return { ok: false, message: error.message };
    throw error;
  }
}

// With several bot instances, a click on a live view can reach one that does not run it; that
// instance relays it here (src/chat/control-relay.ts) when this one does.
registerLocalControlHandler('live-view', (control) => applyLiveControlHere(control.id, control.action, control.values, control.caller));

/** A click on a live view's control: only its owner or a lecturer; the change acts before the next epoch, on whichever instance runs the view. */
export async function handleLiveControl(ctx: ComponentContext): Promise<void> {
  const [sessionId = '', action = ''] = ctx.state;
  const outcome = (await applyLiveControlHere(sessionId, action, ctx.values, ctx.caller))
    ?? (await currentControlRelay()?.forward({ kind: 'live-view', id: sessionId, action, values: [...ctx.values], caller: ctx.caller }));
  if (!outcome) throw new UserError('This live view has stopped. Start a new one with `/train live:true` or the “Watch live” button.');
  if (!outcome.ok) throw new UserError(outcome.message);
  // The web chat shows the effect in the panel; Discord and Slack need an answer to the click.
  if (ctx.caller.platform !== 'local') await ctx.reply({ text: ACK[action] ?? 'Done.', ephemeral: true });
}
