import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisClient, parseRedisUrl, RedisReplyError, type RespClient } from '../../../src/jobs/bullmq/resp-client.ts';
import { findRedisServer, startPrivateRedis, type PrivateRedis } from './redis-harness.ts';

const redisBinary = findRedisServer();
if (!redisBinary) console.warn('SKIPPED Redis client tests against a server: redis-server could not be found.');

describe('REDIS_URL parsing', () => {
  it('host, port, password and database come from the URL; rediss:// means TLS', () => {
    expect(parseRedisUrl('redis://:s3cret@cache.example:6380/2')).toMatchObject({ host: 'cache.example', port: 6380, password: 's3cret', db: 2, tls: false });
    expect(parseRedisUrl('rediss://user:pw@h')).toMatchObject({ host: 'h', port: 6379, username: 'user', password: 'pw', db: 0, tls: true });
  });

  it('a URL that is not redis:// → an error saying what is allowed', () => {
    expect(() => parseRedisUrl('http://localhost:6379')).toThrow(/redis:\/\/ or rediss:\/\//);
    expect(() => parseRedisUrl('not a url')).toThrow(/redis:\/\/host:6379/);
    expect(() => parseRedisUrl('redis://h:6379/x')).toThrow(/database must be a whole number/);
  });
});

describe.skipIf(!redisBinary)('the RESP client against a real redis-server', () => {
  let redis: PrivateRedis;
  let client: RespClient;

  beforeAll(async () => {
    redis = await startPrivateRedis(redisBinary!);
    client = createRedisClient(redis.url, 'resp-client-test', 500);
    client.on('error', () => undefined);
  }, 30_000);

  afterAll(async () => {
    await client?.quit();
    await redis?.stop();
  });

  it('strings, hashes, sorted sets and a 2 MB value round-trip; an error reply rejects with its message', async () => {
    await client.set('k', 'v', { PX: 60_000 });
    expect(await client.get('k')).toBe('v');
    await client.hset('h', { a: '1', b: 2 });
    expect(await client.hgetall('h')).toEqual({ a: '1', b: '2' });
    await client.call('ZADD', 'z', 2, 'two', 1, 'one');
    expect(await client.zrange('z', 0, -1, { WITHSCORES: true })).toEqual(['one', '1', 'two', '2']);
    const big = 'x'.repeat(2 * 1024 * 1024);
    await client.set('big', big);
    expect(await client.get('big')).toBe(big);
    await expect(client.call('HGET', 'k', 'field')).rejects.toBeInstanceOf(RedisReplyError);
  });

  it('MULTI and pipelines give [error, value] per command; a failing command does not hide the others', async () => {
    const results = await client.multi().hset('m', { f: 'v' }).hgetall('m').del('m').exec();
    expect(results).toEqual([[null, 1], [null, { f: 'v' }], [null, 1]]);
    await client.set('plain', 'text');
    const piped = await client.pipeline().llen('plain').lrange('nothing', 0, -1).exec();
    expect(piped![0]![0]).toBeInstanceOf(RedisReplyError);
    expect(piped![1]).toEqual([null, []]);
  });

  it('a defined Lua command runs by SHA, and again after the server forgot its scripts', async () => {
    client.defineCommand('addTwo', { numberOfKeys: 1, lua: "return redis.call('INCRBY', KEYS[1], 2)" });
    expect(await client.runCommand('addTwo', ['counter'])).toBe(2);
    await client.call('SCRIPT', 'FLUSH');
    expect(await client.runCommand('addTwo', ['counter'])).toBe(4);
    const inTransaction = await client.multi().runCommand('addTwo', ['counter']).exec();
    expect(inTransaction).toEqual([[null, 6]]);
  });

  it('the server restarts on the same port → the client reconnects and commands work again', async () => {
    const port = Number(new URL(redis.url).port);
    await client.set('before', '1');
    await redis.stop();
    // sent while the server is down: waits offlineTimeoutMs for a reconnect, then fails (never hangs)
    await expect(client.get('before')).rejects.toThrow(/Connection is closed.*unreachable for 500 ms/);
    redis = await startPrivateRedis(redisBinary!, port);
    const deadline = Date.now() + 15_000;
    let answer: string | null | undefined;
    while (Date.now() < deadline) {
      answer = await client.call('PING').catch(() => undefined);
      if (answer === 'PONG') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(answer).toBe('PONG');
    expect(await client.get('before')).toBeNull(); // a fresh server without persistence
  }, 30_000);
});
