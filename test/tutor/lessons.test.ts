import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LESSONS_DIR, loadContent } from '../../src/tutor/content/load.ts';
import { answerStep, findLesson, goToStep, listLessons, openLesson } from '../../src/tutor/lessons.ts';
import { TutorError } from '../../src/tutor/errors.ts';
import { createStore } from '../../src/store/index.ts';
import { cleanupTempDirs, T0, tempStore } from './helpers.ts';

afterEach(cleanupTempDirs);

const content = loadContent(DEFAULT_LESSONS_DIR);
const KEY = 'test:bob';

describe('lesson progress', () => {
  it('lessons are found by id, number or unique prefix; an unknown name lists the lessons', async () => {
    expect(findLesson(content, 'exercise-1').id).toBe('exercise-1');
    expect(findLesson(content, '3').id).toBe('activations');
    expect(findLesson(content, 'overfit').id).toBe('overfitting');
    expect(() => findLesson(content, 'exercise')).toThrow(TutorError);
    expect(() => findLesson(content, 'quantum')).toThrow(/Lessons: gradient-descent/);
  });

  it('a new user starts at step 1 and the list shows nothing started', async () => {
    const { store } = tempStore();
    expect((await listLessons(store, content, KEY)).every((e) => e.reached === 0 && !e.completed)).toBe(true);
    const view = await openLesson(store, content, KEY, 'exercise-1', T0);
    expect(view).toMatchObject({ stepIndex: 0, isFirst: true, isLast: false, completed: false });
    expect((await listLessons(store, content, KEY)).find((e) => e.lesson.id === 'exercise-1')?.reached).toBe(1);
  });

  it('next and back move through steps; reaching the last step completes the lesson', async () => {
    const { store } = tempStore();
    const lesson = findLesson(content, 'exercise-1');
    await openLesson(store, content, KEY, lesson.id, T0);
    expect((await goToStep(store, content, KEY, lesson.id, 1, T0)).stepIndex).toBe(1);
    expect((await goToStep(store, content, KEY, lesson.id, 0, T0)).isFirst).toBe(true);
    const last = await goToStep(store, content, KEY, lesson.id, lesson.steps.length - 1, T0);
    expect(last).toMatchObject({ isLast: true, completed: true });
    await expect(goToStep(store, content, KEY, lesson.id, lesson.steps.length, T0)).rejects.toThrow(TutorError);
  });

  it('a step answer is judged against the file and remembered for that step', async () => {
    const { store } = tempStore();
    const lesson = findLesson(content, 'exercise-1');
    const index = lesson.steps.findIndex((s) => s.question);
    const right = lesson.steps[index].question!.answer;
    const wrong = await answerStep(store, content, KEY, lesson.id, index, (right + 1) % lesson.steps[index].question!.choices.length, T0);
    expect(wrong.isCorrect).toBe(false);
    const ok = await answerStep(store, content, KEY, lesson.id, index, right, T0 + 1);
    expect(ok.isCorrect).toBe(true);
    expect(ok.view.chosen).toBe(right);
    expect(ok.explanation.length).toBeGreaterThan(0);
  });

  it('progress survives closing and reopening the database: the lesson resumes at the saved step', async () => {
    const { store, dataDir } = tempStore();
    await openLesson(store, content, KEY, 'exercise-2', T0);
    await goToStep(store, content, KEY, 'exercise-2', 2, T0 + 1000);
    await answerStep(store, content, KEY, 'exercise-2', 2, 1, T0 + 2000);
    store.close();
    const reopened = createStore({ dataDir });
    const view = await openLesson(reopened, content, KEY, 'exercise-2', T0 + 3000);
    expect(view.stepIndex).toBe(2);
    expect(view.chosen).toBe(1);
    reopened.close();
  });

  it('restart puts a finished lesson back to step 1 and clears its answers', async () => {
    const { store } = tempStore();
    const lesson = findLesson(content, 'overfitting');
    await goToStep(store, content, KEY, lesson.id, lesson.steps.length - 1, T0);
    const view = await openLesson(store, content, KEY, lesson.id, T0, true);
    expect(view.stepIndex).toBe(0);
    expect(view.chosen).toBeUndefined();
  });
});
