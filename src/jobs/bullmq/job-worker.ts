import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Worker, type Job } from 'bullmq';
import { closeJobPool, configureJobs, runJob, warmUpJobPool } from '../pool.ts';
import type { JobTask } from '../types.ts';
import { decodeJobPayload, encodeJobPayload } from './payload.ts';
import { cancelKey, JOB_QUEUE_NAME, WORKER_HEARTBEAT_EVERY_MS, type WorkerJobReturn } from './names.ts';
import { createBullmqConnection, createRedisClient } from './redis-connection.ts';
import { removeWorker, sendWorkerHeartbeat } from './worker-registry.ts';
import { runLiveJobOnWorker } from './live-job-worker.ts';

/** Settings of one `npm run worker` process. */
export interface JobWorkerOptions {
  redisUrl: string;
  /** Piscina threads, and so jobs this process runs at once. */
  threads: number;
  /** How long a job's lock lasts without renewal; a worker that died loses its jobs after this. */
  lockDurationMs: number;
  /** How often this worker looks for jobs whose worker died (stalled) and puts them back in the queue. */
  stalledIntervalMs: number;
  /** How often a job may be put back after its worker died before it fails for good. */
  maxStalledCount?: number;
  /** How often a running job's cancel key is checked. */
  cancelPollMs?: number;
  /** Told about each job as it starts and ends (logging). */
  onJob?: (event: { jobId: string; type: string; phase: 'start' | 'done' | 'failed' | 'retry'; ms?: number; error?: string }) => void;
}

/** A running worker process's handle. */
export interface JobWorker {
  id: string;
  close(): Promise<void>;
}

/**
 * Takes jobs from the shared BullMQ queue and runs each on this process's own piscina threads, with
 * progress sent back through job.updateProgress and the job's cancel key turned into its AbortSignal.
 */
export async function startJobWorker(options: JobWorkerOptions): Promise<JobWorker> {
  const id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  configureJobs({ mode: 'pool', threads: options.threads });
  await warmUpJobPool();
  // Ours (cancel keys, heartbeats) fail within a bounded time while Redis is down; BullMQ's blocking
  // connections are duplicated from a template without a command timeout.
  const client = createRedisClient(options.redisUrl, `nn-tutor-worker:${id}`);
  client.on('error', () => undefined);
  const bullmqConnection = createBullmqConnection(options.redisUrl, `nn-tutor-worker-bullmq:${id}`);
  bullmqConnection.on('error', () => undefined);
  const cancelPollMs = options.cancelPollMs ?? 250;

  const processJob = async (job: Job<{ payload: string }>): Promise<string> => {
    const jobId = String(job.id);
    const task = decodeJobPayload<JobTask>(job.data.payload);
    options.onJob?.({ jobId, type: task.type, phase: job.stalledCounter > 0 ? 'retry' : 'start' });
    // a live view whose worker died is over (the bot has told its viewers); starting it again would train for nobody
    if (task.type === 'live' && job.stalledCounter > 0) throw new Error('the worker running this live view stopped');
    const controller = new AbortController();
    if (await client.get(cancelKey(jobId))) controller.abort(new Error('cancelled before it started'));
    const poll = setInterval(() => {
      client.get(cancelKey(jobId)).then((flag) => {
        if (flag && !controller.signal.aborted) controller.abort(new Error('cancelled by the user'));
      }, () => undefined);
    }, cancelPollMs);
    const startedMs = performance.now();
    try {
      const output = task.type === 'live'
        ? await runLiveJobOnWorker(client, jobId, task, controller.signal)
        : await runJob(task, {
          signal: controller.signal,
          onProgress: (fraction, text) => void job.updateProgress({ fraction, text }).catch(() => undefined),
        });
      const runMs = performance.now() - startedMs;
      options.onJob?.({ jobId, type: task.type, phase: 'done', ms: Math.round(runMs) });
      return encodeJobPayload({ output, runMs } satisfies WorkerJobReturn);
    } catch (error) {
      options.onJob?.({ jobId, type: task.type, phase: 'failed', error: (error as Error).message });
      throw error;
    } finally {
      clearInterval(poll);
    }
  };

  const worker = new Worker(JOB_QUEUE_NAME, processJob, {
    connection: bullmqConnection,
    concurrency: options.threads,
    lockDuration: options.lockDurationMs,
    stalledInterval: options.stalledIntervalMs,
    maxStalledCount: options.maxStalledCount ?? 2,
  });
  worker.on('error', () => undefined);
  await worker.waitUntilReady();
  await sendWorkerHeartbeat(client, id, options.threads);
  const heartbeat = setInterval(() => void sendWorkerHeartbeat(client, id, options.threads).catch(() => undefined), WORKER_HEARTBEAT_EVERY_MS);

  return {
    id,
    async close() {
      clearInterval(heartbeat);
      await removeWorker(client, id).catch(() => undefined);
      await worker.close().catch(() => undefined);
      await closeJobPool();
      await client.quit().catch(() => undefined);
      bullmqConnection.disconnect();
    },
  };
}
