import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import type { RenderedImage } from '../../render/types.ts';
import { JobNeverStartedError, LiveWorkerLostError, type JobOptions, type JobResult, type RemoteJobRunner } from '../pool.ts';
import type { JobTask } from '../types.ts';
import { decodeJobPayload, encodeJobPayload } from './payload.ts';
import { cancelKey, JOB_QUEUE_NAME, LIVE_SILENT_LIMIT_MS, liveControlChannel, liveOutChannel, type WorkerJobReturn } from './names.ts';
import { decodeLiveWire, encodeLiveWire, type LiveWireMessage } from './live-job-worker.ts';
import type { Redis } from 'ioredis';
import { createBullmqConnection, createRedisClient } from './redis-connection.ts';
import { readLiveWorkers } from './worker-registry.ts';

interface Waiter {
  onProgress?: JobOptions['onProgress'];
  onStarted?: JobOptions['onStarted'];
  resolve(output: JobResult): void;
  reject(error: unknown): void;
  addedAtMs: number;
  isActive: boolean;
}

/** Settings of the bot's side of the queue. */
export interface BullmqRunnerOptions {
  redisUrl: string;
  /** After a cancel, how long an active job may take to hand back its partial result. */
  cancelGraceMs?: number;
  /** A running live job whose worker has said nothing for this long is given up (the worker died). */
  liveSilentLimitMs?: number;
  /** How often jobs whose events may have been missed (a Redis reconnect) are looked up directly. */
  sweepEveryMs?: number;
  /** Only jobs added longer ago than this are looked up (a job normally answers through its events). */
  sweepAfterMs?: number;
}

/** Job counts and live workers, for GET /healthz. */
export interface JobQueueHealth {
  backend: 'bullmq';
  queue: string;
  counts: Record<string, number>;
  workers: number;
  workerThreads: number;
  waitingHere: number;
}

const INITIAL_TYPICAL_JOB_MS = 2_000;

function toRenderedImages(images: JobResult['images']): RenderedImage[] {
  return images.map((image) => ({ ...image, data: Buffer.isBuffer(image.data) ? image.data : Buffer.from(image.data as Uint8Array) }));
}

/**
 * The bot's side of BullMQ: adds each job to the shared queue and settles it from QueueEvents
 * (progress, completed, failed), at most once per job id, so a job retried after a worker died
 * still answers once. Cancelling removes a job that no worker has taken, and otherwise sets the
 * job's cancel key, which the worker turns into the task's AbortSignal.
 */
export class BullmqJobRunner implements RemoteJobRunner {
  /** Our commands and the Queue's: they fail within a bounded time while Redis is down. */
  readonly client: Redis;
  private readonly eventsConnection: Redis;
  private readonly queue: Queue;
  private readonly events: QueueEvents;
  private readonly waiters = new Map<string, Waiter>();
  private readonly cancelGraceMs: number;
  private sweepTimer: NodeJS.Timeout | undefined;
  private meanJobMs: number | undefined;
  private cachedThreads: { atMs: number; value: Promise<{ workers: number; threads: number }> } | undefined;
  /** Live views run on workers too: frames come back and controls go out over pub/sub. */
  readonly runsLive = true;
  private liveSubscriber: Redis | undefined;
  private readonly liveListeners = new Map<string, (bytes: Buffer) => void>();

  constructor(private readonly options: BullmqRunnerOptions) {
    this.client = createRedisClient(options.redisUrl, 'nn-tutor-bot');
    this.client.on('error', () => undefined); // reconnects by itself; commands meanwhile wait or fail
    this.queue = new Queue(JOB_QUEUE_NAME, { connection: this.client, streams: { events: { maxLen: 2000 } } });
    // QueueEvents blocks on XREAD, so it duplicates a template without the command timeout.
    this.eventsConnection = createBullmqConnection(options.redisUrl, 'nn-tutor-bot-events');
    this.eventsConnection.on('error', () => undefined);
    this.events = new QueueEvents(JOB_QUEUE_NAME, { connection: this.eventsConnection });
    this.queue.on('error', () => undefined);
    this.events.on('error', () => undefined);
    this.cancelGraceMs = options.cancelGraceMs ?? 2_000;
    this.events.on('active', ({ jobId }) => {
      const waiter = this.waiters.get(jobId);
      if (!waiter || waiter.isActive) return;
      waiter.isActive = true;
      waiter.onStarted?.();
    });
    this.events.on('progress', ({ jobId, data }) => {
      const progress = data as { fraction?: number; text?: string };
      if (typeof progress?.fraction === 'number') this.waiters.get(jobId)?.onProgress?.(progress.fraction, String(progress.text ?? ''));
    });
    this.events.on('completed', ({ jobId, returnvalue }) => this.settleCompleted(jobId, returnvalue));
    this.events.on('failed', ({ jobId, failedReason }) => this.settleFailed(jobId, failedReason));
  }

  /** Connects and starts listening for job events (call before the first job). */
  async start(): Promise<void> {
    await this.queue.waitUntilReady();
    await this.events.waitUntilReady();
    const sweepEveryMs = this.options.sweepEveryMs ?? 10_000;
    this.sweepTimer = setInterval(() => void this.sweepMissedEvents().catch(() => undefined), sweepEveryMs);
    this.sweepTimer.unref();
  }

  private settleCompleted(jobId: string, returnvalue: unknown): void {
    const waiter = this.waiters.get(jobId);
    if (!waiter) return; // not ours, or already answered (exactly one answer per job id)
    this.waiters.delete(jobId);
    try {
      const { output, runMs } = decodeJobPayload<WorkerJobReturn>(String(returnvalue));
      this.meanJobMs = this.meanJobMs === undefined ? runMs : 0.8 * this.meanJobMs + 0.2 * runMs;
      waiter.resolve({ result: output.result, architecture: output.architecture, images: toRenderedImages(output.images) });
    } catch (error) {
      waiter.reject(new Error(`a worker returned an unreadable result: ${(error as Error).message}`));
    }
  }

  private settleFailed(jobId: string, failedReason: string): void {
    const waiter = this.waiters.get(jobId);
    if (!waiter) return;
    this.waiters.delete(jobId);
    waiter.reject(new Error(failedReason || 'the job failed on a worker'));
  }

  /** Looks up jobs waiting longer than a sweep period: an event lost during a reconnect must not leave a user without an answer. */
  private async sweepMissedEvents(): Promise<void> {
    const olderThanMs = Date.now() - (this.options.sweepAfterMs ?? 20_000);
    for (const [jobId, waiter] of this.waiters) {
      if (waiter.addedAtMs > olderThanMs) continue;
      // State first, then the record: a record read before the job finished has no result yet.
      const state = await this.queue.getJobState(jobId);
      if (state !== 'completed' && state !== 'failed') continue;
      const job = await this.queue.getJob(jobId);
      if (state === 'completed' && typeof job?.returnvalue === 'string') this.settleCompleted(jobId, job.returnvalue);
      else if (state === 'failed' && job) this.settleFailed(jobId, job.failedReason);
    }
  }

  /** How long a job typically runs on a worker (measured; an assumption before the first one finishes). */
  typicalJobMs(): number {
    return this.meanJobMs ?? INITIAL_TYPICAL_JOB_MS;
  }

  /** Live workers and their threads (cached for a second: admission asks for every job). */
  liveWorkers(): Promise<{ workers: number; threads: number }> {
    const now = Date.now();
    if (!this.cachedThreads || now - this.cachedThreads.atMs > 1_000) {
      const value = readLiveWorkers(this.client);
      value.catch(() => (this.cachedThreads = undefined));
      this.cachedThreads = { atMs: now, value };
    }
    return this.cachedThreads.value;
  }

  /** Runs `task` on whichever worker takes it; progress and cancellation as with the local pool. */
  run(task: JobTask, options: JobOptions = {}): Promise<JobResult> {
    const { signal, onProgress, onStarted } = options;
    signal?.throwIfAborted();
    const jobId = randomUUID();
    return new Promise<JobResult>((resolve, reject) => {
      let graceTimer: NodeJS.Timeout | undefined;
      const finish = () => {
        signal?.removeEventListener('abort', onAbort);
        if (graceTimer) clearTimeout(graceTimer);
      };
      const waiter: Waiter = {
        onProgress,
        onStarted,
        addedAtMs: Date.now(),
        isActive: false,
        resolve: (output) => {
          finish();
          resolve(output);
        },
        reject: (error) => {
          finish();
          reject(error);
        },
      };
      const onAbort = () => void this.cancel(jobId, signal!.reason, (ms) => (graceTimer = setTimeout(() => this.giveUp(jobId, signal!.reason), ms)));
      this.waiters.set(jobId, waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
      const listening = task.type === 'live' ? this.listenToLiveJob(jobId, options, waiter) : Promise.resolve();
      listening
        .then(() => this.queue.add(task.type, { payload: encodeJobPayload(task) }, { jobId, removeOnComplete: { age: 300 }, removeOnFail: { age: 3600 } }))
        .then(() => this.announceWait(jobId))
        .catch((error: unknown) => this.giveUp(jobId, error));
    });
  }

  /**
   * Subscribes to a live job's frames before the job is added; sends controls once the worker has
   * spoken (it listens for them by then), and gives the job up when its worker falls silent.
   */
  private async listenToLiveJob(jobId: string, options: JobOptions, waiter: Waiter): Promise<void> {
    const outChannel = liveOutChannel(jobId);
    const silentLimitMs = this.options.liveSilentLimitMs ?? LIVE_SILENT_LIMIT_MS;
    let watchdog: NodeJS.Timeout | undefined;
    let isConnected = false;
    const stopListening = () => {
      clearTimeout(watchdog);
      this.liveListeners.delete(outChannel);
      void this.liveSubscriber?.unsubscribe(outChannel).catch(() => undefined);
    };
    const armWatchdog = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        // a worker only cut off from Redis stops the job itself when it reads this
        void this.client.set(cancelKey(jobId), '1', 'PX', 10 * 60_000).catch(() => undefined);
        this.giveUp(jobId, new LiveWorkerLostError(`the worker running this live view went silent for ${Math.round(silentLimitMs / 1000)} s (stopped or cut off)`));
      }, silentLimitMs);
    };
    const { resolve, reject } = waiter;
    waiter.resolve = (output) => { stopListening(); resolve(output); };
    waiter.reject = (error) => { stopListening(); reject(error); };
    const onStarted = waiter.onStarted;
    waiter.onStarted = () => { armWatchdog(); onStarted?.(); };
    this.liveListeners.set(outChannel, (bytes) => {
      let message: LiveWireMessage;
      try {
        message = decodeLiveWire<LiveWireMessage>(bytes);
      } catch {
        return;
      }
      armWatchdog();
      if (!isConnected) {
        isConnected = true;
        options.connectControls?.((control) => void this.client.publish(liveControlChannel(jobId), encodeLiveWire(control)).catch(() => undefined));
      }
      if (message.type !== 'live-alive') options.onLiveMessage?.(message);
    });
    if (!this.liveSubscriber) {
      this.liveSubscriber = this.client.duplicate({ connectionName: 'nn-tutor-bot-live' });
      this.liveSubscriber.on('error', () => undefined);
      this.liveSubscriber.on('messageBuffer', (channel: Buffer, bytes: Buffer) => this.liveListeners.get(channel.toString())?.(bytes));
    }
    await this.liveSubscriber.subscribe(outChannel);
  }

  /** Tells a job that has to wait how many runs are ahead of it (once, like the local queue). */
  private async announceWait(jobId: string): Promise<void> {
    const waiter = this.waiters.get(jobId);
    if (!waiter?.onProgress || waiter.isActive) return;
    const counts = await this.queue.getJobCounts('waiting', 'active', 'prioritized');
    const ahead = Math.max(0, (counts.waiting ?? 0) + (counts.prioritized ?? 0) - 1) + (counts.active ?? 0);
    const { threads } = await this.liveWorkers();
    if (this.waiters.get(jobId) !== waiter || waiter.isActive || ahead < threads) return;
    waiter.onProgress(0, `Waiting for a free worker: ${ahead === 1 ? '1 run is' : `${ahead} runs are`} ahead of yours…`);
  }

  private giveUp(jobId: string, error: unknown): void {
    const waiter = this.waiters.get(jobId);
    if (!waiter) return;
    this.waiters.delete(jobId);
    waiter.reject(error);
  }

  /**
   * Withdraws a job no worker has taken (the caller hears JobNeverStartedError carrying `reason`), or
   * asks the worker running it to stop and waits a grace period for its partial result.
   */
  private async cancel(jobId: string, reason: unknown, startGrace: (ms: number) => void): Promise<void> {
    // Not seen starting yet: still waiting, or taken by a worker an instant ago (its 'active' event
    // not here yet); either way it has not really run, and the cancel key stops it on the worker.
    const hadStarted = this.waiters.get(jobId)?.isActive ?? true;
    await this.client.set(cancelKey(jobId), '1', 'PX', 10 * 60_000).catch(() => undefined);
    const removed = await this.queue.remove(jobId).catch(() => 0);
    if (removed === 1 || !hadStarted) {
      const error = new JobNeverStartedError('the job was withdrawn before a worker took it', { cause: reason });
      this.giveUp(jobId, error);
      return;
    }
    startGrace(this.cancelGraceMs);
  }

  /** Job counts by state and live workers (GET /healthz). */
  async health(): Promise<JobQueueHealth> {
    const counts = await this.queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'completed', 'failed');
    const { workers, threads } = await this.liveWorkers();
    return { backend: 'bullmq', queue: JOB_QUEUE_NAME, counts, workers, workerThreads: threads, waitingHere: this.waiters.size };
  }

  /** Stops listening; jobs still waiting here are rejected. */
  async close(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    for (const jobId of [...this.waiters.keys()]) this.giveUp(jobId, new Error('the bot is shutting down'));
    await this.events.close().catch(() => undefined);
    await this.queue.close().catch(() => undefined);
    await this.client.quit().catch(() => undefined);
    this.liveSubscriber?.disconnect();
    this.eventsConnection.disconnect();
  }
}
