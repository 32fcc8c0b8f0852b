/**
 * The live quiz's timers across instances. The instance that posts a question arms an in-process
 * timer (live-quiz-actions.ts) and normally reveals at the deadline; every instance also sweeps the
 * store now and then and reveals any question whose deadline passed a little while ago without a
 * reveal — because the instance that posted it was killed, restarted, or its timer was lost — and
 * posts the results in the quiz's channel. The reveal is a conditional write in the store, so
 * however many instances race, exactly one reveals and posts.
 */
import { channelPosterFor, hasChannelPosters } from '../../src/chat/channel-posters.ts';
import { logger } from '../../src/chat/logger.ts';
import { getStore } from '../../src/store/index.ts';
import type { LiveSessionRecord } from '../../src/store/types.ts';
import { getContent } from '../../src/tutor/content/load.ts';
import { questionDeadline, revealLive } from '../../src/tutor/live-quiz.ts';
import { cancelReveal } from '../../src/tutor/live-timers.ts';
import { revealReply } from './live-quiz-replies.ts';

/** How often an instance looks for overdue questions (ms). */
export const LIVE_SWEEP_INTERVAL_MS = 1_000;
/**
 * How long past the deadline a question waits before another instance takes it over: the instance
 * that posted it reveals at the deadline (+50 ms) and keeps its answer in the same place as the question.
 */
export const LIVE_TAKEOVER_AFTER_MS = 1_500;

/** A running sweeper. */
export interface LiveQuizSweeper {
  /** One pass: reveals every overdue question this process can post for; resolves with how many it revealed. */
  sweepOnce(): Promise<number>;
  /** Stops sweeping and waits for a pass in progress. */
  stop(): Promise<void>;
}

/** True when the question's time ran out more than `takeoverAfterMs` ago. */
function isOverdue(session: LiveSessionRecord, nowMs: number, takeoverAfterMs: number): boolean {
  const deadline = questionDeadline(session);
  return deadline !== undefined && nowMs > deadline + takeoverAfterMs;
}

/**
 * Starts sweeping every `intervalMs` (the first pass at once, so a restarted instance reveals what
 * fell due while it was down). Only sessions of platforms this process serves are touched (a
 * platform adapter registers a channel poster when it starts).
 */
export function startLiveQuizSweeper(options: { intervalMs?: number; takeoverAfterMs?: number; now?: () => number } = {}): LiveQuizSweeper {
  const intervalMs = options.intervalMs ?? LIVE_SWEEP_INTERVAL_MS;
  const takeoverAfterMs = options.takeoverAfterMs ?? LIVE_TAKEOVER_AFTER_MS;
  const now = options.now ?? Date.now;
  let pass: Promise<number> | undefined;
  let isStopped = false;

  const sweep = async (): Promise<number> => {
    if (!hasChannelPosters()) return 0; // no platform here can post a reveal (the local web chat keeps its own timers)
    const store = getStore();
    let revealed = 0;
    for (const session of await store.live.listActive()) {
      const post = channelPosterFor(session.platform);
      if (!post || !isOverdue(session, now(), takeoverAfterMs)) continue;
      const reveal = await revealLive(store, getContent(), session.id, now());
      if (!reveal) continue; // another instance (or this one's timer) was first
      cancelReveal(session.id);
      revealed += 1;
      logger.info({ session: session.id, platform: session.platform, question: reveal.questionNumber }, 'live quiz: revealed a question whose timer was lost (its instance stopped or restarted)');
      try {
        await post({ channelId: session.channelId, spaceId: session.spaceId }, revealReply(reveal));
      } catch (err) {
        logger.error({ err, session: session.id }, 'live quiz: the results were scored but could not be posted');
      }
    }
    return revealed;
  };

  const sweepOnce = (): Promise<number> => {
    // one pass at a time: a slow database must not pile passes up
    pass ??= sweep().finally(() => { pass = undefined; });
    return pass;
  };

  let lastWarnedAtMs = -Infinity;
  const tick = () => {
    if (isStopped) return;
    sweepOnce().catch((err: unknown) => {
      // a database that is down fails every pass: say so once a minute, not every second
      if (now() - lastWarnedAtMs < 60_000) return;
      lastWarnedAtMs = now();
      logger.warn({ err }, 'live quiz: looking for overdue questions failed; trying again every second');
    });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();

  return {
    sweepOnce,
    async stop() {
      isStopped = true;
      clearInterval(timer);
      await pass?.catch(() => undefined);
    },
  };
}
