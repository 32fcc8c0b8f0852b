/**
 * A live quiz served by two bot instances sharing one Postgres database (two connection pools to
 * the same schema): clicks go through instance A, the reveal through instance B; when both
 * instances' timers fire at once exactly one reveals and scores; a restarted instance finds the
 * running quiz. (Several instances are a Postgres deployment: two SQLite connections in one test
 * process would block each other's synchronous lock waits, so SQLite is not run here.)
 */
import { afterAll, afterEach, describe, expect, it, type TestContext } from 'vitest';
import { DEFAULT_LESSONS_DIR, loadContent } from '../../src/tutor/content/load.ts';
import {
  answerLive, currentChoices, getLiveSession, pauseLive, questionDeadline, resumeLive, revealIfDue, revealLive, startLiveQuiz,
} from '../../src/tutor/live-quiz.ts';
import { leaderboard } from '../../src/tutor/leaderboard.ts';
import type { KyselyStore } from '../../src/store/kysely/store.ts';
import { cleanupTempDirs, T0, user } from './helpers.ts';
import { storeFactory } from '../store/dialects.ts';

const content = loadContent(DEFAULT_LESSONS_DIR);
const lecturer = { ...user('prof'), displayName: 'Prof' };
const [ann, ben] = ['ann', 'ben'].map((id) => user(id));
const IDS = ['gd-cost-scaling', 'gd-full-batch-needs-all'];

const opened: KyselyStore[] = [];
afterEach(async () => { await Promise.all(opened.splice(0).map((s) => s.close().catch(() => undefined))); });
afterAll(() => cleanupTempDirs());

describe('two instances on one Postgres database', () => {
  const factory = storeFactory('postgres');
  /** Instance A and instance B: two stores (pools) on the same database. */
  function twoInstances(ctx: TestContext): { a: KyselyStore; b: KyselyStore; location: string } {
    const reason = factory.skipReason();
    if (reason) ctx.skip(reason);
    const { store: a, location } = factory.open();
    const b = factory.reopen(location);
    opened.push(a, b);
    return { a, b, location };
  }

  it('answers clicked through instance A are revealed and scored by instance B once the time is up', async (ctx) => {
    const { a, b } = twoInstances(ctx);
    const session = await startLiveQuiz(a, content, { lecturer, questions: 2, seconds: 20, nowMs: T0, questionIds: IDS });
    const right = currentChoices(content, await getLiveSession(b, session.id)).shown.correctIndex;
    expect(await answerLive(a, content, session.id, 0, ann, right, T0 + 2_000)).toMatchObject({ status: 'accepted' });
    expect(await answerLive(a, content, session.id, 0, ben, (right + 1) % 4, T0 + 3_000)).toMatchObject({ status: 'accepted' });
    // a second click by ann, landing on instance B, is still one answer each
    expect(await answerLive(b, content, session.id, 0, ann, right, T0 + 4_000)).toEqual({ status: 'duplicate' });
    expect(await revealIfDue(b, content, session.id, T0 + 19_000)).toBeUndefined(); // not yet
    const reveal = await revealIfDue(b, content, session.id, T0 + 21_000);
    expect(reveal?.distribution.reduce((x, y) => x + y, 0)).toBe(2);
    expect(reveal?.totals.map((t) => [t.displayName, t.correct])).toEqual([['ANN', 1], ['BEN', 0]]);
    expect((await getLiveSession(a, session.id)).status).toBe('revealed');
    const board = await leaderboard(a, { platform: 'test', scope: 'channel', channelId: 'room-1', period: 'all', nowMs: T0 + 22_000 });
    expect(board.map((r) => r.displayName)).toEqual(['ANN']);
  });

  it('when both instances\' timers fire at the deadline, exactly one reveals and the points are counted once', async (ctx) => {
    const { a, b } = twoInstances(ctx);
    const session = await startLiveQuiz(a, content, { lecturer, questions: 2, seconds: 10, nowMs: T0, questionIds: IDS });
    const right = currentChoices(content, session).shown.correctIndex;
    await answerLive(b, content, session.id, 0, ann, right, T0 + 1_000);
    const after = T0 + 11_000;
    const results = await Promise.all([revealIfDue(a, content, session.id, after), revealIfDue(b, content, session.id, after), revealLive(b, content, session.id, after)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const points = (await leaderboard(b, { platform: 'test', scope: 'channel', channelId: 'room-1', period: 'all', nowMs: after }))[0]?.points;
    expect(points).toBe((await a.live.answers(session.id, 0))[0]!.points);
  });

  it('paused through A and resumed through B: B\'s deadline carries the time that was left', async (ctx) => {
    const { a, b } = twoInstances(ctx);
    const session = await startLiveQuiz(a, content, { lecturer, questions: 1, seconds: 20, nowMs: T0, questionIds: IDS.slice(0, 1) });
    await pauseLive(a, session.id, T0 + 5_000);
    await expect(pauseLive(b, session.id, T0 + 6_000)).rejects.toThrow(/no open question to pause/);
    const resumed = await resumeLive(b, session.id, T0 + 60_000);
    expect(questionDeadline(resumed)).toBe(T0 + 75_000);
    expect(questionDeadline(await getLiveSession(a, session.id))).toBe(T0 + 75_000);
  });

  it('an instance started after another stopped finds the running quiz and its answers', async (ctx) => {
    const { a, location } = twoInstances(ctx);
    const session = await startLiveQuiz(a, content, { lecturer, questions: 2, seconds: 20, nowMs: T0, questionIds: IDS });
    await answerLive(a, content, session.id, 0, ann, 0, T0 + 1_000);
    await a.close();
    const restarted = factory.reopen(location);
    opened.push(restarted);
    expect((await restarted.live.listActive()).map((s) => s.id)).toEqual([session.id]);
    expect(await restarted.live.activeIn('test', 'room-1')).toMatchObject({ id: session.id, status: 'asking', questionStartedAt: T0 });
    expect(await restarted.live.answers(session.id, 0)).toHaveLength(1);
    expect(await revealIfDue(restarted, content, session.id, T0 + 21_000)).toBeDefined();
  });
});
