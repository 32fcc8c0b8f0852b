import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRedisServer, startBotProcess, startPrivateRedis, startWorkerProcess, stopProcess, type BotProcess, type PrivateRedis } from './redis-harness.ts';

const redisBinary = findRedisServer();
if (!redisBinary) console.warn('SKIPPED two-bot-instance tests: redis-server could not be found (install the Debian package redis-server, as .ci/run does).');

describe.skipIf(!redisBinary)('two bot instances sharing one Redis', () => {
  let redis: PrivateRedis;
  let worker: ChildProcess;
  let botA: BotProcess;
  let botB: BotProcess;

  beforeAll(async () => {
    redis = await startPrivateRedis(redisBinary!);
    worker = await startWorkerProcess(redis.url);
    [botA, botB] = await Promise.all([startBotProcess(redis.url), startBotProcess(redis.url)]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([botA?.stop(), botB?.stop()]);
    if (worker) await stopProcess(worker);
    await redis?.stop();
  }, 30_000);

  it('GET /healthz on either instance → BullMQ job counts and the live worker', async () => {
    for (const bot of [botA, botB]) {
      const health = await bot.healthz();
      expect(health.ok).toBe(true);
      expect(health.jobQueue).toMatchObject({ backend: 'bullmq', workers: 1, workerThreads: 1 });
      expect(health.jobQueue.counts).toHaveProperty('waiting');
      expect(health.jobQueue.counts).toHaveProperty('active');
    }
  });

  it('a user with a run going on instance A → refused on instance B; another user is not; after it ends B admits them', async () => {
    const twin = { id: 'twin', name: 'Twin' };
    const first = botA.command('train', { dataset: 'spiral', layers: '8,8', epochs: 800, points: 1000 }, twin);
    // wait until A's job is in the shared queue or running
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { counts } = (await botA.healthz()).jobQueue;
      if ((counts.active ?? 0) + (counts.waiting ?? 0) > 0) break;
      if (Date.now() > deadline) throw new Error('the first job never reached the queue');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const refused = await botB.command('train', { dataset: 'xor', epochs: 10 }, twin);
    expect(refused.status).toBe(400);
    expect(refused.json.text).toMatch(/already have a run going/);

    const other = await botB.command('train', { dataset: 'xor', epochs: 10 }, { id: 'someone-else', name: 'Else' });
    expect(other.status).toBe(200);
    expect(other.json.error).toBeUndefined();

    const firstAnswer = await first;
    expect(firstAnswer.status).toBe(200);
    expect(firstAnswer.json.error).toBeUndefined();
    const again = await botB.command('train', { dataset: 'xor', epochs: 10 }, twin);
    expect(again.status).toBe(200);
    expect(again.json.text).toMatch(/xor/i);
  }, 120_000);
});
