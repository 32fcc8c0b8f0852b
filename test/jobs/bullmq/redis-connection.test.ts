import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { createRedisClient, parseRedisUrl } from '../../../src/jobs/bullmq/redis-connection.ts';
import { readLiveWorkers, sendWorkerHeartbeat } from '../../../src/jobs/bullmq/worker-registry.ts';
import { freePort } from '../../fakes/free-port.ts';
import { findRedisServer, startPrivateRedis, type PrivateRedis } from './redis-harness.ts';

const redisBinary = findRedisServer();
if (!redisBinary) console.warn('SKIPPED Redis connection tests against a server: redis-server could not be found.');

describe('REDIS_URL parsing', () => {
  it('host, port, user, password and database come from the URL; rediss:// means TLS', () => {
    expect(parseRedisUrl('redis://:s3cret@cache.example:6380/2')).toMatchObject({ host: 'cache.example', port: 6380, password: 's3cret', db: 2, tls: undefined });
    expect(parseRedisUrl('rediss://user:pw@h')).toMatchObject({ host: 'h', port: 6379, username: 'user', password: 'pw', db: 0, tls: { servername: 'h' } });
  });

  it('a URL that is not redis:// → an error saying what is allowed', () => {
    expect(() => parseRedisUrl('http://localhost:6379')).toThrow(/redis:\/\/ or rediss:\/\//);
    expect(() => parseRedisUrl('not a url')).toThrow(/redis:\/\/host:6379/);
    expect(() => parseRedisUrl('redis://h:6379/x')).toThrow(/database must be a whole number/);
  });
});

describe('a connection to a Redis that is not there', () => {
  it('a command → rejects after the command timeout instead of waiting forever', async () => {
    const nowhere = createRedisClient(`redis://127.0.0.1:${await freePort()}`, 'unreachable', 300);
    nowhere.on('error', () => undefined);
    try {
      await expect(nowhere.get('anything')).rejects.toThrow(/timed out/i);
    } finally {
      nowhere.disconnect();
    }
  });
});

describe.skipIf(!redisBinary)('our ioredis connection against a real redis-server', () => {
  let redis: PrivateRedis;
  let client: Redis;

  beforeAll(async () => {
    redis = await startPrivateRedis(redisBinary!);
    client = createRedisClient(redis.url, 'redis-connection-test', 500);
    client.on('error', () => undefined);
  }, 30_000);

  afterAll(async () => {
    await client?.quit().catch(() => undefined);
    await redis?.stop();
  });

  it('the worker registry Lua scripts run: two heartbeats → 2 workers and their threads added up', async () => {
    await sendWorkerHeartbeat(client, 'w1', 2);
    await sendWorkerHeartbeat(client, 'w2', 3);
    expect(await readLiveWorkers(client)).toEqual({ workers: 2, threads: 5 });
  });

  it('the server stops → a command fails within the timeout; it restarts on the same port → the client reconnects', async () => {
    const port = Number(new URL(redis.url).port);
    await client.set('before', '1');
    await redis.stop();
    await expect(client.get('before')).rejects.toThrow(/timed out|Connection is closed/i);
    redis = await startPrivateRedis(redisBinary!, port);
    const deadline = Date.now() + 20_000;
    let answer: string | undefined;
    while (Date.now() < deadline) {
      answer = await client.ping().catch(() => undefined);
      if (answer === 'PONG') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(answer).toBe('PONG');
    expect(await client.get('before')).toBeNull(); // a fresh server without persistence
  }, 40_000);
});
