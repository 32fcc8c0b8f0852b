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

/** Pub/sub channel a live job's worker publishes its frames, pictures and notices on. */
export function liveOutChannel(jobId: string): string {
  return `${KEY_PREFIX}:live:${jobId}:out`;
}

/** Pub/sub channel the bot publishes a live job's controls on (play, pause, step, lr…). */
export function liveControlChannel(jobId: string): string {
  return `${KEY_PREFIX}:live:${jobId}:controls`;
}

/** How often a worker running a live job says it is alive (a paused view sends no frames). */
export const LIVE_ALIVE_EVERY_MS = 1_000;
/** A live job whose worker has been silent this long is over: the worker died. */
export const LIVE_SILENT_LIMIT_MS = 6_000;
