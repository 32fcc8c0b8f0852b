/** Generated questions: fresh numbers from a seed, answers computed by the engine, pictures from real runs, scheduled by FSRS like cards. */
import { afterEach, describe, expect, it } from 'vitest';
import { trainSync } from '../../src/engine/train.ts';
import { isCorrectValue, choicesOf, correctAnswerText } from '../../src/tutor/answers.ts';
import { DEFAULT_LESSONS_DIR, loadContent } from '../../src/tutor/content/load.ts';
import { quizQuestionSchema } from '../../src/tutor/content/schema.ts';
import { recompute } from '../../src/tutor/content/recompute.ts';
import { LIVE_TEXT_LIMITS, numericRoundingProblem } from '../../src/tutor/content/quiz-lint.ts';
import { GENERATORS, instantiate } from '../../src/tutor/generators/index.ts';
import { BOUNDARY_ACTIVATIONS, BOUNDARY_HIDDEN, boundarySpec, FIT_REGIMES, PATH_OPTIMIZERS, PATH_STEPS, PICTURE_SEEDS, type FitRegime, type PathOptimizer } from '../../src/tutor/generators/pictures.ts';
import { runOptimizerPath } from '../../src/engine/surfaces.ts';
import { runTask } from '../../src/jobs/tasks.ts';
import { quizChartTask } from '../../commands/_lib/quiz-charts.ts';
import { captureDrawnText, namesFoundIn } from '../render/drawn-text.ts';
import { showChoices } from '../../src/tutor/quiz-order.ts';
import { answerSoloQuestion, askNextQuestion, presentPending } from '../../src/tutor/solo-quiz.ts';
import { cleanupTempDirs, T0, tempStore, user } from './helpers.ts';

afterEach(cleanupTempDirs);

const content = loadContent(DEFAULT_LESSONS_DIR);
const SEEDS = Array.from({ length: 60 }, (_, i) => `test-seed-${i}`);

describe('question generators', () => {
  it('there are at least 10, each with a lesson of the course, a difficulty and a gen- id', async () => {
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

  it('FSRS schedules a generator like a card, and the next time it is due it shows a new instance', async () => {
    const { store } = tempStore();
    const student = user('gen-student');
    let first: Awaited<ReturnType<typeof presentPending>>;
    // answer until a generator card comes up (new cards are picked at random across the lesson)
    for (let i = 0; i < 60 && !first; i++) {
      const { next } = await askNextQuestion(store, content, student, T0 + i * 1000, 'activations');
      if (next!.question.id.startsWith('gen-')) first = { question: next!.question, shown: next!.shown };
      else await answerSoloQuestion(store, content, student, next!.question.id, { choice: next!.shown.correctIndex }, T0 + i * 1000);
    }
    expect(first, 'a generator card was asked').toBeDefined();
    const id = first!.question.id;
    const result = await answerSoloQuestion(store, content, student, id, { choice: first!.shown.correctIndex }, T0 + 100_000);
    expect(result.isCorrect).toBe(true);
    const card = (await store.cards.get('test:gen-student', id))!;
    expect(card.reps).toBe(1);
    // due again later: a fresh instance of the same card
    await store.answers.setPending({ userKey: 'test:gen-student', questionId: id, topic: null, askedAt: card.due });
    const again = (await presentPending(store, content, student, card.due))!;
    expect(again.question.id).toBe(id);
    expect(again.question.prompt + JSON.stringify(choicesOf(again.question))).not.toBe(first!.question.prompt + JSON.stringify(choicesOf(first!.question)));
    expect(again.shown.choices[again.shown.correctIndex]).toBe(correctAnswerText(again.question));
  });
});

/** Mean and spread of a run's final training loss are what a student reads off the chart. */
describe('picture generators: every run they can pick shows what the answer says', () => {
  it('"which activation drew this boundary": ReLU and tanh runs learn a closed boundary around the disc (≥ 90 % test accuracy), identity cannot (≤ 70 %)', async () => {
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

  it('"which optimiser drew this path": GD zig-zags across the ravine, momentum overshoots the minimum, AdaGrad does neither', async () => {
    for (const optimizer of Object.keys(PATH_OPTIMIZERS) as PathOptimizer[]) {
      for (const learningRate of PATH_OPTIMIZERS[optimizer].learningRates) {
        for (const steps of PATH_STEPS) {
          const path = runOptimizerPath('ravine', optimizer, { learningRate, steps });
          const xs = Array.from({ length: path.values.length }, (_, i) => path.points[2 * i]);
          const ys = Array.from({ length: path.values.length }, (_, i) => path.points[2 * i + 1]);
          // y crosses the ravine's floor (y = 0) each time the path zig-zags; x > 0 means past the minimum (start at x = −7)
          const crossings = ys.slice(1).filter((y, i) => Math.sign(y) !== Math.sign(ys[i]) && Math.abs(y) > 0.01).length;
          const overshoot = Math.max(...xs);
          const where = `${optimizer} lr ${learningRate} ${steps} steps: ${crossings} crossings, max x ${overshoot.toFixed(2)}`;
          expect(path.stopReason, where).toBe('steps');
          if (optimizer === 'sgd') {
            expect(crossings, where).toBeGreaterThanOrEqual(10);
            expect(overshoot, where).toBeLessThanOrEqual(0.05);
          }
          if (optimizer === 'momentum') {
            expect(overshoot, where).toBeGreaterThan(0.3);
            expect(crossings, where).toBeLessThanOrEqual(8);
          }
          if (optimizer === 'adagrad') {
            expect(crossings, where).toBeLessThanOrEqual(1);
            expect(overshoot, where).toBeLessThanOrEqual(0);
          }
        }
      }
    }
  });

  it.each(GENERATORS.filter((g) => g.hasPicture).map((g) => [g.id, g] as const))('%s: the picture is drawn through the quiz chart job with no choice written on it', async (_id, generator) => {
    for (const seed of ['picture-a', 'picture-b']) {
      const q = instantiate(generator, seed);
      if (q.type !== 'chart') throw new Error('a picture generator makes chart questions');
      const task = quizChartTask(q.chart);
      expect('hideNames' in task && task.hideNames).toBe(true);
      const { value, texts } = await captureDrawnText(() => runTask(task));
      expect(value.images).toHaveLength(1);
      expect(namesFoundIn(texts, choicesOf(q).flatMap((c) => [c, c.split(/[,:(]/)[0].trim()])), texts.join(' | ')).toEqual([]);
    }
  });
});
