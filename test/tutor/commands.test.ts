/** /lesson, /quiz and /leaderboard through the real router, with a recording responder and a temp store. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dispatchCommand, dispatchComponent } from '../../src/chat/router.ts';
import type { Caller, CommandDef, Reply } from '../../src/chat/types.ts';
import { configureJobs } from '../../src/jobs/index.ts';
import { closeStore, getStore } from '../../src/store/index.ts';
import { getContent } from '../../src/tutor/content/load.ts';
import { correctAnswerText, findQuestion } from '../../src/tutor/answers.ts';
import { currentChoices, getLiveSession } from '../../src/tutor/live-quiz.ts';
import { presentPending } from '../../src/tutor/solo-quiz.ts';
import { cancelReveal, pendingRevealCount } from '../../src/tutor/live-timers.ts';
import lessonCommand, { stepButtons } from '../../commands/lesson.ts';
import { ownerTagOf } from '../../commands/_lib/lesson-owner.ts';
import quizCommand from '../../commands/quiz.ts';
import leaderboardCommand from '../../commands/leaderboard.ts';
import { FakeResponder } from '../chat/fake-responder.ts';
import { prepareSpec } from '../../commands/_lib/training.ts';
import { cleanupTempDirs, tempDir } from './helpers.ts';

const commands: CommandDef[] = [lessonCommand, quizCommand, leaderboardCommand];

function caller(userId: string, isLecturer = false): Caller {
  return { platform: 'test', userId, displayName: userId, channelId: 'lecture-hall', spaceId: 'uni', isLecturer };
}

async function command(name: string, options: Record<string, unknown>, who: Caller): Promise<FakeResponder> {
  const responder = new FakeResponder();
  await dispatchCommand({ command: name, options, caller: who, responder, commands });
  expect(responder.violations).toEqual([]);
  return responder;
}

async function click(id: string, who: Caller, values?: string[]): Promise<FakeResponder> {
  const responder = new FakeResponder();
  await dispatchComponent({ id, values, caller: who, responder, commands });
  expect(responder.violations).toEqual([]);
  return responder;
}

/** Every reply, edit and follow-up, in order. */
function replies(r: FakeResponder): Reply[] {
  return r.calls.flatMap((c) => ('reply' in c ? [c.reply] : []));
}

/** The shown position of the right answer to the caller's open question, checked against the choices the reply listed. */
async function shownRight(asked: Reply, who: Caller): Promise<number> {
  const { question, shown } = (await presentPending(getStore(), getContent(), who, Date.now()))!;
  expect((asked.data as { choices: string[] }).choices).toEqual(shown.choices);
  expect(shown.choices[shown.correctIndex]).toBe(correctAnswerText(question));
  return shown.correctIndex;
}

/** The position of the right answer as the class sees the open live question. */
const liveRight = async (sessionId: string) => currentChoices(getContent(), await getLiveSession(getStore(), sessionId)).shown.correctIndex;

const buttonIds = (reply: Reply | undefined) => (reply?.buttons ?? []).flat().map((b) => b.id);

let dataDir = '';

beforeAll(async () => {
  dataDir = tempDir();
  getStore({ dataDir });
  configureJobs({ mode: 'inline' });
});
afterAll(async () => { closeStore(); cleanupTempDirs(); });

describe('/lesson', () => {
  it('lists every lesson with the caller\'s progress and a select to open one', async () => {
    const r = await command('lesson', {}, caller('lia'));
    const data = r.final?.data as { lessons: { id: string; reached: number }[] };
    expect(data.lessons).toHaveLength(11);
    expect(data.lessons.every((l) => l.reached === 0)).toBe(true);
    expect(r.final?.selects?.[0].id).toBe('lesson:open');
  });

  it('every button id of every lesson step, with the longest owner tag, fits the 100-character limit', async () => {
    const longestOwner = ownerTagOf({ platform: 'local', userId: 'x'.repeat(32) });
    const hashedOwner = ownerTagOf({ platform: 'local', userId: 'y'.repeat(64) });
    expect(hashedOwner.length).toBeLessThan(longestOwner.length);
    for (const lesson of getContent().lessons) {
      for (const [i, step] of lesson.steps.entries()) {
        const view = { lesson, step, stepIndex: i, stepCount: lesson.steps.length, isFirst: i === 0, isLast: i === lesson.steps.length - 1, completed: false };
        const ids = stepButtons(view, longestOwner).flat().map((b) => b.id);
        expect(ids.length).toBeGreaterThan(0);
        for (const id of ids) expect(id.length, id).toBeLessThanOrEqual(100);
      }
    }
  });

  it('every experiment and chart spec in the content is accepted by the bot\'s training limits', () => {
    const specs = [
      ...getContent().lessons.flatMap((l) => l.steps.flatMap((s) => s.experiment?.runs.map((r) => r.spec) ?? [])),
      ...getContent().questions.flatMap((q) => (q.type === 'chart' && 'spec' in q.chart ? [q.chart.spec] : [])),
    ];
    expect(specs.length).toBeGreaterThan(30);
    for (const spec of specs) expect(() => prepareSpec(spec), JSON.stringify(spec)).not.toThrow();
  });

  it('exercise 1 runs from start to finish: questions, experiments with charts, Next to the end', async () => {
    const student = caller('sam');
    const lesson = getContent().lessons.find((l) => l.id === 'exercise-1')!;
    let view = (await command('lesson', { name: 'exercise-1' }, student)).final!;
    for (const [index, step] of lesson.steps.entries()) {
      expect(view.text).toContain(step.title);
      if (step.question) {
        const answered = (await click(`lesson:ans:exercise-1:${index}:${step.question.answer}`, student)).final!;
        expect(answered.text).toContain('Right!');
      }
      if (step.experiment) {
        const ran = await click(`lesson:run:exercise-1:${index}`, student);
        const result = ran.final!;
        expect(result.images?.length, step.title).toBeGreaterThan(0);
        if (step.experiment.show.some((k) => k !== 'dataset')) expect(result.text).toContain('accuracy');
        else expect(result.text).not.toContain('accuracy');
      }
      const next = buttonIds(view).find((id) => id.startsWith(`lesson:go:exercise-1:${index + 1}:`) || id.startsWith('lesson:done:'))!;
      view = (await click(next, student)).final!;
    }
    expect(view.text).toContain('You finished');
    const list = (await command('lesson', {}, student)).final!.data as { lessons: { id: string; completed: boolean }[] };
    expect(list.lessons.find((l) => l.id === 'exercise-1')?.completed).toBe(true);
  });

  it('opening a lesson again resumes at the saved step', async () => {
    const student = caller('ria');
    await command('lesson', { name: 'overfitting' }, student);
    await click('lesson:go:overfitting:2', student);
    const resumed = (await command('lesson', { name: 'overfitting' }, student)).final!;
    expect(resumed.text).toContain('resuming at step 3');
  });
});

describe('/quiz solo', () => {
  it('asks a question privately, judges the button, explains and offers the next one', async () => {
    const student = caller('quinn');
    const asked = (await command('quiz', { topic: 'regularisation' }, student)).final!;
    expect(asked.ephemeral).toBe(true);
    const questionId = (asked.data as { questionId: string }).questionId;
    const question = findQuestion(getContent().questions, questionId)!;
    const right = await shownRight(asked, student);
    const answered = (await click(`quiz:a:${questionId}:${right}`, student)).final!;
    expect(answered.text).toContain('Right!');
    expect(answered.text).toContain(question.explanation);
    expect(buttonIds(answered)).toContain('quiz:next:regularisation');
    // the same button again is refused, privately
    const again = (await click(`quiz:a:${questionId}:${right}`, student)).final!;
    expect(again.ephemeral).toBe(true);
    expect(again.text).toMatch(/already answered/);
  });

  it('a "read the chart" question comes with its picture, whose alt text does not give the answer away', async () => {
    const student = caller('cora');
    // new questions are picked at random across the lessons reached; answer until a chart comes up
    for (let i = 0; i < 80; i++) {
      const asked = (await command('quiz', { topic: 'activations' }, student)).final!;
      const { questionId, type } = asked.data as { questionId: string; type: string };
      if (type === 'chart') {
        expect(asked.images?.length).toBe(1);
        expect(asked.images![0].data.length).toBeGreaterThan(1000);
        expect(asked.images![0].alt.toLowerCase()).not.toContain('sigmoid');
        expect(asked.images![0].name.toLowerCase()).not.toContain('sigmoid');
        return;
      }
      await click(`quiz:a:${questionId}:${await shownRight(asked, student)}`, student);
    }
    throw new Error('no chart question was asked');
  });

  it('a numeric answer can be typed with answer:<number>', async () => {
    const student = caller('nina');
    for (let i = 0; i < 40; i++) {
      const asked = (await command('quiz', { topic: 'gradient-descent' }, student)).final!;
      const { question } = (await presentPending(getStore(), getContent(), student, Date.now()))!;
      if (question.type !== 'numeric') {
        await click(`quiz:a:${question.id}:${await shownRight(asked, student)}`, student);
        continue;
      }
      const typed = (await command('quiz', { answer: question.answer }, student)).final!;
      expect(typed.text).toContain('Right!');
      return;
    }
    throw new Error('no numeric question was asked');
  });

  it('stats show the answered section and the streak', async () => {
    const stats = (await command('quiz', { mode: 'stats' }, caller('quinn'))).final!;
    expect(stats.text).toMatch(/\*\*Regularisation\*\*: 1\/\d+ seen · 100% right/);
    expect(stats.text).toMatch(/Streak: \*\*1\*\* day/);
  });
});

describe('/quiz live and /leaderboard', () => {
  it('a student cannot start a live quiz', async () => {
    const r = await command('quiz', { mode: 'live' }, caller('eve'));
    expect(r.final?.ephemeral).toBe(true);
    expect(r.final?.text).toMatch(/Only lecturers/);
  });

  it('a lecturer runs a live quiz: students answer once, reveal shows the distribution, podium at the end', async () => {
    const prof = caller('prof', true);
    const start = await command('quiz', { mode: 'live', questions: 2, seconds: 60 }, prof);
    const posted = replies(start).find((r) => (r.data as { liveSession?: string } | undefined)?.liveSession)!;
    const { liveSession, questionId } = posted.data as { liveSession: string; questionId: string };
    const right = await liveRight(liveSession);
    const wrong = (right + 1) % 2;

    expect((await click(`quiz:la:${liveSession}:0:${right}`, caller('ann'))).final?.text).toMatch(/locked in/);
    expect((await click(`quiz:la:${liveSession}:0:${wrong}`, caller('bob'))).final?.text).toMatch(/locked in/);
    expect((await click(`quiz:la:${liveSession}:0:${right}`, caller('ann'))).final?.text).toMatch(/already answered/);
    // students cannot press the lecturer's buttons
    expect((await click(`quiz:lc:${liveSession}:skip`, caller('bob'))).final?.text).toMatch(/Only lecturers/);

    const reveal = (await click(`quiz:lc:${liveSession}:skip`, prof)).final!;
    const revealData = reveal.data as { distribution: number[]; correctIndex: number; totals: { displayName: string; points: number }[] };
    expect(revealData.correctIndex).toBe(right);
    expect(revealData.distribution[right]).toBe(1);
    expect(revealData.distribution[wrong]).toBe(1);
    expect(revealData.totals[0].displayName).toBe('ann');
    expect(revealData.totals[0].points).toBeGreaterThanOrEqual(500);
    expect((await click(`quiz:la:${liveSession}:0:${right}`, caller('cy'))).final?.text).toMatch(/Too late/);

    await click(`quiz:lc:${liveSession}:next`, prof);
    const ended = await click(`quiz:lc:${liveSession}:end`, prof);
    // ending while question 2 is open shows its answer first, then the podium
    expect(ended.final?.text).toMatch(/Question 2\/2/);
    const podium = replies(ended).at(-1)!;
    expect(podium.text).toMatch(/🥇 \*\*ann\*\*/);
    expect(pendingRevealCount()).toBe(0);

    const board = (await command('leaderboard', { period: 'week' }, caller('bob'))).final!;
    expect(board.text).toMatch(/ann/);
  });

  it('when the time is up the timer reveals the answer in the channel by itself', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const prof = caller('prof2', true);
      const room = { ...prof, channelId: 'room-timer' };
      const start = await command('quiz', { mode: 'live', questions: 1, seconds: 5 }, room);
      const posted = replies(start).find((r) => (r.data as { liveSession?: string } | undefined)?.liveSession)!;
      const { liveSession } = posted.data as { liveSession: string };
      await click(`quiz:la:${liveSession}:0:0`, { ...caller('tim'), channelId: 'room-timer' });
      expect(pendingRevealCount()).toBe(1);
      await vi.advanceTimersByTimeAsync(6_000);
      // on Postgres the reveal's queries are network round trips that outlast the fake clock's step
      await vi.waitFor(() => expect(replies(start).find((r) => r.text?.includes("Time's up"))?.text).toContain('1 answer'));
      expect(pendingRevealCount()).toBe(0);
      await click(`quiz:lc:${liveSession}:end`, room);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a restart mid-quiz (timers lost, database closed and reopened) keeps the answers; the first late click reveals', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const room = { ...caller('prof3', true), channelId: 'room-restart' };
      const inRoom = (id: string) => ({ ...caller(id), channelId: 'room-restart' });
      const start = await command('quiz', { mode: 'live', questions: 2, seconds: 10 }, room);
      const posted = replies(start).find((r) => (r.data as { liveSession?: string } | undefined)?.liveSession)!;
      const { liveSession, questionId } = posted.data as { liveSession: string; questionId: string };
      const right = await liveRight(liveSession);
      await click(`quiz:la:${liveSession}:0:${right}`, inRoom('ada'));

      // the process dies: its timers go, the database is closed; a new process opens it again
      cancelReveal(liveSession);
      closeStore();
      getStore({ dataDir });
      vi.setSystemTime(Date.now() + 11_000);

      const late = await click(`quiz:la:${liveSession}:0:${right}`, inRoom('bea'));
      expect(late.final?.text).toMatch(/Too late/);
      const reveal = replies(late).find((r) => r.text?.includes("Time's up"))!;
      expect((reveal.data as { totals: { displayName: string }[] }).totals.map((t) => t.displayName)).toEqual(['ada']);

      const next = await click(`quiz:lc:${liveSession}:next`, room);
      expect(replies(next).some((r) => (r.data as { questionIndex?: number } | undefined)?.questionIndex === 1)).toBe(true);
      await click(`quiz:lc:${liveSession}:end`, room);
      expect(pendingRevealCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a user who opts out disappears from the leaderboard and can come back', async () => {
    await command('leaderboard', { 'hide-me': true }, caller('ann'));
    expect((await command('leaderboard', { period: 'all' }, caller('bob'))).final!.text).not.toMatch(/\*\*ann\*\*/);
    await command('leaderboard', { 'hide-me': false }, caller('ann'));
    expect((await command('leaderboard', { period: 'all' }, caller('bob'))).final!.text).toMatch(/\*\*ann\*\*/);
  });
});
