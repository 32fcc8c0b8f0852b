/** A live training view runs in the worker pool epoch by epoch; controls act before the next epoch; only its owner (or a lecturer) controls it. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JobTicket } from '../../src/chat/job-gate.ts';
import { closeJobPool, configureJobs, LIVE_GRID_SIZE, LIVE_THUMB_SIZE, type LiveFrame } from '../../src/jobs/index.ts';
import { prepareSpec } from '../../commands/_lib/training.ts';
import { findLiveSession, LiveSession, stopAllLiveSessions, type LiveEvent } from '../../commands/_lib/live-session.ts';
import { testCaller } from '../chat/fake-responder.ts';

beforeAll(() => configureJobs({ mode: 'pool', threads: 2 }));
afterEach(() => stopAllLiveSessions('closed'));
afterAll(() => closeJobPool());

const owner = testCaller({ userId: 'owner', displayName: 'Ada' });
const other = testCaller({ userId: 'other', displayName: 'Bob' });
const lecturer = testCaller({ userId: 'lect', displayName: 'Prof', isLecturer: true });

/** Collects a session's events; `next(test)` resolves with the first frame (from now on) that passes `test`. */
function watch(session: LiveSession) {
  const frames: LiveFrame[] = [];
  const events: LiveEvent[] = [];
  const waiters: { test: (f: LiveFrame) => boolean; resolve: (f: LiveFrame) => void }[] = [];
  session.subscribe((event) => {
    events.push(event);
    if (event.type !== 'frame') return;
    frames.push(event.frame);
    for (const w of [...waiters]) if (w.test(event.frame)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(event.frame); }
  });
  const next = (test: (f: LiveFrame) => boolean) => new Promise<LiveFrame>((resolve) => waiters.push({ test, resolve }));
  return { frames, events, next };
}

const spec = () => prepareSpec({ dataset: 'circle', layers: [4, 2], epochs: 2000, seed: 5 });

describe('live training session', () => {
  it('plays → frames carry a 100×100 Int8 grid, per-neuron thumbnails and every epoch of the loss once', async () => {
    const session = LiveSession.start(owner, spec());
    const w = watch(session);
    session.control(owner, { type: 'speed', epochsPerFrame: 8 });
    const frame = await w.next((f) => f.epoch >= 150);
    expect(frame.epochsPerFrame).toBe(8);
    expect(frame.grid).toBeInstanceOf(Int8Array);
    expect(frame.grid.length).toBe(LIVE_GRID_SIZE * LIVE_GRID_SIZE);
    // inputs x1, x2 and hidden 4 + 2 neurons, 16×16 each
    expect(frame.neurons.length).toBe((2 + 4 + 2) * LIVE_THUMB_SIZE * LIVE_THUMB_SIZE);
    const epochs = w.frames.flatMap((f) => f.losses.map((l) => l.epoch));
    expect(epochs).toEqual(Array.from({ length: epochs.length }, (_, i) => i + 1));
    // a circle learnt for 150 epochs is not one colour everywhere
    expect(new Set(frame.grid).size).toBeGreaterThan(10);
  });

  it('pause → no more epochs; step → exactly one more; play → it carries on', async () => {
    const session = LiveSession.start(owner, spec());
    const w = watch(session);
    await w.next((f) => f.epoch >= 5);
    session.control(owner, { type: 'pause' });
    const paused = await w.next((f) => f.state === 'paused');
    await new Promise((r) => setTimeout(r, 400));
    expect(session.snapshot().frame!.epoch).toBe(paused.epoch);
    session.control(owner, { type: 'step' });
    const stepped = await w.next((f) => f.epoch !== paused.epoch);
    expect(stepped.epoch).toBe(paused.epoch + 1);
    expect(stepped.state).toBe('paused');
    session.control(owner, { type: 'play' });
    await w.next((f) => f.epoch >= stepped.epoch + 3);
  });

  it('a learning-rate change mid-run → the next epochs train with it and the history records from which epoch', async () => {
    const session = LiveSession.start(owner, spec());
    const w = watch(session);
    await w.next((f) => f.epoch >= 5);
    session.control(owner, { type: 'settings', learningRate: 0.3 });
    const after = await w.next((f) => f.learningRate === 0.3 && f.losses.length > 0);
    const history = session.snapshot().history;
    const first = history.find((e) => e.learningRate === 0.3)!;
    expect(history.filter((e) => e.epoch < first.epoch).every((e) => e.learningRate === 0.03)).toBe(true);
    expect(history.filter((e) => e.epoch >= first.epoch).every((e) => e.learningRate === 0.3)).toBe(true);
    expect(session.settingsHistory()).toEqual([
      expect.objectContaining({ fromEpoch: 1, learningRate: 0.03 }),
      expect.objectContaining({ fromEpoch: first.epoch, learningRate: 0.3 }),
    ]);
    expect(after.epoch).toBeGreaterThanOrEqual(first.epoch);
  });

  it('someone else’s control → refused with who may; a lecturer’s → obeyed', async () => {
    const session = LiveSession.start(owner, spec());
    const w = watch(session);
    await w.next((f) => f.epoch >= 1);
    expect(() => session.control(other, { type: 'pause' })).toThrow(/Only Ada, who started this live view, or a lecturer/);
    session.control(lecturer, { type: 'pause' });
    await w.next((f) => f.state === 'paused');
  });

  it('forged settings → a message saying what is allowed, and the run goes on', async () => {
    const session = LiveSession.start(owner, spec());
    expect(() => session.control(owner, { type: 'settings', learningRate: -1 })).toThrow(/greater than 0/);
    expect(() => session.control(owner, { type: 'settings', learningRate: Number.NaN })).toThrow(/greater than 0/);
    expect(() => session.control(owner, { type: 'settings', regularization: 'l7' as never })).toThrow(/none, l1, l2/);
    expect(() => session.control(owner, { type: 'settings', regRate: 1e9 })).toThrow(/0 to 10/);
    await watch(session).next((f) => f.epoch >= 3);
  });

  it('nobody watching → it stops after the idle time and gives its job slot back', async () => {
    const session = LiveSession.start(owner, spec(), { idleStopMs: 300 });
    session.setWatching('tab-1', true);
    session.setWatching('tab-1', false, 300);
    await session.done;
    expect(session.isEnded).toBe(true);
    expect(findLiveSession(session.id)).toBeUndefined();
    // the owner's one job slot is free again
    JobTicket.enter('test:owner').release();
  });

  it('one view per person (the usual per-user job limit): a second one is refused while the first runs', async () => {
    LiveSession.start(owner, spec());
    expect(() => LiveSession.start(owner, spec())).toThrow(/already have a run going/);
  });
});
