import { availableParallelism } from 'node:os';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { RenderedImage } from '../render/types.ts';
import type { TrainResult } from '../engine/types.ts';
import type { ArchitectureDemoResult } from '../engine/tfjs/architectures/index.ts';
import type { JobImage, JobMessage, JobOutput, JobTask } from './types.ts';
import { currentJobAdmitter } from './admission-scope.ts';
import type { LiveControl, LiveOutMessage } from './live-types.ts';

/** 'pool' = piscina worker threads (the default, keeps the chat responsive); 'inline' = same thread (tests). */
export type JobMode = 'pool' | 'inline';

/** How the pool runs jobs: mode, thread count, and the grace period before a cancelled job's worker is terminated. */
export interface JobPoolSettings {
  mode: JobMode;
  /** Worker threads; default = the machine's cores. */
  threads: number;
  /** After a cancel, how long a job may take to stop by itself before its worker is terminated. */
  cancelGraceMs: number;
}

/** Options for one job. */
export interface JobOptions {
  signal?: AbortSignal;
  onProgress?: (fraction: number, text: string) => void;
  /** A live job's frames, pictures and notices (see live-types.ts). */
  onLiveMessage?: (message: LiveOutMessage) => void;
  /** Receives the function that sends controls to a live job while it runs. */
  connectControls?: (send: (control: LiveControl) => void) => void;
  /** Called when a remote job leaves the shared queue and starts on a worker. */
  onStarted?: () => void;
}

/** What a finished job hands back on the main thread. */
export interface JobResult {
  result?: TrainResult;
  /** What an architecture demo measured. */
  architecture?: ArchitectureDemoResult;
  images: RenderedImage[];
}

/** Runs jobs outside this process (BullMQ workers, when REDIS_URL is set) instead of on its threads. */
export interface RemoteJobRunner {
  /** Same contract as runJob after admission: progress, cancel through the signal, one result. */
  run(task: JobTask, options: JobOptions): Promise<JobResult>;
  /** Job counts and workers, for health checks. */
  health?(): Promise<unknown>;
  /** True when it also runs live views (frames back and controls out through `onLiveMessage`/`connectControls`). */
  runsLive?: boolean;
}

let remoteRunner: RemoteJobRunner | undefined;

/** The remote queue's job counts and workers (GET /healthz), or undefined when jobs run in this process. */
export async function remoteJobQueueHealth(): Promise<unknown> {
  return remoteRunner?.health?.();
}

/** A remote job cancelled before any worker took it (its `cause` is why it was cancelled). */
export class JobNeverStartedError extends Error {
  override readonly name = 'JobNeverStartedError';
}

/** A live job's remote worker went silent (killed or cut off): the view is over. */
export class LiveWorkerLostError extends Error {
  override readonly name = 'LiveWorkerLostError';
}

/** Sends every job to `runner` from now on (undefined = back to this process's threads). */
export function setRemoteJobRunner(runner: RemoteJobRunner | undefined): void {
  remoteRunner = runner;
}

let settings: JobPoolSettings = { mode: 'pool', threads: Math.max(1, availableParallelism()), cancelGraceMs: 2000 };
let pool: Piscina | undefined;
let runningJobs = 0;

/** Changes how jobs run (call before the first job, or after closeJobPool). */
export function configureJobs(partial: Partial<JobPoolSettings>): void {
  settings = { ...settings, ...partial };
}

function getPool(): Piscina {
  pool ??= new Piscina({
    filename: new URL('./worker.mjs', import.meta.url).href,
    minThreads: settings.threads,
    maxThreads: settings.threads,
    idleTimeout: 60 * 60_000,
    // The router bounds how many heavy commands wait; the pool itself never refuses.
    maxQueue: Infinity as unknown as number,
  });
  return pool;
}

function toImage(image: JobImage): RenderedImage {
  const data = Buffer.isBuffer(image.data) ? image.data : Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  return { ...image, data };
}

/** Starts every worker and loads the engine and renderer there, so the first command is not slow. */
export async function warmUpJobPool(): Promise<void> {
  if (settings.mode !== 'pool') return;
  const p = getPool();
  await Promise.all(Array.from({ length: settings.threads }, () => p.run({ task: { type: 'warm-up' } })));
}

/** Worker threads jobs run on (the admission queue lets this many heavy commands run at once). */
export function jobThreadCount(): number {
  return settings.threads;
}

/** Threads, jobs waiting for a thread, and jobs started and not yet finished. */
export function jobPoolStats(): { mode: JobMode; threads: number; queued: number; running: number } {
  if (!pool) return { mode: settings.mode, threads: settings.threads, queued: 0, running: 0 };
  return { mode: settings.mode, threads: pool.threads.length, queued: pool.queueSize, running: runningJobs };
}

/**
 * Runs a training or rendering job off the main thread, once the caller's admitter (the chat
 * router's per-user limit and queue, see admission-scope.ts) lets it start. Progress arrives through `onProgress`;
 * aborting `signal` asks the job to stop (a training run returns early with stopReason
 * 'cancelled'), and a job that does not stop within the grace period has its worker terminated.
 */
export async function runJob(task: JobTask, options: JobOptions = {}): Promise<JobResult> {
  const { signal, onProgress } = options;
  signal?.throwIfAborted();
  const admitter = currentJobAdmitter();
  await admitter?.admit();
  signal?.throwIfAborted();
  // Live sessions stream frames and take controls many times a second: they go to the shared queue
  // only when the runner streams them (BullMQ + pub/sub); otherwise they stay on this process's threads.
  if (remoteRunner && (task.type !== 'live' || remoteRunner.runsLive)) return remoteRunner.run(task, { ...options, onStarted: () => admitter?.jobStarted?.() });
  const channel = new MessageChannel();
  channel.port1.on('message', (message: JobMessage | LiveOutMessage) => {
    if (message.type === 'progress') onProgress?.(message.fraction, message.text);
    else if (message.type !== 'cancel') options.onLiveMessage?.(message);
  });
  let isOpen = true;
  options.connectControls?.((control) => {
    if (isOpen) channel.port1.postMessage(control);
  });
  const hardStop = new AbortController();
  let graceTimer: NodeJS.Timeout | undefined;
  const onAbort = () => {
    channel.port1.postMessage({ type: 'cancel' } satisfies JobMessage);
    graceTimer = setTimeout(() => hardStop.abort(signal?.reason), settings.cancelGraceMs);
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  runningJobs += 1;
  try {
    let output: JobOutput;
    if (settings.mode === 'inline') {
      const { runTask } = await import('./tasks.ts');
      output = await runTask(task, channel.port2);
    } else {
      output = await getPool().run({ task, port: channel.port2 }, { transferList: [channel.port2], signal: hardStop.signal });
    }
    return { result: output.result, architecture: output.architecture, images: output.images.map(toImage) };
  } finally {
    runningJobs -= 1;
    signal?.removeEventListener('abort', onAbort);
    if (graceTimer) clearTimeout(graceTimer);
    isOpen = false;
    channel.port1.close();
  }
}

/** Stops the worker threads (shutdown; tests). The next job starts a fresh pool. */
export async function closeJobPool(): Promise<void> {
  const p = pool;
  pool = undefined;
  await p?.destroy();
}
