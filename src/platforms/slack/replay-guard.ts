/**
 * Slack HTTP mode: a correctly signed request is accepted once. Bolt checks the signature and
 * refuses timestamps more than five minutes old; this also refuses the same signature seen again
 * within those five minutes (a replay) and timestamps more than five minutes ahead.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { HTTPModuleFunctions, isValidSlackRequest, type HTTPReceiver } from '@slack/bolt';
import { logger } from '../../chat/logger.ts';

/** Slack's window: a signed request is valid for five minutes either side of now. */
export const SIGNATURE_WINDOW_MS = 5 * 60_000;

/** Verdict on a validly signed request: first use, a replay, or timestamped too far ahead. */
export type ReplayVerdict = 'ok' | 'replayed' | 'future';

/** Where used signatures are remembered: this process (one instance) or Redis (all instances behind a load balancer). */
export interface ReplayMemory {
  admit(signature: string, timestampSec: number, nowMs?: number): ReplayVerdict | Promise<ReplayVerdict>;
}

/** Remembers signatures seen within the window; only requests with a valid signature are remembered, so its size follows real traffic. */
export class SignatureMemory implements ReplayMemory {
  private readonly expiryBySignature = new Map<string, number>();

  /** 'ok' (and remembers it), 'replayed' (seen within the window) or 'future' (timestamp more than the window ahead). */
  admit(signature: string, timestampSec: number, nowMs = Date.now()): 'ok' | 'replayed' | 'future' {
    for (const [seen, expiryMs] of this.expiryBySignature) {
      if (expiryMs > nowMs) break; // insertion order = expiry order
      this.expiryBySignature.delete(seen);
    }
    if (timestampSec * 1000 > nowMs + SIGNATURE_WINDOW_MS) return 'future';
    if (this.expiryBySignature.has(signature)) return 'replayed';
    this.expiryBySignature.set(signature, nowMs + 2 * SIGNATURE_WINDOW_MS);
    return 'ok';
  }
}

function refuse(res: ServerResponse, status: number): void {
  res.writeHead(status, { connection: 'close' });
  res.end();
}

/** Puts the replay and future-timestamp checks in front of a Bolt HTTPReceiver's request handling. */
export function refuseReplays(receiver: HTTPReceiver, signingSecret: string, memory: ReplayMemory = new SignatureMemory()): void {
  const handle: RequestListener = receiver.requestListener;
  receiver.requestListener = (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      let body: string;
      try {
        body = (await HTTPModuleFunctions.bufferIncomingMessage(req, HTTPModuleFunctions.defaultBodyLimit)).rawBody.toString();
      } catch (error) {
        logger.warn({ err: error, platform: 'slack' }, 'slack: could not read a request body');
        refuse(res, HTTPModuleFunctions.isRawBodyError(error) && (error as { statusCode?: number }).statusCode === 413 ? 413 : 400);
        return;
      }
      const signature = req.headers['x-slack-signature'];
      const timestampSec = Number(req.headers['x-slack-request-timestamp']);
      // Anything not validly signed goes on to Bolt, which refuses it with 401 and logs why (ssl_check needs no signature).
      if (typeof signature === 'string' && isValidSlackRequest({ signingSecret, body, headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestampSec } })) {
        const verdict = await memory.admit(signature, timestampSec);
        if (verdict !== 'ok') {
          logger.warn({ platform: 'slack', timestampSec }, verdict === 'replayed' ? 'slack: refused a replayed request (this signature was already used)' : 'slack: refused a request timestamped more than 5 minutes ahead');
          refuse(res, 401);
          return;
        }
      }
      handle(req, res);
    })();
  };
}
