import type { RespClient } from './resp-client.ts';
import { WORKERS_KEY, WORKER_HEARTBEAT_TTL_MS, WORKER_THREADS_KEY } from './names.ts';

// Expiry in Redis's clock (TIME), so machines with skewed clocks still agree on who is alive.
const HEARTBEAT_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return now`;

const LIVE_THREADS_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local gone = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)
if #gone > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
  redis.call('HDEL', KEYS[2], unpack(gone))
end
local alive = redis.call('ZRANGE', KEYS[1], 0, -1)
local threads = 0
for _, id in ipairs(alive) do threads = threads + tonumber(redis.call('HGET', KEYS[2], id) or '0') end
return {#alive, threads}`;

/** Records that worker `workerId` with `threads` threads is alive for the next WORKER_HEARTBEAT_TTL_MS. */
export async function sendWorkerHeartbeat(client: RespClient, workerId: string, threads: number): Promise<void> {
  await client.call('EVAL', HEARTBEAT_LUA, 2, WORKERS_KEY, WORKER_THREADS_KEY, workerId, threads, WORKER_HEARTBEAT_TTL_MS);
}

/** Removes a worker that is shutting down cleanly. */
export async function removeWorker(client: RespClient, workerId: string): Promise<void> {
  await client.call('ZREM', WORKERS_KEY, workerId);
  await client.call('HDEL', WORKER_THREADS_KEY, workerId);
}

/** Workers whose heartbeat is current, and their threads added up. */
export async function readLiveWorkers(client: RespClient): Promise<{ workers: number; threads: number }> {
  const [workers, threads] = (await client.call('EVAL', LIVE_THREADS_LUA, 2, WORKERS_KEY, WORKER_THREADS_KEY)) as [number, number];
  return { workers, threads };
}
