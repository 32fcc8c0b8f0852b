/**
 * DISCORD_SHARDS with REDIS_URL: both shard processes send their jobs to the BullMQ queue, an
 * `npm run worker` process runs them, and the per-user limit is counted across the shards in Redis
 * (a student's second run, typed in a server of the other shard, is refused while the first runs).
 */
import type { ChildProcess } from 'node:child_process';
import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedisClient } from '../../../src/jobs/bullmq/redis-connection.ts';
import { JOB_QUEUE_NAME } from '../../../src/jobs/bullmq/names.ts';
import { findRedisServer, startPrivateRedis, startWorkerProcess, stopProcess } from '../../jobs/bullmq/redis-harness.ts';
import { answerOf, bothShardsConnected, startSharded, until, type Cleanups } from './shards-harness.ts';

const redisBinary = findRedisServer();
if (!redisBinary) console.warn('SKIPPED sharded-with-Redis test: redis-server could not be found (install the Debian package redis-server, as .ci/run does).');

const cleanups: Cleanups = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe.skipIf(!redisBinary)('DISCORD_SHARDS=2 with REDIS_URL', () => {
  it("both shards' /train runs on the worker process, and JOBS_PER_USER=1 holds across the shards", async () => {
    const redis = await startPrivateRedis(redisBinary!);
    cleanups.push(() => redis.stop());
    const worker: ChildProcess = await startWorkerProcess(redis.url);
    cleanups.push(() => stopProcess(worker));
    const s = await startSharded('2', cleanups, { REDIS_URL: redis.url, JOBS_PER_USER: '1' });
    await until(() => bothShardsConnected(s.fake), 'both shards to connect', s.output);
    const onZero = s.fake.guilds.find((g) => g.name === 'School on shard 0')!;
    const onOne = s.fake.guilds.find((g) => g.name === 'School on shard 1')!;

    // a run of a few seconds on shard 0 …
    const long = s.fake.runSlashCommand('train', { dataset: 'spiral', epochs: 2000, points: 2000, 'batch-size': '1' }, { guild: onZero });
    expect(long.deliveredToShards).toEqual([0]);
    const connection = createRedisClient(redis.url);
    cleanups.push(() => void connection.disconnect());
    const queue = new Queue(JOB_QUEUE_NAME, { connection });
    cleanups.push(() => queue.close());
    // … while the same student types /train in a server of shard 1: refused by the shared limit
    await waitForActiveJob(queue, s.output);
    const second = s.fake.runSlashCommand('train', { dataset: 'xor', epochs: 30 }, { guild: onOne });
    expect(second.deliveredToShards).toEqual([1]);
    const refusal = await until(() => answerOf(s.fake, second) ?? s.fake.followUps(second)[0], 'the refusal', s.output);
    expect(refusal.content).toMatch(/You already have a run going/);

    const longAnswer = await until(() => (answerOf(s.fake, long)?.attachments.length ? answerOf(s.fake, long) : undefined), 'the long run', s.output, 180_000);
    expect(longAnswer.attachments.map((a) => a.filename)).toContain('boundary.png');
    // now shard 1 admits the student, and the job runs on the worker too
    const third = s.fake.runSlashCommand('train', { dataset: 'xor', epochs: 30 }, { guild: onOne });
    const thirdAnswer = await until(() => (answerOf(s.fake, third)?.attachments.length ? answerOf(s.fake, third) : undefined), 'the run on shard 1', s.output);
    expect(thirdAnswer.attachments.map((a) => a.filename)).toContain('boundary.png');
    expect((await queue.getJobCounts('completed')).completed).toBeGreaterThanOrEqual(2);
    expect(s.fake.violations).toEqual([]);

    process.kill(s.child.pid!, 'SIGTERM');
    expect(await s.exited).toBe(0);
  }, 300_000);
});

/** Waits until the worker has picked up a job (BullMQ's `active` count). */
async function waitForActiveJob(queue: Queue, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while ((await queue.getJobCounts('active')).active < 1) {
    if (Date.now() > deadline) throw new Error(`no job became active within 60 s:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
