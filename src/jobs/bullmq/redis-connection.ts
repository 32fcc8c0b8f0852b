/**
 * Redis connections for REDIS_URL, made with ioredis (the driver BullMQ 6 takes as an instance).
 * Two kinds: BullMQ's own (blocking reads, so no per-command timeout and `maxRetriesPerRequest: null`,
 * as BullMQ requires) and ours for short commands (admission, heartbeats, cancel keys, adding jobs),
 * which fail after a bounded time while Redis is down instead of waiting for it forever.
 */
import { Redis, type RedisOptions } from 'ioredis';

/** How long one of our commands may wait (also for a reconnect) before it fails. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 10_000;

/** Parses `redis://[user:password@]host[:port][/db]` (or `rediss://` for TLS); throws with what is allowed. */
export function parseRedisUrl(url: string): RedisOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`REDIS_URL must look like redis://host:6379 or redis://:password@host:6379/0 (got "${url}")`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')
    throw new Error(`REDIS_URL must start with redis:// or rediss:// (got "${parsed.protocol}")`);
  const db = parsed.pathname && parsed.pathname !== '/' ? Number(parsed.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new Error(`REDIS_URL's database must be a whole number, e.g. redis://host:6379/0 (got "${parsed.pathname}")`);
  const host = parsed.hostname || '127.0.0.1';
  return {
    host,
    port: parsed.port ? Number(parsed.port) : 6379,
    db,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    tls: parsed.protocol === 'rediss:' ? { servername: host } : undefined,
  };
}

/** Reconnects after 100 ms, doubling up to 5 s, for as long as it takes (a restarted Redis is picked up). */
function reconnectDelayMs(attempt: number): number {
  return Math.min(5_000, 100 * 2 ** Math.min(6, attempt - 1));
}

/**
 * A connection for our own short commands and the BullMQ Queue (which never blocks): a command sent
 * while Redis is unreachable waits up to `commandTimeoutMs` for the reconnect, then rejects.
 */
export function createRedisClient(url: string, connectionName?: string, commandTimeoutMs = DEFAULT_COMMAND_TIMEOUT_MS): Redis {
  return new Redis({
    ...parseRedisUrl(url),
    connectionName,
    enableOfflineQueue: true,
    maxRetriesPerRequest: null,
    commandTimeout: commandTimeoutMs,
    connectTimeout: Math.min(10_000, commandTimeoutMs),
    retryStrategy: reconnectDelayMs,
  });
}

/**
 * A template connection for BullMQ's Worker and QueueEvents, which duplicate it for their blocking
 * reads (BZPOPMIN, XREAD BLOCK): no command timeout, and `maxRetriesPerRequest: null` as BullMQ requires.
 */
export function createBullmqConnection(url: string, connectionName?: string): Redis {
  // lazyConnect: the template itself is never used, only its duplicates, which connect when BullMQ starts them.
  return new Redis({ ...parseRedisUrl(url), connectionName, maxRetriesPerRequest: null, retryStrategy: reconnectDelayMs, lazyConnect: true });
}
