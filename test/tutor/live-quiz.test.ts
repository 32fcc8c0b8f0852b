import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LESSONS_DIR, loadContent } from '../../src/tutor/content/load.ts';
import {
  answerLive, currentChoices, endLive, getLiveSession, nextLiveQuestion, pauseLive, questionDeadline, resumeLive, revealIfDue, revealLive, startLiveQuiz,
} from '../../src/tutor/live-quiz.ts';
import { livePoints } from '../../src/tutor/scoring.ts';
import { leaderboard } from '../../src/tutor/leaderboard.ts';
import { TutorError } from '../../src/tutor/errors.ts';
import { createStore } from '../../src/store/index.ts';
import { cleanupTempDirs, T0, tempStore, user } from './helpers.ts';

afterEach(cleanupTempDirs);

const content = loadContent(DEFAULT_LESSONS_DIR);
const lecturer = { ...user('prof'), displayName: 'Prof' };
const [ann, ben, cat, dan] = ['ann', 'ben', 'cat', 'dan'].map((id) => user(id));
// question 0: 4 choices, right = 2 (O(n·p)); question 1: true/false, right = True (index 0)
const IDS = ['gd-cost-scaling', 'gd-full-batch-needs-all'];
/** The shown position of question 0's right answer in the last started session (choices are shuffled per session). */
let right0 = -1;

async function start(store: ReturnType<typeof tempStore>['store'], seconds = 20) {
  const session = await startLiveQuiz(store, content, { lecturer, questions: 2, seconds, nowMs: T0, questionIds: IDS });
  right0 = currentChoices(content, await getLiveSession(store, session.id)).shown.correctIndex;
  return session;
}

describe('Kahoot-style points', () => {
  it('a right answer earns 1000 at once, 750 at half time, 500 at the buzzer; a wrong one 0', async () => {
    // 1000 × (1 − (t/T)/2)
    expect(livePoints(true, 0, 20_000)).toBe(1000);
    expect(livePoints(true, 10_000, 20_000)).toBe(750);
    expect(livePoints(true, 20_000, 20_000)).toBe(500);
    expect(livePoints(true, 5_000, 20_000)).toBe(875);
    expect(livePoints(false, 0, 20_000)).toBe(0);
  });
});

describe('live class quiz', () => {
  it('several users answering at different times get speed-weighted scores, and the reveal shows the distribution', async () => {
    const { store } = tempStore();
    const session = await start(store);
    expect(await answerLive(store, content, session.id, 0, ann, right0, T0 + 2_000)).toMatchObject({ status: 'accepted', answer: { points: 950 } });
    expect(await answerLive(store, content, session.id, 0, ben, right0, T0 + 10_000)).toMatchObject({ status: 'accepted', answer: { points: 750 } });
    expect(await answerLive(store, content, session.id, 0, cat, (right0 + 1) % 4, T0 + 1_000)).toMatchObject({ status: 'accepted', answer: { points: 0 } });
    const reveal = (await revealLive(store, content, session.id, T0 + 20_001))!;
    expect(reveal.correctIndex).toBe(right0);
    expect(reveal.distribution[right0]).toBe(2);
    expect(reveal.distribution.reduce((a, b) => a + b, 0)).toBe(3);
    expect(reveal.totals.map((t) => [t.displayName, t.points])).toEqual([['ANN', 950], ['BEN', 750], ['CAT', 0]]);
  });

  it('a user can answer each question only once; the first answer counts', async () => {
    const { store } = tempStore();
    const session = await start(store);
    await answerLive(store, content, session.id, 0, ann, (right0 + 1) % 4, T0 + 1_000);
    expect(await answerLive(store, content, session.id, 0, ann, right0, T0 + 2_000)).toEqual({ status: 'duplicate' });
    expect(await store.live.answers(session.id, 0)).toHaveLength(1);
    expect((await store.live.answers(session.id, 0))[0].isCorrect).toBe(false);
  });

  it('answers after the deadline, after the reveal, or to an old question are refused as late', async () => {
    const { store } = tempStore();
    const session = await start(store, 10);
    expect(questionDeadline(session)).toBe(T0 + 10_000);
    expect(await answerLive(store, content, session.id, 0, ann, right0, T0 + 10_001)).toEqual({ status: 'late' });
    await answerLive(store, content, session.id, 0, ben, right0, T0 + 9_000);
    await revealLive(store, content, session.id, T0 + 9_500);
    expect(await answerLive(store, content, session.id, 0, cat, right0, T0 + 9_600)).toEqual({ status: 'late' });
    await nextLiveQuestion(store, session.id, T0 + 15_000);
    expect(await answerLive(store, content, session.id, 0, dan, right0, T0 + 15_100)).toEqual({ status: 'late' });
    expect((await store.live.answers(session.id, 0)).map((a) => a.displayName)).toEqual(['BEN']);
  });

  it('reveal scores once: a second reveal does nothing and the leaderboard is not doubled', async () => {
    const { store } = tempStore();
    const session = await start(store);
    await answerLive(store, content, session.id, 0, ann, right0, T0);
    expect(await revealLive(store, content, session.id, T0 + 21_000)).toBeDefined();
    expect(await revealLive(store, content, session.id, T0 + 22_000)).toBeUndefined();
    expect(await revealIfDue(store, content, session.id, T0 + 23_000)).toBeUndefined();
    const rows = await leaderboard(store, { platform: 'test', scope: 'channel', channelId: 'room-1', period: 'all', nowMs: T0 + 30_000 });
    expect(rows).toEqual([{ userKey: 'test:ann', displayName: 'ANN', points: 1000 }]);
  });

  it('pause stops the clock: answers are refused while paused and time spent paused does not cost points', async () => {
    const { store } = tempStore();
    const session = await start(store, 20);
    await pauseLive(store, session.id, T0 + 4_000);
    expect(await answerLive(store, content, session.id, 0, ann, right0, T0 + 5_000)).toEqual({ status: 'paused' });
    const resumed = await resumeLive(store, session.id, T0 + 60_000);
    expect(questionDeadline(resumed)).toBe(T0 + 60_000 + 16_000);
    // 4 s used before the pause + 6 s after = 10 s of 20 → 750
    expect(await answerLive(store, content, session.id, 0, ann, right0, T0 + 66_000)).toMatchObject({ status: 'accepted', answer: { points: 750 } });
  });

  it('one live quiz per channel, and only sensible sizes', async () => {
    const { store } = tempStore();
    await start(store);
    await expect(start(store)).rejects.toThrow(/already running/);
    await expect(startLiveQuiz(store, content, { lecturer: user('x', 'room-2'), questions: 0, seconds: 20, nowMs: T0 })).rejects.toThrow(/questions must be/);
    await expect(startLiveQuiz(store, content, { lecturer: user('x', 'room-2'), questions: 5, seconds: 500, nowMs: T0 })).rejects.toThrow(TutorError);
  });

  it('a restart mid-quiz loses no answer: reopen the database, keep answering, scores add up', async () => {
    const { store, dataDir } = tempStore();
    const session = await start(store);
    await answerLive(store, content, session.id, 0, ann, right0, T0 + 2_000);
    store.close();

    const reopened = createStore({ dataDir });
    expect((await reopened.live.activeIn('test', 'room-1'))?.id).toBe(session.id);
    await answerLive(reopened, content, session.id, 0, ben, right0, T0 + 4_000);
    expect(await answerLive(reopened, content, session.id, 0, ann, right0, T0 + 5_000)).toEqual({ status: 'duplicate' });
    // the timer died with the process: the first action after the deadline reveals
    const reveal = (await revealIfDue(reopened, content, session.id, T0 + 25_000))!;
    expect(reveal.answers.map((a) => a.displayName)).toEqual(['ANN', 'BEN']);
    await nextLiveQuestion(reopened, session.id, T0 + 30_000);
    await answerLive(reopened, content, session.id, 1, ben, 0, T0 + 30_000);
    const podium = await endLive(reopened, content, session.id, T0 + 60_000);
    expect(podium.totals.map((t) => [t.displayName, t.points])).toEqual([['BEN', 900 + 1000], ['ANN', 950]]);
    expect(await reopened.live.activeIn('test', 'room-1')).toBeUndefined();
    reopened.close();
  });

  it('nextLiveQuestion returns undefined after the last question', async () => {
    const { store } = tempStore();
    const session = await start(store);
    await revealLive(store, content, session.id, T0 + 1);
    await nextLiveQuestion(store, session.id, T0 + 2);
    await revealLive(store, content, session.id, T0 + 3);
    expect(await nextLiveQuestion(store, session.id, T0 + 4)).toBeUndefined();
  });
});

describe('leaderboards', () => {
  it('week, term and all time differ by period, channels are separate, and opted-out users are hidden', async () => {
    const { store } = tempStore();
    const add = async (who: string, points: number, at: number, channelId = 'room-1') => {
      await store.users.upsert({ platform: 'test', userId: who, displayName: who }, at);
      await store.scores.add({ userKey: `test:${who}`, displayName: who, platform: 'test', spaceId: 'space-1', channelId, points, source: 'live', createdAt: at });
    };
    const now = Date.UTC(2026, 1, 25, 12); // Wednesday
    await add('old', 5000, Date.UTC(2025, 10, 1)); // last term
    await add('term', 3000, Date.UTC(2026, 1, 10)); // this term, earlier week
    await add('week', 1000, Date.UTC(2026, 1, 24)); // this week
    await add('other', 9000, Date.UTC(2026, 1, 24), 'room-2');
    const names = async (period: 'week' | 'term' | 'all', scope: 'server' | 'channel' = 'channel') =>
      (await leaderboard(store, { platform: 'test', scope, spaceId: 'space-1', channelId: 'room-1', period, nowMs: now })).map((r) => r.displayName);
    expect(await names('week')).toEqual(['week']);
    expect(await names('term')).toEqual(['term', 'week']);
    expect(await names('all')).toEqual(['old', 'term', 'week']);
    expect(await names('week', 'server')).toEqual(['other', 'week']);
    await store.users.setLeaderboardOptOut('test:old', true);
    expect(await names('all')).toEqual(['term', 'week']);
  });
});
