import { afterEach, describe, expect, it } from 'vitest';
import { createEmptyCard, fsrs, generatorParameters, Rating } from 'ts-fsrs';
import { DEFAULT_LESSONS_DIR, loadContent } from '../../src/tutor/content/load.ts';
import { answerSoloQuestion, askNextQuestion, dailyStreak, pickNextQuestion, quizStats, SOLO_POINTS } from '../../src/tutor/solo-quiz.ts';
import { correctAnswerText } from '../../src/tutor/answers.ts';
import { TutorError } from '../../src/tutor/errors.ts';
import { createStore } from '../../src/store/index.ts';
import { cleanupTempDirs, T0, tempStore, user } from './helpers.ts';

afterEach(cleanupTempDirs);

const content = loadContent(DEFAULT_LESSONS_DIR);
const MINUTE = 60_000;
const DAY = 86_400_000;
const alice = user('alice');

/** Ask the next question in a topic and answer it right or wrong at nowMs. */
async function answerNext(store: ReturnType<typeof tempStore>['store'], nowMs: number, isRight: boolean, topic?: string) {
  const { next } = await askNextQuestion(store, content, alice, nowMs, topic);
  if (!next) throw new Error('nothing to ask');
  // the button positions follow the order this student was shown, not the bank's
  const right = next.shown.correctIndex;
  return await answerSoloQuestion(store, content, alice, next.question.id, { choice: isRight ? right : (right + 1) % 2 }, nowMs);
}

describe('solo quiz with FSRS', () => {
  it('a new user with no lesson progress starts on the first lesson', async () => {
    const { store } = tempStore();
    const { next } = await askNextQuestion(store, content, alice, T0);
    expect(next?.reason).toBe('new');
    expect(next?.question.lesson).toBe('gradient-descent');
  });

  it('a new student whose course is on a later lesson starts there, picking across the lessons reached, not in bank order', async () => {
    const { store } = tempStore();
    const lessons = new Set<string>();
    const firstIds: string[] = [];
    for (let i = 0; i < 12; i++) {
      const student = user(`late-${i}`);
      await store.progress.save({ userKey: `test:late-${i}`, lessonId: 'regularisation', stepIndex: 0, completed: false, answers: {}, updatedAt: T0 - MINUTE });
      const { next } = await askNextQuestion(store, content, student, T0);
      const order = content.lessons.findIndex((l) => l.id === next!.question.lesson);
      expect(order, next!.question.id).toBeLessThanOrEqual(content.lessons.findIndex((l) => l.id === 'regularisation'));
      lessons.add(next!.question.lesson);
      firstIds.push(next!.question.id);
    }
    // weighted towards the course's lesson, but not one fixed first question for everybody
    expect(lessons.has('regularisation')).toBe(true);
    expect(new Set(firstIds).size).toBeGreaterThan(3);
  });

  it('/quiz topic: still narrows to that lesson', async () => {
    const { store } = tempStore();
    for (let i = 0; i < 5; i++) expect((await answerNext(store, T0 + i * MINUTE, true, 'deep-architectures')).question.lesson).toBe('deep-architectures');
  });

  it('/quiz while a question is open asks that question again, even when the scheduler would now pick another', async () => {
    const { store } = tempStore();
    await askNextQuestion(store, content, alice, T0, 'regularisation');
    const wouldPick = (await pickNextQuestion(store, content, 'test:alice', T0, 'regularisation')).next!.question.id;
    const open = content.questions.find((q) => q.lesson === 'regularisation' && q.id !== wouldPick)!;
    await store.answers.setPending({ userKey: 'test:alice', questionId: open.id, topic: 'regularisation', askedAt: T0 });
    expect((await askNextQuestion(store, content, alice, T0 + MINUTE, 'regularisation')).next!.question.id).toBe(open.id);
    // another topic is another question
    expect((await askNextQuestion(store, content, alice, T0 + MINUTE, 'overfitting')).next!.question.lesson).toBe('overfitting');
  });

  it('asking again while a question is open shows the same question in the same order, judged in that order', async () => {
    const { store } = tempStore();
    // an earlier card falls due in the meantime; the open question is still the one asked again
    await answerNext(store, T0 - DAY, false, 'regularisation');
    const first = (await askNextQuestion(store, content, alice, T0 - DAY + 1000, 'regularisation')).next!;
    const again = (await askNextQuestion(store, content, alice, T0 + MINUTE, 'regularisation')).next!;
    expect(again.question.id).toBe(first.question.id);
    expect(again.shown).toEqual(first.shown);
    expect(first.shown.choices[first.shown.correctIndex]).toBe(correctAnswerText(first.question));
    const wrong = (first.shown.correctIndex + 1) % first.shown.choices.length;
    expect((await answerSoloQuestion(store, content, alice, first.question.id, { choice: wrong }, T0 + MINUTE)).isCorrect).toBe(false);
  });

  it('due dates after a right and a wrong answer are exactly what ts-fsrs schedules', async () => {
    const { store } = tempStore();
    const f = fsrs(generatorParameters({ enable_fuzz: false }));
    const first = await answerNext(store, T0, true, 'activations');
    const expectedGood = f.next(createEmptyCard(new Date(T0)), new Date(T0), Rating.Good).card;
    expect(first.nextDueMs).toBe(expectedGood.due.getTime());

    const second = await answerNext(store, T0 + MINUTE, false, 'activations');
    const expectedAgain = f.next(createEmptyCard(new Date(T0 + MINUTE)), new Date(T0 + MINUTE), Rating.Again).card;
    expect(second.nextDueMs).toBe(expectedAgain.due.getTime());
    // a wrong answer comes back sooner than a right one
    expect(second.nextDueMs - (T0 + MINUTE)).toBeLessThan(first.nextDueMs - T0);
  });

  it('answering a due card again moves its due date as ts-fsrs says, and the card is stored', async () => {
    const { store } = tempStore();
    const f = fsrs(generatorParameters({ enable_fuzz: false }));
    const first = await answerNext(store, T0, true, 'overfitting');
    const id = first.question.id;
    // come back after the card is due: it is asked first, as 'due'
    const later = first.nextDueMs + MINUTE;
    // reviews come first, with a share of new cards mixed in: answer any new ones until the due card is asked
    let next = (await askNextQuestion(store, content, alice, later, 'overfitting')).next;
    for (let i = 0; i < 10 && next?.question.id !== id; i++) {
      expect(next?.reason).toBe('new');
      await answerSoloQuestion(store, content, alice, next!.question.id, { choice: next!.shown.correctIndex }, later);
      next = (await askNextQuestion(store, content, alice, later, 'overfitting')).next;
    }
    expect(next).toMatchObject({ reason: 'due', question: { id } });
    const second = await answerSoloQuestion(store, content, alice, id, { choice: next!.shown.correctIndex }, later);

    let card = f.next(createEmptyCard(new Date(T0)), new Date(T0), Rating.Good).card;
    card = f.next(card, new Date(later), Rating.Good).card;
    expect(second.nextDueMs).toBe(card.due.getTime());
    const stored = (await store.cards.get('test:alice', id))!;
    expect(stored.reps).toBe(2);
    expect(stored.due).toBe(card.due.getTime());
    expect((await store.cards.logs('test:alice', id)).map((l) => l.rating)).toEqual([Rating.Good, Rating.Good]);
  });

  it('a second click on the same question is refused and not counted twice', async () => {
    const { store } = tempStore();
    const result = await answerNext(store, T0, true);
    await expect(answerSoloQuestion(store, content, alice, result.question.id, { choice: 0 }, T0 + 1000)).rejects.toThrow(TutorError);
    expect(await store.answers.list('test:alice')).toHaveLength(1);
  });

  it('a typed number within the tolerance answers a numeric question', async () => {
    const { store } = tempStore();
    await askNextQuestion(store, content, alice, T0, 'gradient-descent');
    await store.answers.setPending({ userKey: 'test:alice', questionId: 'gd-cost-2000-points', topic: null, askedAt: T0 });
    const result = await answerSoloQuestion(store, content, alice, 'gd-cost-2000-points', { value: 9_300_000 }, T0);
    expect(result.isCorrect).toBe(true);
  });

  it('a right solo answer adds points to the leaderboard and a wrong one does not', async () => {
    const { store } = tempStore();
    await answerNext(store, T0, true);
    await answerNext(store, T0 + MINUTE, false);
    const rows = await store.scores.leaderboard({ platform: 'test', channelId: 'room-1', limit: 10 });
    expect(rows).toEqual([{ userKey: 'test:alice', displayName: 'ALICE', points: SOLO_POINTS }]);
  });

  it('an unknown topic is a user error listing the topics', async () => {
    const { store } = tempStore();
    await expect(askNextQuestion(store, content, alice, T0, 'astrology')).rejects.toThrow(/Topics: gradient-descent/);
  });

  it('stats count answers per lesson, the run of right answers and the daily streak', async () => {
    const { store } = tempStore();
    await answerNext(store, T0 - 2 * DAY, true, 'optimisers');
    await answerNext(store, T0 - DAY, false, 'optimisers');
    await answerNext(store, T0, true, 'optimisers');
    await answerNext(store, T0 + MINUTE, true, 'optimisers');
    const stats = await quizStats(store, content, 'test:alice', T0 + 2 * MINUTE);
    const optimisers = stats.sections.find((s) => s.lessonId === 'optimisers')!;
    expect(optimisers).toMatchObject({ answers: 4, correct: 3 });
    expect(stats.streakDays).toBe(3);
    expect(stats.correctRun).toBe(2);
  });

  it('the streak survives until the end of the next day and breaks after a missed day', async () => {
    expect(dailyStreak([T0], T0 + DAY)).toBe(1);
    expect(dailyStreak([T0], T0 + 2 * DAY)).toBe(0);
    expect(dailyStreak([T0 - DAY, T0], T0)).toBe(2);
  });

  it('the pending question and FSRS cards survive closing and reopening the database', async () => {
    const { store, dataDir } = tempStore();
    const first = await answerNext(store, T0, true);
    const { next } = await askNextQuestion(store, content, alice, T0 + MINUTE);
    store.close();
    const reopened = createStore({ dataDir });
    expect((await reopened.cards.get('test:alice', first.question.id))?.due).toBe(first.nextDueMs);
    expect((await reopened.answers.getPending('test:alice'))?.questionId).toBe(next!.question.id);
    const result = await answerSoloQuestion(reopened, content, alice, next!.question.id, { choice: next!.shown.correctIndex }, T0 + 2 * MINUTE);
    expect(result.isCorrect).toBe(true);
    reopened.close();
  });
});
