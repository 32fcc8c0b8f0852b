import { createHmac } from 'node:crypto';

/**
 * Slack's request signature: `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>` keyed with the
 * app's signing secret, sent as X-Slack-Signature with X-Slack-Request-Timestamp (seconds).
 */
export function signSlackBody(signingSecret: string, rawBody: string, timestampSec: number): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestampSec}:${rawBody}`).digest('hex')}`;
}

/** Headers of a signed request as Slack sends them; `signature: null` leaves the signature out. */
export function signedHeaders(
  signingSecret: string,
  rawBody: string,
  options: { timestampSec?: number; signature?: string | null } = {},
): Record<string, string> {
  const timestampSec = options.timestampSec ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestampSec),
  };
  const signature = options.signature === undefined ? signSlackBody(signingSecret, rawBody, timestampSec) : options.signature;
  if (signature !== null) headers['x-slack-signature'] = signature;
  return headers;
}
