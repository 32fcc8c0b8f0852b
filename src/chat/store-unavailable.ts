import { ServiceUnavailableError } from './errors.ts';
import { logger } from './logger.ts';

/** What a user is told when the database cannot be used: not their fault, and training still works. */
export const PROGRESS_UNAVAILABLE_MESSAGE =
  'Progress is unavailable right now (the tutor cannot use its database), so lessons, quizzes and the leaderboard cannot be shown or saved. Training and pictures still work; please try again later.';

/** Seconds a client should wait before asking again (the store retries opening every 30 s). */
const RETRY_AFTER_SECONDS = 30;
/** The same fault is logged at most this often, so a class hitting a broken file does not flood the log. */
const LOG_EVERY_MS = 60_000;
const lastLoggedAtMs = new Map<string, number>();

/**
 * The answer for a store fault (an error named StoreUnavailableError, thrown by src/store for a
 * read-only, corrupt, empty or vanished file): a ServiceUnavailableError (503, Retry-After) saying
 * progress is unavailable; the fault itself, naming the file and what to do, is logged. Undefined
 * for any other error.
 */
export function storeFaultAsUnavailable(error: unknown, context: Record<string, unknown>): ServiceUnavailableError | undefined {
  if (!(error instanceof Error) || error.name !== 'StoreUnavailableError') return undefined;
  const nowMs = Date.now();
  if (nowMs - (lastLoggedAtMs.get(error.message) ?? -Infinity) >= LOG_EVERY_MS) {
    lastLoggedAtMs.set(error.message, nowMs);
    logger.error({ err: error, ...context }, `progress is unavailable: ${error.message}`);
  }
  return new ServiceUnavailableError(PROGRESS_UNAVAILABLE_MESSAGE, RETRY_AFTER_SECONDS);
}
