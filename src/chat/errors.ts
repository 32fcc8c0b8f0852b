import { randomBytes } from 'node:crypto';
import { logger } from './logger.ts';
import { suggestionFor } from './suggest.ts';

/**
 * A mistake the user can fix (bad option, not allowed, busy). Its message is shown only to that
 * user and should say what to do instead; it is never logged as a failure.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(message: string) {
    super(message);
  }
}

/**
 * The tutor cannot serve this right now through no fault of the user (busy, shutting down, store
 * unavailable): HTTP 503 with Retry-After on the JSON API, a private "try again" in chat.
 */
export class ServiceUnavailableError extends UserError {
  constructor(message: string, readonly retryAfterSeconds = 5) {
    super(message);
  }
}

/** Thrown when the shared bot is at its queue bound; the caller sees "the tutor is busy, try again". */
export class BusyError extends ServiceUnavailableError {}

/** A short id that ties a chat apology to its log line (e.g. "e-7f3a9c"). */
export function newErrorId(): string {
  return `e-${randomBytes(3).toString('hex')}`;
}

/** True for errors whose message is meant for the user (UserError, or an engine SpecError). */
export function isUserFacingError(error: unknown): error is Error {
  if (error instanceof UserError) return true;
  // The engine is a leaf and cannot import UserError; its SpecError (and DataError, bad user data) carries the same meaning.
  return error instanceof Error && (error.name === 'SpecError' || error.name === 'DataError');
}

/** What the chat shows for a failure: the user's own message, or an apology with a logged id. */
export interface ErrorReport {
  kind: 'user' | 'internal';
  message: string;
  errorId?: string;
  /** Set for a ServiceUnavailableError: not the user's fault, try again after this many seconds. */
  retryAfterSeconds?: number;
}

/** Turns any thrown value into what the user sees; internal errors are logged with context and an id. */
export function reportError(error: unknown, context: Record<string, unknown>): ErrorReport {
  if (error instanceof ServiceUnavailableError) return { kind: 'user', message: error.message, retryAfterSeconds: error.retryAfterSeconds };
  if (isUserFacingError(error)) return { kind: 'user', message: error.message + suggestionFor(error) };
  const errorId = newErrorId();
  logger.error({ err: error, errorId, ...context }, 'command failed');
  return {
    kind: 'internal',
    errorId,
    message: `Sorry, something went wrong on our side (error id \`${errorId}\`). Please try again; if it keeps happening, tell the lecturer this id.`,
  };
}
