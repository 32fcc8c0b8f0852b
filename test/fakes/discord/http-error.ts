/** How the fake's REST handlers refuse a request: a thrown Discord API error that the server turns into a JSON response. */
import type { FakeApiError } from './checks.ts';

/** A refusal carrying Discord's HTTP status, JSON error code and message. */
export class HttpError extends Error {
  constructor(readonly apiError: FakeApiError) {
    super(apiError.message);
  }
}

/** Throws an HttpError with Discord's status, error code and message. */
export const fail = (status: number, code: number, message: string): never => {
  throw new HttpError({ status, code, message });
};
