import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BusyError, ServiceUnavailableError, UserError } from '../../../src/chat/errors.ts';
import { setLimits, type Limits } from '../../../src/chat/limits.ts';
import { RedisJobGate } from '../../../src/chat/redis-job-gate.ts';
import { loadCommands } from '../../../src/chat/registry.ts';
import { dispatchCommand } from '../../../src/chat/router.ts';
import { createRedisClient, type RespClient } from '../../../src/jobs/bullmq/resp-client.ts';
import { removeWorker, sendWorkerHeartbeat } from '../../../src/jobs/bullmq/worker-registry.ts';
import { startJobQueue } from '../../../src/start-job-queue.ts';
import { FakeResponder, testCaller } from '../../chat/fake-responder.ts';
import { freePort } from '../../fakes/free-port.ts';
import { findRedisServer, startPrivateRedis, type PrivateRedis } from './redis-harness.ts';

const redisBinary = findRedisServer();
if (!redisBinary) console.warn('SKIPPED shared admission tests: redis-server could not be found (install the Debian package redis-server, as .ci/run does).');

/** A capacity source standing in for the job queue: `threads` live worker threads, jobs of `typicalMs`. */
function capacity(client: RespClient, typicalMs = 1000) {
  return {
    liveWorkers: async () => {
      const { readLiveWorkers } = await import('../../../src/jobs/bullmq/worker-registry.ts');
      return readLiveWorkers(client);
    },
    typicalJobMs: () => typicalMs,
  };
}

describe.skipIf(!redisBinary)('admission counted in Redis (several bot instances)', () => {
  let redis: PrivateRedis;
  let clientA: RespClient;
  let clientB: RespClient;
  let previousLimits: Limits;

  beforeAll(async () => {
    redis = await startPrivateRedis(redisBinary!);
    clientA = createRedisClient(redis.url);
    clientB = createRedisClient(redis.url);
  }, 30_000);

  afterEach(async () => {
    setLimits(previousLimits);
    await clientA.call('FLUSHALL');
  });

  afterAll(async () => {
    await clientA?.quit();
    await clientB?.quit();
    await redis?.stop();
  });

  it('no worker has a heartbeat → 503 saying no training workers are connected', async () => {
    previousLimits = setLimits({});
    const gate = new RedisJobGate(clientA, capacity(clientA));
    const refusal = await gate.enter('local:u1').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ServiceUnavailableError);
    expect((refusal as Error).message).toMatch(/No training workers are connected.*npm run worker/);
  });

  it('Redis unreachable → 503 "the job queue cannot be reached", not a hang', async () => {
    previousLimits = setLimits({});
    const nowhere = createRedisClient(`redis://127.0.0.1:${await freePort()}`, 'unreachable', 300);
    nowhere.on('error', () => undefined);
    try {
      const gate = new RedisJobGate(nowhere, { liveWorkers: async () => ({ workers: 1, threads: 1 }), typicalJobMs: () => 1000 });
      const refusal = await gate.enter('local:u1').catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(ServiceUnavailableError);
      expect((refusal as Error).message).toMatch(/job queue cannot be reached/);
    } finally {
      nowhere.disconnect();
    }
  });

  it('one user on instance A and B at once → B refuses; after A releases, B admits', async () => {
    previousLimits = setLimits({ jobsPerUser: 1 });
    await sendWorkerHeartbeat(clientA, 'worker-1', 2);
    const gateA = new RedisJobGate(clientA, capacity(clientA));
    const gateB = new RedisJobGate(clientB, capacity(clientB));
    const held = await gateA.enter('discord:42');
    await expect(gateB.enter('discord:42')).rejects.toBeInstanceOf(UserError);
    const other = await gateB.enter('discord:43');
    expect(await gateB.inFlight()).toBe(2);
    held.release();
    held.release(); // idempotent
    await clientA.call('PING'); // the release went out on A's connection; a reply after it means Redis has applied it
    const again = await gateB.enter('discord:42');
    expect(await gateA.inFlight()).toBe(2);
    other.release();
    again.release();
  });

  it('JOBS_PER_USER=2 → a third job of the same user is refused on whichever instance', async () => {
    previousLimits = setLimits({ jobsPerUser: 2 });
    await sendWorkerHeartbeat(clientA, 'worker-1', 2);
    const gateA = new RedisJobGate(clientA, capacity(clientA));
    const gateB = new RedisJobGate(clientB, capacity(clientB));
    const places = [await gateA.enter('slack:U1'), await gateB.enter('slack:U1')];
    await expect(gateA.enter('slack:U1')).rejects.toThrow(/already have a run going/);
    for (const place of places) place.release();
  });

  it('the shared bound: live threads + MAX_QUEUED_JOBS places across instances, then "busy" with Retry-After', async () => {
    previousLimits = setLimits({ maxQueuedJobs: 2 });
    await sendWorkerHeartbeat(clientA, 'worker-1', 1);
    await sendWorkerHeartbeat(clientA, 'worker-2', 1);
    const gateA = new RedisJobGate(clientA, capacity(clientA));
    const gateB = new RedisJobGate(clientB, capacity(clientB));
    expect(await gateA.maxInFlight()).toEqual({ threads: 2, maxInFlight: 4 });
    const places = [await gateA.enter('u:1'), await gateB.enter('u:2'), await gateA.enter('u:3'), await gateB.enter('u:4')];
    const refusal = await gateA.enter('u:5').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(BusyError);
    expect((refusal as BusyError).retryAfterSeconds).toBeGreaterThan(0);
    expect((refusal as Error).message).toMatch(/busy/);
    await removeWorker(clientA, 'worker-2');
    for (const place of places) place.release();
    expect(await gateB.maxInFlight()).toEqual({ threads: 1, maxInFlight: 3 });
  });

  it('a /train still waiting in the queue when the command budget runs out → "busy, did not start", and the job is withdrawn', async () => {
    previousLimits = setLimits({ commandBudgetMs: 400 });
    await sendWorkerHeartbeat(clientA, 'worker-that-takes-nothing', 1); // alive, but no process takes jobs
    const queue = await startJobQueue(redis.url);
    try {
      const responder = new FakeResponder();
      await dispatchCommand({ command: 'train', options: { epochs: 10 }, caller: testCaller({ userId: 'waits-forever' }), responder, commands: await loadCommands() });
      expect(responder.final!.error).toBeDefined();
      expect(responder.final!.text).toMatch(/still busy .* did not start/);
      expect(responder.final!.text).not.toMatch(/took longer/);
      const { counts } = await queue.runner.health();
      expect(counts.waiting).toBe(0);
      expect(await queue.gate.inFlight()).toBe(0);
    } finally {
      await queue.close();
    }
  }, 30_000);
});
