/** With REDIS_URL a live training view trains on an `npm run worker` process: frames back and controls out over Redis pub/sub. */
import type { ChildProcess } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeJobPool, configureJobs, type LiveFrame } from '../../../src/jobs/index.ts';
import { startJobQueue, type StartedJobQueue } from '../../../src/start-job-queue.ts';
import { prepareSpec } from '../../../commands/_lib/training.ts';
import { LiveSession, stopAllLiveSessions, type LiveEvent } from '../../../commands/_lib/live-session.ts';
import { testCaller } from '../../chat/fake-responder.ts';
import { findRedisServer, startPrivateRedis, startWorkerProcess, stopProcess, workerLines, type PrivateRedis } from './redis-harness.ts';

const redisBinary = findRedisServer();
if (!redisBinary) console.warn('SKIPPED live-view-on-worker tests: redis-server could not be found (install the Debian package redis-server, as .ci/run does).');

const owner = testCaller({ userId: 'owner', displayName: 'Ada' });
const spec = () => prepareSpec({ dataset: 'circle', layers: [4, 2], epochs: 2000, seed: 5 });

/** Collects a session's events; `next(test)` resolves with the first frame (from now on) that passes `test`. */
function watch(session: LiveSession) {
  const frames: LiveFrame[] = [];
  const events: LiveEvent[] = [];
  const waiters: { test: (f: LiveFrame) => boolean; resolve: (f: LiveFrame) => void }[] = [];
  let ended: (e: Extract<LiveEvent, { type: 'ended' }>) => void = () => undefined;
  const end = new Promise<Extract<LiveEvent, { type: 'ended' }>>((resolve) => (ended = resolve));
  session.subscribe((event) => {
    events.push(event);
    if (event.type === 'ended') ended(event);
    if (event.type !== 'frame') return;
    frames.push(event.frame);
    for (const w of [...waiters]) if (w.test(event.frame)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(event.frame); }
  });
  const next = (test: (f: LiveFrame) => boolean) => new Promise<LiveFrame>((resolve) => waiters.push({ test, resolve }));
  return { frames, events, next, end };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!redisBinary)('live view on a queue worker (REDIS_URL)', () => {
  let redis: PrivateRedis;
  let queue: StartedJobQueue;
  let worker: ChildProcess;

  beforeAll(async () => {
    configureJobs({ mode: 'pool', threads: 1 });
    redis = await startPrivateRedis(redisBinary!);
    worker = await startWorkerProcess(redis.url);
    queue = await startJobQueue(redis.url);
  }, 60_000);

  afterEach(() => stopAllLiveSessions('closed'));

  afterAll(async () => {
    await stopAllLiveSessions('closed');
    await queue?.close();
    if (worker) await stopProcess(worker);
    await redis?.stop();
    await closeJobPool();
  }, 30_000);

  it('play, pause, step, lr, close → frames stream from the worker, controls act there, and its slot is free again', async () => {
    const session = LiveSession.start(owner, spec());
    const w = watch(session);
    const tenth = await w.next((f) => f.seq >= 10);
    expect(tenth.grid).toBeInstanceOf(Int8Array);
    expect(tenth.grid.length).toBe(100 * 100);
    expect(session.snapshot().setup?.pointsXy).toBeInstanceOf(Int8Array);
    // the job runs on the worker process, not here
    expect(workerLines(worker).some((l) => l.includes('"type":"live"') && l.includes('job start'))).toBe(true);

    session.control(owner, { type: 'pause' });
    const paused = await w.next((f) => f.state === 'paused');
    const framesWhenPaused = w.frames.length;
    await sleep(1_000);
    expect(w.frames.length).toBe(framesWhenPaused);

    session.control(owner, { type: 'step' });
    const stepped = await w.next((f) => f.epoch !== paused.epoch);
    expect(stepped.epoch).toBe(paused.epoch + 1);
    expect(stepped.losses.map((l) => l.epoch)).toEqual([paused.epoch + 1]);
    await sleep(500);
    expect(session.snapshot().frame!.epoch).toBe(paused.epoch + 1);

    session.control(owner, { type: 'settings', learningRate: 0.3 });
    session.control(owner, { type: 'step' });
    const afterLr = await w.next((f) => f.epoch === paused.epoch + 2);
    expect(afterLr.learningRate).toBe(0.3);
    expect(afterLr.losses[0]!.learningRate).toBe(0.3);
    expect(session.settingsHistory().at(-1)).toMatchObject({ fromEpoch: paused.epoch + 2, learningRate: 0.3 });

    await session.stop('closed');
    expect((await w.end).reason).toBe('closed');
    // the worker's one thread is free: a training job runs on it, and no live job is left active
    const health = await queue.runner.health();
    expect(health.counts.active).toBe(0);
    const { runJob } = await import('../../../src/jobs/index.ts');
    const { result } = await runJob({ type: 'train', spec: { dataset: 'xor', epochs: 20, seed: 1, points: 100 }, images: [] });
    expect(result!.history.length).toBe(20);
  }, 90_000);

  it('a second view by the same owner while one runs → refused by the shared gate; the CPU budget stop → said as such, slot freed', async () => {
    const { getLimits, setLimits } = await import('../../../src/chat/limits.ts');
    const limitsBefore = getLimits();
    const first = LiveSession.start(owner, spec());
    const w1 = watch(first);
    await w1.next((f) => f.seq >= 2);
    const second = LiveSession.start(owner, spec());
    expect((await watch(second).end).reason).toBe('refused');
    await first.stop('closed');
    setLimits({ runBudgetMs: 400 });
    try {
      const budgeted = LiveSession.start(owner, spec());
      const w = watch(budgeted);
      budgeted.control(owner, { type: 'speed', epochsPerFrame: 8 });
      expect((await w.end).reason).toBe('compute-budget');
      expect(w.frames.length).toBeGreaterThan(0);
    } finally {
      setLimits({ runBudgetMs: limitsBefore.runBudgetMs });
    }
    expect((await queue.runner.health()).counts.active).toBe(0);
  }, 90_000);

  it('nobody watching → the view stops as idle and the worker slot is free', async () => {
    const session = LiveSession.start(owner, spec(), { idleStopMs: 1_500 });
    const w = watch(session);
    await w.next((f) => f.seq >= 2);
    expect((await w.end).reason).toBe('idle');
    await session.done;
    expect((await queue.runner.health()).counts.active).toBe(0);
  }, 60_000);

  it('the worker is killed mid-view → the view ends saying its worker stopped, and does not hang', async () => {
    const session = LiveSession.start(owner, spec());
    const w = watch(session);
    await w.next((f) => f.seq >= 3);
    worker.kill('SIGKILL');
    const ended = await w.end;
    expect(ended.reason).toBe('worker-lost');
    expect(ended.sentence).toMatch(/worker process training it stopped/);
    expect(session.isEnded).toBe(true);
  }, 60_000);
});
