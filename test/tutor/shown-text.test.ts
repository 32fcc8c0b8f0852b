/** What students see of lesson text and live-quiz timing: wrapped paragraphs read as one line; a chart's drawing time is not counted. */
import { afterEach, describe, expect, it } from 'vitest';
import { unwrapSoftBreaks } from '../../src/tutor/content/lesson-file.ts';
import { DEFAULT_LESSONS_DIR, loadContent } from '../../src/tutor/content/load.ts';
import { answerLive, currentChoices, getLiveSession, questionDeadline, startLiveQuiz, startQuestionClock } from '../../src/tutor/live-quiz.ts';
import { cleanupTempDirs, T0, tempStore, user } from './helpers.ts';

afterEach(cleanupTempDirs);

describe('lesson text as chat shows it', () => {
  it('joins a paragraph wrapped over several lines, but keeps blank lines, lists, tables, code and hard breaks', async () => {
    const source = [
      'We have a **classification task**, set up',
      'like the Playground.',
      '',
      '- a list item that wraps',
      '  onto a second line',
      '- another item',
      '| a | b |',
      '|---|---|',
      '```',
      'keep',
      'these lines',
      '```',
      'hard break  ',
      'next line',
    ].join('\n');
    expect(unwrapSoftBreaks(source).split('\n')).toEqual([
      'We have a **classification task**, set up like the Playground.',
      '',
      '- a list item that wraps onto a second line',
      '- another item',
      '| a | b |',
      '|---|---|',
      '```',
      'keep',
      'these lines',
      '```',
      'hard break  ',
      'next line',
    ]);
  });

  it('exercise 1 reaches the chat with its first paragraph on one line', async () => {
    const exercise = loadContent(DEFAULT_LESSONS_DIR).lessons.find((l) => l.id === 'exercise-1')!;
    expect(exercise.steps[0].text).not.toContain('\n');
    expect(exercise.steps[0].text).toContain('the **circle** dataset');
  });
});

describe('live quiz clock', () => {
  const content = loadContent(DEFAULT_LESSONS_DIR);
  const id = 'gd-cost-scaling';
  /** The shown position of the right answer in this session (choices are shuffled per session). */
  const rightIn = async (store: ReturnType<typeof tempStore>['store'], sessionId: string) => currentChoices(content, await getLiveSession(store, sessionId)).shown.correctIndex;

  it('starts when the question is shown, so the time spent drawing its chart does not cost points', async () => {
    const { store } = tempStore();
    const session = await startLiveQuiz(store, content, { lecturer: user('prof'), questions: 1, seconds: 20, nowMs: T0, questionIds: [id] });
    // the chart took 3 s to draw; the question appears at T0 + 3 s
    const shown = await startQuestionClock(store, session.id, T0 + 3_000);
    expect(questionDeadline(shown)).toBe(T0 + 23_000);
    // answering 1 s after it appeared: 1000 × (1 − (1/20)/2) = 975
    expect(await answerLive(store, content, session.id, 0, user('ann'), await rightIn(store, session.id), T0 + 4_000)).toMatchObject({ status: 'accepted', answer: { points: 975 } });
  });

  it('leaves the clock alone once someone has answered', async () => {
    const { store } = tempStore();
    const session = await startLiveQuiz(store, content, { lecturer: user('prof'), questions: 1, seconds: 20, nowMs: T0, questionIds: [id] });
    await answerLive(store, content, session.id, 0, user('ann'), await rightIn(store, session.id), T0 + 1_000);
    expect(questionDeadline(await startQuestionClock(store, session.id, T0 + 5_000))).toBe(T0 + 20_000);
  });
});
