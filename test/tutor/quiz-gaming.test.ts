/**
 * The quiz cannot be gamed: a student who always presses the first button, or always picks the
 * longest option, scores no better than honest guessing (≤ 35 % over 200 answers) against the
 * bank as shipped, through the same pick–show–judge path as /quiz.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LESSONS_DIR, loadContent } from '../../src/tutor/content/load.ts';
import { answerSoloQuestion, askNextQuestion } from '../../src/tutor/solo-quiz.ts';
import { showChoices, soloSeed } from '../../src/tutor/quiz-order.ts';
import { cleanupTempDirs, T0, tempStore, user } from './helpers.ts';

afterEach(cleanupTempDirs);

const content = loadContent(DEFAULT_LESSONS_DIR);
const SECONDS_BETWEEN_ANSWERS = 30;

type Strategy = (choices: string[]) => number;
const firstButton: Strategy = () => 0;
/** The longest choice text (the first of equals, as a student scanning top-down would). */
const longestOption: Strategy = (choices) => choices.reduce((best, c, i) => (c.length > choices[best].length ? i : best), 0);

/** Plays `answers` solo answers with a strategy, 30 s apart (a wrong answer comes back when FSRS says, ~1 min later); returns the share right. */
async function play(strategy: Strategy, studentId: string, answers: number): Promise<{ share: number; asked: Set<string> }> {
  const { store } = tempStore();
  const student = user(studentId);
  let right = 0;
  const asked = new Set<string>();
  for (let i = 0; i < answers; i++) {
    const now = T0 + i * SECONDS_BETWEEN_ANSWERS * 1000;
    const { next } = await askNextQuestion(store, content, student, now);
    if (!next) throw new Error(`nothing to ask after ${i} answers`);
    asked.add(next.question.id);
    const result = await answerSoloQuestion(store, content, student, next.question.id, { choice: strategy(next.shown.choices) }, now);
    if (result.isCorrect) right++;
  }
  await store.close();
  return { share: right / answers, asked };
}

// on the store under test: in the Postgres run the 1,200 answers' cards and due times make the round trip through Postgres (~30 s there)
describe('gaming the quiz', () => {
  it('always pressing the first button scores within honest guessing (≤ 35 % over 200 answers)', async () => {
    for (const id of ['first-a', 'first-b', 'first-c']) {
      const { share, asked } = await play(firstButton, id, 200);
      expect(share, `${id}: ${Math.round(share * 100)} % right`).toBeLessThanOrEqual(0.35);
      // the student meets a good part of the bank, not one card over and over
      expect(asked.size).toBeGreaterThan(50);
    }
  });

  it('always picking the longest option scores within honest guessing (≤ 35 % over 200 answers)', async () => {
    for (const id of ['long-a', 'long-b', 'long-c']) {
      const { share, asked } = await play(longestOption, id, 200);
      expect(asked.size).toBeGreaterThan(50);
      expect(share, `${id}: ${Math.round(share * 100)} % right`).toBeLessThanOrEqual(0.35);
    }
  });

  it('the right answer\'s shown position is near uniform over the multiple-choice bank (each of A–D 15–35 %)', () => {
    const counts = [0, 0, 0, 0, 0];
    let total = 0;
    for (const q of content.questions) {
      if (q.type !== 'single' && q.type !== 'chart') continue;
      for (let reviews = 0; reviews < 20; reviews++) {
        counts[showChoices(q, soloSeed('test:histogram', q.id, reviews)).correctIndex]++;
        total++;
      }
    }
    for (const n of counts.slice(0, 4)) expect(n / total).toBeGreaterThan(0.15);
    for (const n of counts.slice(0, 4)) expect(n / total).toBeLessThan(0.35);
  });

  it('true/false answers are balanced (40–60 % True) and the right numeric button is not mostly the first', async () => {
    const tf = content.questions.filter((q) => q.type === 'truefalse');
    const trueShare = tf.filter((q) => q.type === 'truefalse' && q.answer).length / tf.length;
    expect(trueShare).toBeGreaterThanOrEqual(0.4);
    expect(trueShare).toBeLessThanOrEqual(0.6);
    const numeric = content.questions.filter((q) => q.type === 'numeric');
    const firstRight = numeric.filter((q) => showChoices(q, 'any').correctIndex === 0).length;
    expect(firstRight / numeric.length).toBeLessThan(0.35);
  });
});
