/**
 * The control relay over Redis pub/sub: a click is published on one channel every bot instance
 * listens to; the instance that holds the state applies it and publishes the outcome on the asking
 * instance's own reply channel. An instance that does not hold it stays silent, so "nobody
 * answered within the wait" means the state is gone everywhere.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { applyRelayedControl, type ControlRelay, type RelayedControl, type RelayedOutcome } from './control-relay.ts';
import { logger } from './logger.ts';

const REQUEST_CHANNEL = 'nn-tutor:control-relay:requests';
const replyChannelOf = (instanceId: string) => `nn-tutor:control-relay:replies:${instanceId}`;

/** How long the asking instance waits for the holder's answer before calling the state gone. */
export const RELAY_WAIT_MS = 2_000;

interface RequestMessage { requestId: string; replyTo: string; control: RelayedControl }
interface ReplyMessage { requestId: string; outcome: RelayedOutcome }

/** One instance's end of the relay: publishes with `publisher`, listens on its own subscriber connection. */
export class RedisControlRelay implements ControlRelay {
  private readonly instanceId = randomUUID();
  private readonly subscriber: Redis;
  private readonly waiting = new Map<string, (outcome: RelayedOutcome) => void>();

  constructor(
    private readonly publisher: Redis,
    private readonly options: { waitMs?: number; apply?: (control: RelayedControl) => Promise<RelayedOutcome | undefined> } = {},
  ) {
    // a connection in subscriber mode can do nothing else, so it is a separate one
    this.subscriber = publisher.duplicate({ connectionName: 'nn-tutor-control-relay' });
    this.subscriber.on('error', () => undefined); // reconnects by itself
    this.subscriber.on('message', (channel: string, text: string) => void this.onMessage(channel, text));
  }

  /** Subscribes to the request and reply channels; resolves once Redis confirmed both. */
  async start(): Promise<this> {
    await this.subscriber.subscribe(REQUEST_CHANNEL, replyChannelOf(this.instanceId));
    return this;
  }

  async forward(control: RelayedControl): Promise<RelayedOutcome | undefined> {
    const requestId = randomUUID();
    const answered = new Promise<RelayedOutcome | undefined>((resolve) => {
      const timer = setTimeout(() => { this.waiting.delete(requestId); resolve(undefined); }, this.options.waitMs ?? RELAY_WAIT_MS);
      this.waiting.set(requestId, (outcome) => { clearTimeout(timer); this.waiting.delete(requestId); resolve(outcome); });
    });
    const message: RequestMessage = { requestId, replyTo: replyChannelOf(this.instanceId), control };
    await this.publisher.publish(REQUEST_CHANNEL, JSON.stringify(message));
    return answered;
  }

  /** Unsubscribes and closes the subscriber connection (the publisher belongs to the caller). */
  async close(): Promise<void> {
    await this.subscriber.quit().catch(() => this.subscriber.disconnect());
  }

  private async onMessage(channel: string, text: string): Promise<void> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return;
    }
    if (channel === REQUEST_CHANNEL) {
      const request = parsed as RequestMessage;
      if (typeof request?.requestId !== 'string' || typeof request.replyTo !== 'string' || !request.control) return;
      // our own request comes back to us too: this instance already found it does not hold the state
      if (request.replyTo === replyChannelOf(this.instanceId)) return;
      try {
        const outcome = await (this.options.apply ?? applyRelayedControl)(request.control);
        if (!outcome) return;
        const reply: ReplyMessage = { requestId: request.requestId, outcome };
        await this.publisher.publish(request.replyTo, JSON.stringify(reply));
      } catch (err) {
        logger.error({ err, kind: request.control.kind }, 'control relay: applying a relayed click failed');
        await this.publisher.publish(request.replyTo, JSON.stringify({ requestId: request.requestId, outcome: { ok: false, message: 'That did not work on the instance running it; try again.' } }))
          .catch(() => undefined);
      }
      return;
    }
    const reply = parsed as ReplyMessage;
    if (typeof reply?.requestId === 'string' && reply.outcome) this.waiting.get(reply.requestId)?.(reply.outcome);
  }
}
