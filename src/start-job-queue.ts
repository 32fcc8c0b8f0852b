/**
 * Wiring for REDIS_URL (main.ts, tests, benchmarks): jobs go to the BullMQ queue instead of this
 * process's threads, and admission (per-user limit, queue bound) is counted in Redis, so several
 * bot instances share both. Without it nothing here runs and the embedded default stays as it is.
 */
import { RedisJobGate } from './chat/redis-job-gate.ts';
import { setSharedJobGate } from './chat/shared-job-gate.ts';
import { setRemoteJobRunner } from './jobs/index.ts';
import { BullmqJobRunner } from './jobs/bullmq/job-runner.ts';

/** The shared queue as this instance uses it. */
export interface StartedJobQueue {
  runner: BullmqJobRunner;
  gate: RedisJobGate;
  /** Puts back the in-process defaults and disconnects. */
  close(): Promise<void>;
}

/** Connects to Redis and sends every job of this process through the shared BullMQ queue. */
export async function startJobQueue(redisUrl: string, options: { cancelGraceMs?: number; connectTimeoutMs?: number } = {}): Promise<StartedJobQueue> {
  const runner = new BullmqJobRunner({ redisUrl, cancelGraceMs: options.cancelGraceMs });
  const timeoutMs = options.connectTimeoutMs ?? 15_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      runner.start(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`could not reach Redis at REDIS_URL within ${Math.round(timeoutMs / 1000)} s: is redis-server running there?`)), timeoutMs);
      }),
    ]);
  } catch (error) {
    await runner.close();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  const gate = new RedisJobGate(runner.client, runner);
  setRemoteJobRunner(runner);
  setSharedJobGate(gate);
  return {
    runner,
    gate,
    async close() {
      setRemoteJobRunner(undefined);
      setSharedJobGate(undefined);
      await runner.close();
    },
  };
}
