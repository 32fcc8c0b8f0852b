/** Generated questions: fresh numbers from a seed, answers computed by the engine, pictures from real runs, scheduled by FSRS like cards. */
import { afterEach, describe, expect, it } from 'vitest';
import { trainSync } from '../../src/engine/train.ts';
import { isCorrectValue, choicesOf, correctAnswerText } from '../../src/tutor/answers.ts';
import { DEFAULT_LESSONS_DIR, loadContent } from '../../src/tutor/content/load.ts';
import { quizQuestionSchema } from '../../src/tutor/content/schema.ts';
import { recompute } from '../../src/tutor/content/recompute.ts';
import { LIVE_TEXT_LIMITS, numericRoundingProblem } from '../../src/tutor/content/quiz-lint.ts';
import { GENERATORS, instantiate } from '../../src/tutor/generators/index.ts';
import { BOUNDARY_ACTIVATIONS, BOUNDARY_HIDDEN, boundarySpec, FIT_REGIMES, PICTURE_SEEDS, type FitRegime } from '../../src/tutor/generators/pictures.ts';
import { showChoices } from '../../src/tutor/quiz-order.ts';
import { answerSoloQuestion, askNextQuestion, presentPending } from '../../src/tutor/solo-quiz.ts';
import { cleanupTempDirs, T0, tempStore, user } from './helpers.ts';

afterEach(cleanupTempDirs);

const content = loadContent(DEFAULT_LESSONS_DIR);
const SEEDS = Array.from({ length: 60 }, (_, i) => `test-seed-${i}`);

describe('question generators', () => {
  it('there are at least 10, each with a lesson of the course, a difficulty and a gen- id', () => {
    expect(GENERATORS.length).toBeGreaterThanOrEqual(10);
    const lessons = new Set(content.lessons.map((l) => l.id));
    for (const g of GENERATORS) {
      expect(lessons.has(g.lesson), g.id).toBe(true);
      expect(['easy', 'medium', 'hard']).toContain(g.difficulty);
      expect(g.id).toMatch(/^gen-/);
      expect(content.questions.some((q) => q.id === g.id), `${g.id} clashes with a fixed question`).toBe(false);
    }
    expect(GENERATORS.filter((g) => g.hasPicture).length).toBeGreaterThanOrEqual(2);
  });

  it.each(GENERATORS.map((g) => [g.id, g] as const))('%s: every instance is a valid question, fits a live quiz, and the same seed makes the same one', (_id, generator) => {
    const prompts = new Set<string>();
    const rightPositions = new Set<number>();
    for (const seed of SEEDS) {
      const q = instantiate(generator, seed);
      const { file: _file, ...plain } = q;
      expect(quizQuestionSchema.safeParse(plain).success, JSON.stringify(plain)).toBe(true);
      expect(instantiate(generator, seed)).toEqual(q);
      expect(q.prompt.length, q.prompt).toBeLessThanOrEqual(LIVE_TEXT_LIMITS.promptChars);
      for (const c of choicesOf(q)) expect(c.length, c).toBeLessThanOrEqual(LIVE_TEXT_LIMITS.choiceChars);
      expect(choicesOf(q).length, 'at least three wrong choices').toBeGreaterThanOrEqual(4);
      expect(new Set(choicesOf(q)).size, 'no repeated choice').toBe(choicesOf(q).length);
      prompts.add(q.prompt + (q.type === 'chart' ? JSON.stringify(q.chart) : ''));
      rightPositions.add(showChoices(q, seed).correctIndex);
      if (q.type === 'numeric') {
        expect(numericRoundingProblem(q), q.prompt).toBeUndefined();
        // the answer is computed: the engine recomputes it from the check, and no distractor is accepted
        if (q.check) expect(isCorrectValue(q, recompute(q.check)), q.prompt).toBe(true);
        for (const d of q.distractors) expect(isCorrectValue(q, d), `${q.prompt} distractor ${d}`).toBe(false);
      }
    }
    expect(prompts.size, 'instances differ from seed to seed').toBeGreaterThanOrEqual(8);
    expect(rightPositions.size, 'the right button is not always in the same place').toBeGreaterThanOrEqual(3);
  });

  it('FSRS schedules a generator like a card, and the next time it is due it shows a new instance', () => {
    const { store } = tempStore();
    const student = user('gen-student');
    let first: ReturnType<typeof presentPending>;
    // answer until a generator card comes up (new cards are picked at random across the lesson)
    for (let i = 0; i < 60 && !first; i++) {
      const { next } = askNextQuestion(store, content, student, T0 + i * 1000, 'activations');
      if (next!.question.id.startsWith('gen-')) first = { question: next!.question, shown: next!.shown };
      else answerSoloQuestion(store, content, student, next!.question.id, { choice: next!.shown.correctIndex }, T0 + i * 1000);
    }
    expect(first, 'a generator card was asked').toBeDefined();
    const id = first!.question.id;
    const result = answerSoloQuestion(store, content, student, id, { choice: first!.shown.correctIndex }, T0 + 100_000);
    expect(result.isCorrect).toBe(true);
    const card = store.cards.get('test:gen-student', id)!;
    expect(card.reps).toBe(1);
    // due again later: a fresh instance of the same card
    store.answers.setPending({ userKey: 'test:gen-student', questionId: id, topic: null, askedAt: card.due });
    const again = presentPending(store, content, student, card.due)!;
    expect(again.question.id).toBe(id);
    expect(again.question.prompt + JSON.stringify(choicesOf(again.question))).not.toBe(first!.question.prompt + JSON.stringify(choicesOf(first!.question)));
    expect(again.shown.choices[again.shown.correctIndex]).toBe(correctAnswerText(again.question));
  });
});

/** Mean and spread of a run's final training loss are what a student reads off the chart. */
describe('picture generators: every run they can pick shows what the answer says', () => {
  it('"which activation drew this boundary": ReLU and tanh runs learn a closed boundary around the disc (≥ 90 % test accuracy), identity cannot (≤ 70 %)', () => {
    for (const seed of PICTURE_SEEDS) {
      for (const hidden of BOUNDARY_HIDDEN) {
        for (const activation of Object.keys(BOUNDARY_ACTIVATIONS) as (keyof typeof BOUNDARY_ACTIVATIONS)[]) {
          const { final } = trainSync(boundarySpec(activation, hidden, seed));
          const where = `${activation} ${hidden} seed ${seed}: test accuracy ${final.testAccuracy}`;
          if (activation === 'identity') expect(final.testAccuracy!, where).toBeLessThanOrEqual(0.7);
          else expect(final.testAccuracy!, where).toBeGreaterThanOrEqual(0.9);
        }
      }
    }
  });

  it('"over- or under-fitting": each recipe produces its regime on every seed, judged from the run\'s numbers', () => {
    for (const seed of PICTURE_SEEDS) {
      for (const regime of Object.keys(FIT_REGIMES) as FitRegime[]) {
        const { history } = trainSync(FIT_REGIMES[regime].spec(seed));
        const train = history.map((h) => h.trainLoss);
        const val = history.map((h) => h.valLoss!);
        const minVal = Math.min(...val);
        const end = history.length - 1;
        const where = `${regime} seed ${seed}: train ${train[0].toFixed(3)}→${train[end].toFixed(3)}, val min ${minVal.toFixed(3)} end ${val[end].toFixed(3)}`;
        if (regime === 'overfitting') {
          // validation ends well above its minimum while training keeps falling
          expect(val[end], where).toBeGreaterThan(1.5 * minVal);
          expect(train[end], where).toBeLessThan(0.5 * train[0]);
        } else if (regime === 'underfitting') {
          // both stay near chance (ln 2 ≈ 0.69 for cross-entropy on two balanced classes)
          expect(train[end], where).toBeGreaterThan(0.6);
          expect(val[end], where).toBeGreaterThan(0.6);
        } else {
          expect(train[end], where).toBeLessThan(0.25);
          expect(val[end], where).toBeLessThan(0.3);
          expect(val[end], where).toBeLessThan(1.3 * minVal + 0.02);
        }
      }
    }
  });
});
