/** Redis names shared by the bot (producer) and `npm run worker` processes. */

/** The BullMQ queue training and rendering jobs go to. */
export const JOB_QUEUE_NAME = 'nn-tutor-jobs';

/** Prefix of every nn-tutor key that is not BullMQ's own. */
export const KEY_PREFIX = 'nn-tutor';

/** Set when a job's command is cancelled; workers check it before and while running the job. */
export function cancelKey(jobId: string): string {
  return `${KEY_PREFIX}:cancel:${jobId}`;
}

/** Sorted set of live workers (member = worker id, score = heartbeat expiry in Redis time, ms). */
export const WORKERS_KEY = `${KEY_PREFIX}:workers`;
/** Hash worker id → its thread count. */
export const WORKER_THREADS_KEY = `${KEY_PREFIX}:worker-threads`;

/** How long a worker counts as alive after its last heartbeat. */
export const WORKER_HEARTBEAT_TTL_MS = 15_000;
/** How often a worker renews its heartbeat. */
export const WORKER_HEARTBEAT_EVERY_MS = 5_000;

/** What a worker hands back for one job (encoded with encodeJobPayload). */
export interface WorkerJobReturn {
  output: import('../pool.ts').JobResult;
  /** Time the job spent on the worker's thread. */
  runMs: number;
}
