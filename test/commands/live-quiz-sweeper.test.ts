/**
 * The live-quiz sweeper: a question whose deadline passed (plus the margin the posting instance's own
 * timer has) without a reveal — its instance was killed or restarted — is revealed by whichever
 * instance sweeps first, and its results are posted once in the quiz's channel.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registerChannelPoster, type ChannelTarget } from '../../src/chat/channel-posters.ts';
import type { Reply } from '../../src/chat/types.ts';
import { closeStore, getStore } from '../../src/store/index.ts';
import { getContent } from '../../src/tutor/content/load.ts';
import { answerLive, currentChoices, getLiveSession, startLiveQuiz } from '../../src/tutor/live-quiz.ts';
import { LIVE_TAKEOVER_AFTER_MS, startLiveQuizSweeper, type LiveQuizSweeper } from '../../commands/_lib/live-quiz-sweeper.ts';
import { leaderboard } from '../../src/tutor/leaderboard.ts';
import { cleanupTempDirs, T0, tempDir, user } from '../tutor/helpers.ts';

const IDS = ['gd-cost-scaling', 'gd-full-batch-needs-all'];
const SECONDS = 20;
const DEADLINE = T0 + SECONDS * 1000;
const HOUR_MS = 3_600_000;

let posts: { target: ChannelTarget; reply: Reply }[] = [];
const cleanups: (() => void)[] = [];
const sweepers: LiveQuizSweeper[] = [];

beforeAll(() => {
  getStore({ dataDir: tempDir() });
});
afterEach(async () => {
  await Promise.all(sweepers.splice(0).map((s) => s.stop()));
  cleanups.splice(0).forEach((undo) => undo());
  posts = [];
});
afterAll(async () => {
  await closeStore();
  cleanupTempDirs();
});

/** This process serves `platform`: its posts are recorded. */
function servePlatform(platform: string): void {
  cleanups.push(registerChannelPoster(platform, async (target, reply) => { posts.push({ target, reply }); }));
}

/** A sweeper whose clock reads `clock.nowMs` and which sweeps only when asked (the interval is an hour). */
function sweeperAt(clock: { nowMs: number }): LiveQuizSweeper {
  const sweeper = startLiveQuizSweeper({ intervalMs: HOUR_MS, now: () => clock.nowMs });
  sweepers.push(sweeper);
  return sweeper;
}

/** A live quiz in its own channel with one right answer in. */
async function runningQuiz(channelId: string, platform = 'test') {
  const lecturer = { ...user('prof', channelId), platform };
  const session = await startLiveQuiz(getStore(), getContent(), { lecturer, questions: 2, seconds: SECONDS, nowMs: T0, questionIds: IDS });
  const right = currentChoices(getContent(), session).shown.correctIndex;
  await answerLive(getStore(), getContent(), session.id, 0, { ...user('ann', channelId), platform }, right, T0 + 2_000);
  return session;
}

describe('live quiz sweeper', () => {
  it('a question overdue by more than the takeover margin → revealed, and its results posted once in the quiz channel', async () => {
    servePlatform('test');
    const session = await runningQuiz('room-overdue');
    const clock = { nowMs: DEADLINE + LIVE_TAKEOVER_AFTER_MS + 100 };
    const sweeper = sweeperAt(clock);
    expect(await sweeper.sweepOnce()).toBe(1);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.target).toEqual({ channelId: 'room-overdue', spaceId: 'space-1' });
    expect(posts[0]!.reply.text).toContain("Time's up!** Question 1/2: 1 answer");
    expect(posts[0]!.reply.text).toMatch(/ANN\*\* — \d+ pts \(1\/1 right\)/);
    expect((await getLiveSession(getStore(), session.id)).status).toBe('revealed');
    clock.nowMs += 5_000;
    expect(await sweeper.sweepOnce()).toBe(0);
    expect(posts).toHaveLength(1);
  });

  it('a deadline passed by less than the margin → left to the instance that posted the question', async () => {
    servePlatform('test');
    const session = await runningQuiz('room-margin');
    const sweeper = sweeperAt({ nowMs: DEADLINE + LIVE_TAKEOVER_AFTER_MS - 100 });
    expect(await sweeper.sweepOnce()).toBe(0);
    expect(posts).toHaveLength(0);
    expect((await getLiveSession(getStore(), session.id)).status).toBe('asking');
  });

  it('a quiz on a platform this process does not serve → untouched (an instance of that platform reveals it)', async () => {
    servePlatform('test');
    const session = await runningQuiz('room-elsewhere', 'discord');
    const sweeper = sweeperAt({ nowMs: DEADLINE + HOUR_MS });
    await sweeper.sweepOnce();
    expect(posts.filter((p) => p.target.channelId === 'room-elsewhere')).toHaveLength(0);
    expect((await getLiveSession(getStore(), session.id)).status).toBe('asking');
  });

  it('two instances sweeping the same overdue question at once → one reveal, one post, the points counted once', async () => {
    servePlatform('test');
    const session = await runningQuiz('room-race');
    const clock = { nowMs: DEADLINE + 10_000 };
    const [one, two] = [sweeperAt(clock), sweeperAt(clock)];
    await Promise.all([one.sweepOnce(), two.sweepOnce()]);
    expect(posts.filter((p) => p.target.channelId === 'room-race')).toHaveLength(1);
    expect((await getLiveSession(getStore(), session.id)).status).toBe('revealed');
    const board = await leaderboard(getStore(), { platform: 'test', scope: 'channel', channelId: 'room-race', period: 'all', nowMs: clock.nowMs });
    const [answer] = await getStore().live.answers(session.id, 0);
    expect(board.map((row) => [row.displayName, row.points])).toEqual([['ANN', answer!.points]]);
  });
});
