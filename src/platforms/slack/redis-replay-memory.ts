/**
 * Replay protection shared by several Slack HTTP instances behind a load balancer: a signature is
 * claimed with one atomic `SET key 1 PX … NX` in Redis, so a request replayed to another instance
 * is refused there too. While Redis cannot be reached, this instance's own memory stands in (a
 * replay to the same instance is still refused) and the fault is logged.
 */
import type { Redis } from 'ioredis';
import { logger } from '../../chat/logger.ts';
import { SIGNATURE_WINDOW_MS, SignatureMemory, type ReplayMemory, type ReplayVerdict } from './replay-guard.ts';

const KEY_PREFIX = 'nn-tutor:slack:signature:';
const WARN_EVERY_MS = 60_000;

/** Used signatures remembered in Redis for twice Slack's five-minute window (like SignatureMemory). */
export class RedisReplayMemory implements ReplayMemory {
  private readonly fallback = new SignatureMemory();
  private lastWarnedAtMs = -Infinity;

  constructor(private readonly redis: Pick<Redis, 'set'>) {}

  async admit(signature: string, timestampSec: number, nowMs = Date.now()): Promise<ReplayVerdict> {
    if (timestampSec * 1000 > nowMs + SIGNATURE_WINDOW_MS) return 'future';
    try {
      const claimed = await this.redis.set(`${KEY_PREFIX}${signature}`, '1', 'PX', 2 * SIGNATURE_WINDOW_MS, 'NX');
      return claimed === 'OK' ? 'ok' : 'replayed';
    } catch (error) {
      if (nowMs - this.lastWarnedAtMs >= WARN_EVERY_MS) {
        this.lastWarnedAtMs = nowMs;
        logger.warn({ err: error, platform: 'slack' }, 'slack: Redis unreachable for replay checks; this instance checks replays on its own until it is back');
      }
      return this.fallback.admit(signature, timestampSec, nowMs);
    }
  }
}
