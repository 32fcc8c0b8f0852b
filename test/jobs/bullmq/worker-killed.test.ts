import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../../src/chat/registry.ts';
import { dispatchCommand } from '../../../src/chat/router.ts';
import type { CommandDef } from '../../../src/chat/types.ts';
import { startJobQueue, type StartedJobQueue } from '../../../src/start-job-queue.ts';
import { FakeResponder, testCaller } from '../../chat/fake-responder.ts';
import { findRedisServer, startPrivateRedis, startWorkerProcess, stopProcess, workerLines, type PrivateRedis } from './redis-harness.ts';

const redisBinary = findRedisServer();
if (!redisBinary) console.warn('SKIPPED BullMQ worker-killed test: redis-server could not be found (install the Debian package redis-server, as .ci/run does).');

/** The job ids a worker process logged for one phase ('start', 'retry', 'done'). */
function loggedJobIds(worker: ChildProcess, phase: string): string[] {
  return workerLines(worker)
    .map((line) => {
      try {
        return JSON.parse(line) as { phase?: string; jobId?: string };
      } catch {
        return {};
      }
    })
    .filter((entry) => entry.phase === phase && entry.jobId)
    .map((entry) => entry.jobId!);
}

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(!redisBinary)('a worker killed with kill -9 in the middle of a job', () => {
  let redis: PrivateRedis;
  let queue: StartedJobQueue;
  const workers: ChildProcess[] = [];
  let commands: CommandDef[];

  beforeAll(async () => {
    redis = await startPrivateRedis(redisBinary!);
    workers.push(await startWorkerProcess(redis.url), await startWorkerProcess(redis.url));
    queue = await startJobQueue(redis.url);
    commands = await loadCommands();
  }, 90_000);

  afterAll(async () => {
    await queue?.close();
    for (const worker of workers) await stopProcess(worker);
    await redis?.stop();
  }, 30_000);

  it('/train whose worker is killed → another worker reruns the job and the user gets exactly one answer', async () => {
    const responder = new FakeResponder();
    const done = dispatchCommand({
      command: 'train',
      options: { dataset: 'spiral', layers: '8,8,8', epochs: 1500, points: 1000 },
      caller: testCaller({ userId: 'killed-worker-student' }),
      responder,
      commands,
    });
    // The job is running once a worker logged its start and progress reached the chat.
    await waitFor(() => responder.progressCalls.some((p) => p.text.startsWith('epoch')), 60_000, 'training progress');
    const victim = workers.find((w) => loggedJobIds(w, 'start').length > 0)!;
    const survivor = workers.find((w) => w !== victim)!;
    const [jobId] = loggedJobIds(victim, 'start');
    expect(loggedJobIds(survivor, 'start')).toEqual([]);
    victim.kill('SIGKILL');
    await done;

    // BullMQ's stalled-job check gave the job to the surviving worker, which ran it to the end.
    expect(loggedJobIds(survivor, 'retry')).toEqual([jobId]);
    expect(loggedJobIds(survivor, 'done')).toEqual([jobId]);
    const answers = responder.calls.filter((c) => c.kind === 'reply' || c.kind === 'edit');
    expect(answers).toHaveLength(1);
    expect(responder.violations).toEqual([]);
    expect(responder.final!.error).toBeUndefined();
    expect(responder.final!.text).toMatch(/spiral/i);
    const counts = await queue.runner.health();
    expect(counts.counts.completed).toBe(1);
    expect(counts.counts.failed).toBe(0);
  }, 120_000);
});
