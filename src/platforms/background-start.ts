/**
 * Starting a remote platform (Discord, Slack) without letting it hold up the others: an
 * unreachable API is retried in the background with growing pauses, announced by one log line.
 */
import { logger } from '../chat/logger.ts';

/** The platform's API could not be reached (network error, timeout): worth trying again later, unlike a refused token. */
export class PlatformUnreachableError extends Error {
  override readonly name = 'PlatformUnreachableError';
}

/** A platform being started in the background. */
export interface BackgroundStart<T extends { stop(): Promise<void> } = { stop(): Promise<void> }> {
  name: string;
  /** Resolves with the running platform, or undefined when it failed for good or was stopped first. */
  started: Promise<T | undefined>;
  /** Stops retrying, or stops the platform if it runs. */
  stop(): Promise<void>;
}

/** Pauses between attempts: 2 s, doubling, at most 5 min. */
export const RETRY_DELAYS = { firstMs: 2_000, maxMs: 5 * 60_000 };

type Log = Pick<typeof logger, 'info' | 'warn' | 'error'>;

/**
 * Calls `start` until the platform runs. A PlatformUnreachableError is logged once ("cannot reach
 * …, retrying in the background") and retried after 2 s, 4 s, … up to 5 min; any other error (a
 * refused token, a bad setting) is logged as "did not start" and not retried.
 */
export function startInBackground<T extends { stop(): Promise<void> }>(
  name: string,
  start: () => Promise<T>,
  options: { log?: Log; delays?: { firstMs: number; maxMs: number } } = {},
): BackgroundStart<T> {
  const log = options.log ?? logger;
  const delays = options.delays ?? RETRY_DELAYS;
  const stopping = new AbortController();
  let adapter: T | undefined;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      stopping.signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
    });

  const started = (async (): Promise<T | undefined> => {
    let delayMs = delays.firstMs;
    let failures = 0;
    while (!stopping.signal.aborted) {
      try {
        adapter = await start();
        if (stopping.signal.aborted) {
          await adapter.stop();
          adapter = undefined;
          return undefined;
        }
        log.info({ platform: name, attempts: failures + 1 }, failures ? `${name} started after ${failures + 1} attempts` : `${name} started`);
        return adapter;
      } catch (error) {
        if (!(error instanceof PlatformUnreachableError)) {
          log.error({ err: error, platform: name }, `${name} did not start: ${(error as Error).message}`);
          return undefined;
        }
        failures += 1;
        if (failures === 1)
          log.warn({ platform: name }, `${name}: ${error.message} Retrying in the background (every ${delays.firstMs / 1000} s, slowing to every ${delays.maxMs / 60_000} min); the other platforms are running.`);
        await pause(delayMs);
        delayMs = Math.min(delays.maxMs, delayMs * 2);
      }
    }
    return undefined;
  })();

  return {
    name,
    started,
    async stop() {
      stopping.abort();
      await started;
      await adapter?.stop();
    },
  };
}
