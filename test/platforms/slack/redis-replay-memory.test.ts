/**
 * Slack replay protection across instances: a signature used on one instance is refused on another
 * (both remember used signatures in one private Redis), and with Redis unreachable an instance still
 * refuses replays sent to itself.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisClient } from '../../../src/jobs/bullmq/redis-connection.ts';
import { RedisReplayMemory } from '../../../src/platforms/slack/redis-replay-memory.ts';
import { findRedisServer, startPrivateRedis, type PrivateRedis } from '../../jobs/bullmq/redis-harness.ts';

const redisBinary = findRedisServer();
if (!redisBinary) console.warn('SKIPPED Redis replay-memory tests: redis-server could not be found (install the Debian package redis-server).');

const NOW_MS = Date.now();
const NOW_SEC = Math.floor(NOW_MS / 1000);

describe.skipIf(!redisBinary)('Slack replay memory in Redis', () => {
  let redis: PrivateRedis;
  const clients: Redis[] = [];

  beforeAll(async () => {
    redis = await startPrivateRedis(redisBinary!);
  }, 30_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.quit().catch(() => undefined)));
    await redis?.stop();
  });

  function instance(): RedisReplayMemory {
    const client = createRedisClient(redis.url, 'replay-test');
    clients.push(client);
    return new RedisReplayMemory(client);
  }

  it('a signature used on instance A → refused as a replay on instance B and on A; another signature is admitted', async () => {
    const [a, b] = [instance(), instance()];
    expect(await a.admit('v0=first', NOW_SEC, NOW_MS)).toBe('ok');
    expect(await b.admit('v0=first', NOW_SEC, NOW_MS)).toBe('replayed');
    expect(await a.admit('v0=first', NOW_SEC, NOW_MS)).toBe('replayed');
    expect(await b.admit('v0=second', NOW_SEC, NOW_MS)).toBe('ok');
  });

  it('a timestamp more than five minutes ahead → refused as from the future, and not remembered', async () => {
    const a = instance();
    expect(await a.admit('v0=ahead', NOW_SEC + 6 * 60, NOW_MS)).toBe('future');
    expect(await a.admit('v0=ahead', NOW_SEC, NOW_MS)).toBe('ok');
  });

  it('the remembered signature expires after twice the five-minute window', async () => {
    const client = createRedisClient(redis.url, 'replay-test');
    clients.push(client);
    expect(await new RedisReplayMemory(client).admit('v0=ttl', NOW_SEC, NOW_MS)).toBe('ok');
    const ttlMs = await client.pttl('nn-tutor:slack:signature:v0=ttl');
    expect(ttlMs).toBeGreaterThan(9 * 60_000);
    expect(ttlMs).toBeLessThanOrEqual(10 * 60_000);
  });
});

describe('Slack replay memory with Redis unreachable', () => {
  it('refuses a replay sent to the same instance (its own memory stands in)', async () => {
    const unreachable = { set: async () => { throw new Error('connect ECONNREFUSED 127.0.0.1:1'); } } as unknown as Pick<Redis, 'set'>;
    const memory = new RedisReplayMemory(unreachable);
    expect(await memory.admit('v0=offline', NOW_SEC, NOW_MS)).toBe('ok');
    expect(await memory.admit('v0=offline', NOW_SEC, NOW_MS)).toBe('replayed');
  });
});
