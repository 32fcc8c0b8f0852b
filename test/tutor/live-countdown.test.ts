/** The countdown a live quiz question carries: the real deadline, frozen by a pause, moved by a resume, closed by a reveal. */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { dispatchCommand, dispatchComponent } from '../../src/chat/router.ts';
import type { Caller, CommandDef, Reply } from '../../src/chat/types.ts';
import { configureJobs } from '../../src/jobs/index.ts';
import { closeStore, getStore } from '../../src/store/index.ts';
import { questionDeadline } from '../../src/tutor/live-quiz.ts';
import quizCommand from '../../commands/quiz.ts';
import { FakeResponder } from '../chat/fake-responder.ts';
import { cleanupTempDirs, tempDir, T0 } from './helpers.ts';

const commands: CommandDef[] = [quizCommand];
const prof: Caller = { platform: 'test', userId: 'prof', displayName: 'Prof', channelId: 'hall-clock', spaceId: 'uni', isLecturer: true };

async function run(action: (responder: FakeResponder) => Promise<void>): Promise<Reply[]> {
  const responder = new FakeResponder();
  await action(responder);
  expect(responder.violations).toEqual([]);
  return responder.calls.flatMap((c) => ('reply' in c ? [c.reply] : []));
}
const click = (id: string) => run((responder) => dispatchComponent({ id, caller: prof, responder, commands }));

beforeAll(async () => {
  getStore({ dataDir: tempDir() });
  configureJobs({ mode: 'inline' });
});
afterEach(async () => { vi.useRealTimers(); });
afterAll(async () => { closeStore(); cleanupTempDirs(); });

describe('the live question countdown', () => {
  it('runs to the question\'s deadline, freezes with the time left on pause and moves the deadline on resume', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(T0);
    const started = await run((responder) => dispatchCommand({ command: 'quiz', options: { mode: 'live', questions: 1, seconds: 20 }, caller: prof, responder, commands }));
    const question = started.find((r) => (r.data as { liveSession?: string } | undefined)?.liveSession)!;
    const { liveSession } = question.data as { liveSession: string };
    // the clock starts when the question is shown (Date is frozen here, so at T0): it ends 20 s later
    expect(question.countdown).toEqual({ endsAtMs: T0 + 20_000, totalMs: 20_000, label: 'Answers close', status: 'running', clockId: `quiz:${liveSession}:0` });
    expect(question.countdown!.endsAtMs).toBe(questionDeadline((await getStore().live.get(liveSession))!));

    await vi.advanceTimersByTimeAsync(5_000);
    const [paused] = await click(`quiz:lc:${liveSession}:pause`);
    expect(paused!.text).toContain('Paused with 15 s left');
    expect(paused!.countdown).toMatchObject({ status: 'paused', pausedRemainingMs: 15_000, totalMs: 20_000, clockId: `quiz:${liveSession}:0` });

    // a long pause does not use up the class's time: the timer is off and the new deadline is resume + 15 s
    await vi.advanceTimersByTimeAsync(60_000);
    const [resumed] = await click(`quiz:lc:${liveSession}:resume`);
    expect(resumed!.countdown).toMatchObject({ status: 'running', endsAtMs: T0 + 65_000 + 15_000, clockId: `quiz:${liveSession}:0` });
    expect(resumed!.countdown!.endsAtMs).toBe(questionDeadline((await getStore().live.get(liveSession))!));

    // revealing early closes the same clock, so clients that update earlier messages stop it
    const [reveal] = await click(`quiz:lc:${liveSession}:skip`);
    expect(reveal!.text).toContain("Time's up");
    expect(reveal!.countdown).toMatchObject({ status: 'closed', clockId: `quiz:${liveSession}:0` });
    await click(`quiz:lc:${liveSession}:end`);
  });

  it('each question has its own clock id, and the next question starts a full new countdown', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(T0 + 3_600_000);
    const room = { ...prof, channelId: 'hall-clock-2' };
    const started = await run((responder) => dispatchCommand({ command: 'quiz', options: { mode: 'live', questions: 2, seconds: 10 }, caller: room, responder, commands }));
    const first = started.find((r) => r.countdown)!;
    const { liveSession } = first.data as { liveSession: string };
    await run((responder) => dispatchComponent({ id: `quiz:lc:${liveSession}:skip`, caller: room, responder, commands }));
    await vi.advanceTimersByTimeAsync(2_000);
    const next = await run((responder) => dispatchComponent({ id: `quiz:lc:${liveSession}:next`, caller: room, responder, commands }));
    const second = next.find((r) => r.countdown?.status === 'running')!;
    expect(second.countdown).toMatchObject({ endsAtMs: T0 + 3_600_000 + 2_000 + 10_000, totalMs: 10_000, clockId: `quiz:${liveSession}:1` });
    expect(second.countdown!.clockId).not.toBe(first.countdown!.clockId);
    await run((responder) => dispatchComponent({ id: `quiz:lc:${liveSession}:end`, caller: room, responder, commands }));
  });
});
