import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeJobPool, configureJobs, runJob, type JobTask } from '../../../src/jobs/index.ts';
import { startJobQueue, type StartedJobQueue } from '../../../src/start-job-queue.ts';
import { findRedisServer, startPrivateRedis, startWorkerProcess, stopProcess, type PrivateRedis } from './redis-harness.ts';

const redisBinary = findRedisServer();
if (!redisBinary) console.warn('SKIPPED BullMQ queue tests: redis-server could not be found (install the Debian package redis-server, as .ci/run does).');

describe.skipIf(!redisBinary)('jobs through BullMQ with REDIS_URL', () => {
  let redis: PrivateRedis;
  let queue: StartedJobQueue;
  let worker: ChildProcess;

  beforeAll(async () => {
    redis = await startPrivateRedis(redisBinary!);
    worker = await startWorkerProcess(redis.url);
    queue = await startJobQueue(redis.url);
  }, 60_000);

  afterAll(async () => {
    await queue?.close();
    if (worker) await stopProcess(worker);
    await redis?.stop();
    configureJobs({ mode: 'pool' });
    await closeJobPool();
  }, 30_000);

  it('a seeded training job through the queue → the same history and picture bytes as in this process', async () => {
    const task: JobTask = { type: 'train', spec: { dataset: 'xor', epochs: 40, seed: 11, points: 200 }, images: ['loss', 'boundary'] };
    const remote = await runJob(task);
    await queue.close();
    configureJobs({ mode: 'inline' });
    const local = await runJob(task);
    configureJobs({ mode: 'pool' });
    queue = await startJobQueue(redis.url);
    expect(remote.result!.history.length).toBe(40);
    expect(remote.result!.history).toEqual(local.result!.history);
    expect(remote.result!.stopReason).toBe(local.result!.stopReason);
    expect(remote.images.map((i) => i.name)).toEqual(['loss', 'boundary'].map((_, k) => local.images[k]!.name));
    for (const [k, image] of remote.images.entries()) {
      expect(Buffer.isBuffer(image.data)).toBe(true);
      expect(image.data.equals(local.images[k]!.data)).toBe(true);
    }
  }, 60_000);

  it('a render job through the queue → a PNG comes back', async () => {
    const { images } = await runJob({ type: 'render', what: 'activation', names: ['relu', 'tanh'] });
    expect(images).toHaveLength(1);
    expect(images[0]!.contentType).toBe('image/png');
    expect(images[0]!.data.subarray(1, 4).toString()).toBe('PNG');
  }, 60_000);

  it('a long training job → progress lines arrive from the worker while it runs', async () => {
    const seen: { fraction: number; text: string }[] = [];
    const { result } = await runJob(
      { type: 'train', spec: { dataset: 'spiral', epochs: 400, points: 1000, layers: [8, 8], seed: 3 }, images: [] },
      { onProgress: (fraction, text) => seen.push({ fraction, text }) },
    );
    expect(result!.history.length).toBe(400);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.some((p) => /^epoch \d+\/400/.test(p.text))).toBe(true);
    expect(seen.every((p) => p.fraction >= 0 && p.fraction <= 1)).toBe(true);
  }, 60_000);

  it('cancelling a running job → the worker stops it early and hands back a cancelled run', async () => {
    const controller = new AbortController();
    const epochs = 2000;
    const job = runJob(
      { type: 'train', spec: { dataset: 'spiral', epochs, points: 2000, layers: [16, 16, 16], seed: 5, timeLimitMs: 60_000 }, images: ['loss'] },
      // Abort once the worker reports an epoch (a "waiting for a free worker" line may come first).
      { signal: controller.signal, onProgress: (_fraction, text) => { if (/^epoch /.test(text)) controller.abort(new Error('stop please')); } },
    );
    // As in this process, the worker's run stops at the next epoch and its partial result comes back within the grace period.
    const { result, images } = await job;
    expect(result!.stopReason).toBe('cancelled');
    expect(result!.history.length).toBeLessThan(epochs);
    expect(images).toEqual([]);
    // the worker is free again: a small job finishes
    const after = await runJob({ type: 'train', spec: { dataset: 'xor', epochs: 5, seed: 1 }, images: [] });
    expect(after.result!.history.length).toBe(5);
  }, 90_000);
});
