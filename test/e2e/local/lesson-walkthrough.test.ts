/**
 * Issue 7's "Done when", part one, in a real browser: a new user takes exercise 1 in the local web
 * chat from start to finish (answers with buttons, runs the experiments and sees the charts, moves
 * with Next and Back), leaves and comes back to find the lesson resumed, then revises with /quiz.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeStore, getStore } from '../../../src/store/index.ts';
import { getContent } from '../../../src/tutor/content/load.ts';
import { botReplyTo, hasChromium, scriptErrors, sendLine, startChatInBrowser, tempDataDir, type ChatInBrowser } from './browser-harness.ts';
import { LETTERS, lettersFor, plain, questionShownIn } from './quiz-on-screen.ts';

const exercise = getContent().lessons.find((l) => l.id === 'exercise-1')!;
const stepCount = exercise.steps.length;

/** Every chart in `message` has loaded as a real picture with alt text. */
async function expectChartsLoaded(message: Locator): Promise<number> {
  const images = message.locator('.gallery img');
  const count = await images.count();
  for (const img of await images.all()) {
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth), { timeout: 10_000 }).toBeGreaterThan(100);
    expect((await img.getAttribute('alt'))?.length ?? 0).toBeGreaterThan(10);
  }
  return count;
}

describe.skipIf(!hasChromium)('exercise 1 and /quiz in the local web chat (Chromium)', () => {
  let dataDir = '';
  let chat: ChatInBrowser;
  let lin: Page;

  beforeAll(async () => {
    dataDir = tempDataDir();
    chat = await startChatInBrowser({ dataDir });
    lin = await chat.openUser('Lin');
  });
  afterAll(async () => {
    await chat?.close();
  });

  /** Clicks the button called `name` in `message` and returns the bot's new message containing `text`. */
  const click = (message: Locator, name: string, text: string | RegExp) =>
    botReplyTo(lin, () => message.getByRole('button', { name, exact: true }).click(), text);
  const send = (line: string, text: string | RegExp) => botReplyTo(lin, () => sendLine(lin, line), text);
  const stepHeading = (i: number) => `step ${i + 1}/${stepCount}: ${exercise.steps[i]!.title}`;

  it('a new user takes exercise 1 from the first step to the end with buttons, charts, Next and Back, and resumes after leaving', async () => {
    const list = await send('/lesson', 'Lessons');
    expect(await list.innerText()).toContain(`${exercise.title} (exercise-1) — ${stepCount} steps`);
    await chat.screenshot(lin, 'lesson-1-list.png');
    let current = await botReplyTo(lin, () => list.locator('select').selectOption('exercise-1'), stepHeading(0));

    let chartsSeen = 0;
    for (let i = 0; i < stepCount; i++) {
      const step = exercise.steps[i]!;
      const shownStep = current;
      expect(plain(await current.innerText())).toContain(plain(step.text).slice(0, 60));

      if (step.question) {
        expect(plain(await current.innerText())).toContain(plain(step.question.prompt));
        const right = step.question.answer;
        if (i === 1) {
          // a wrong answer first: the page says so and names the right one
          const wrong = (right + 1) % step.question.choices.length;
          current = await click(current, LETTERS[wrong]!, 'Not quite');
          expect(plain(await current.innerText())).toContain(`the answer is ${plain(step.question.choices[right]!)}`);
        }
        current = await click(current, LETTERS[right]!, 'Right!');
        expect(await current.innerText()).toContain(stepHeading(i));
        if (step.explanation) expect(plain(await current.innerText())).toContain(plain(step.explanation).slice(0, 40));
        // the chosen answer stays highlighted
        expect(await current.getByRole('button', { name: LETTERS[right], exact: true }).getAttribute('class')).toContain('primary');
        if (i === 0) await chat.screenshot(lin, 'lesson-2-step1-answered.png', current);
      }

      if (step.experiment) {
        const isDataOnly = step.experiment.show.every((k) => k === 'dataset');
        current = await click(current, 'Run the experiment', isDataOnly ? 'the data' : `${step.title} — results`);
        await current.locator('.gallery img').first().waitFor({ timeout: 30_000 });
        const charts = await expectChartsLoaded(current);
        // one picture per chart kind per run (so the ReLU run's boundary is there to judge), plus the comparison
        const perRunKinds = step.experiment.show.filter((k) => k !== 'comparison').length;
        expect(charts).toBe(step.experiment.runs.length * perRunKinds + (step.experiment.show.includes('comparison') ? 1 : 0));
        chartsSeen += charts;
        if (!isDataOnly) for (const run of step.experiment.runs) expect(await current.innerText()).toMatch(new RegExp(`${run.label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*accuracy`));
        await chat.screenshot(lin, `lesson-3-step${i + 1}-charts.png`, current);
      }

      if (i === 3) {
        // the step's "vary it yourself" command runs as typed
        const trainLine = await shownStep.locator('code', { hasText: '/train ' }).first().innerText();
        const trained = await send(trainLine, /test accuracy/i);
        await trained.locator('.gallery img').first().waitFor();
        expect(await expectChartsLoaded(trained)).toBeGreaterThanOrEqual(2);
        // same setup and seed as the step's experiment, so the same test accuracy
        const accuracyIn = (text: string) => /test accuracy (\d+(?:\.\d+)?%)/i.exec(plain(text))?.[1];
        expect(accuracyIn(await trained.innerText())).toBeDefined();
        expect(accuracyIn(await trained.innerText())).toBe(accuracyIn(await current.innerText()));
        // Back shows the previous step with the answer given there; Next returns
        const back = await click(current, 'Back', stepHeading(2));
        expect(await back.getByRole('button', { name: LETTERS[exercise.steps[2]!.question!.answer], exact: true }).getAttribute('class')).toContain('primary');
        current = await click(back, 'Next', stepHeading(3));
      }

      if (i === stepCount - 1) {
        const done = await click(current, 'Finish', 'You finished');
        expect(await done.innerText()).toContain(exercise.title);
        expect(await done.innerText()).toContain('/quiz topic:exercise-1');
        await expect(done.getByRole('button', { name: /^Start: Practice 2/ }).count()).resolves.toBe(1);
        await chat.screenshot(lin, 'lesson-5-finished.png');
        break;
      }

      current = await click(current, 'Next', stepHeading(i + 1));

      if (i + 1 === 5) {
        // Lin closes the tab at step 6, the database is closed and reopened, and Lin comes back
        lin = await chat.reopen(lin);
        await closeStore();
        getStore({ dataDir });
        const again = await send('/lesson', 'Lessons');
        expect(await again.innerText()).toContain(`${exercise.title} (exercise-1) — step 6/${stepCount}`);
        current = await send('/lesson name:exercise-1', 'Welcome back');
        expect(await current.innerText()).toContain('resuming at step 6');
        expect(await current.innerText()).toContain(stepHeading(5));
        await chat.screenshot(lin, 'lesson-4-resumed.png', current);
      }
    }
    // the experiments drew the dataset, boundaries, loss curves, the network and comparisons
    expect(chartsSeen).toBeGreaterThanOrEqual(8);

    // leave again and come back: the list shows the exercise as done
    lin = await chat.reopen(lin);
    const finalList = await send('/lesson', 'Lessons');
    // the ✅ is drawn as an icon (no emoji font needed) that says "right" to a screen reader
    expect(plain(await finalList.innerText())).toContain(`${exercise.title} (exercise-1) — done`);
    expect(await finalList.locator('svg[role="img"][aria-label="right"]').count()).toBe(1);
    expect(scriptErrors(lin)).toEqual([]);
  });

  it('revises with /quiz: right and wrong answers show the verdict, explanation and lesson link, and mode:stats counts them', async () => {
    // a topic without generated questions, so every question on screen can be found in the bank
    let asked = await send('/quiz topic:how-to-train', 'to go');
    expect(await asked.innerText()).toContain('only you can see this');
    const first = questionShownIn(await asked.innerText());
    await chat.screenshot(lin, 'quiz-1-question.png', asked);

    const right = await click(asked, lettersFor(first, await asked.innerText()).right, 'Right!');
    const rightText = plain(await right.innerText());
    expect(rightText).toContain(plain(first.explanation).slice(0, 40));
    const firstLesson = getContent().lessons.find((l) => l.id === first.lesson)!;
    expect(rightText).toContain(`Lesson: ${firstLesson.title}`);
    await expect(right.getByRole('button', { name: 'Open the lesson' }).count()).resolves.toBe(1);
    await chat.screenshot(lin, 'quiz-2-right.png', right);

    asked = await click(right, 'Next question', 'to go');
    const second = questionShownIn(await asked.innerText());
    expect(second.id).not.toBe(first.id);
    const secondLetters = lettersFor(second, await asked.innerText());
    const wrong = await click(asked, secondLetters.wrong, 'Not quite');
    const wrongText = plain(await wrong.innerText());
    expect(wrongText).toContain(`The answer is ${plain(secondLetters.rightText)}`);
    expect(wrongText).toContain(plain(second.explanation).slice(0, 40));
    await chat.screenshot(lin, 'quiz-3-wrong.png', wrong);

    // the lesson link opens the question's lesson
    const secondLesson = getContent().lessons.find((l) => l.id === second.lesson)!;
    await click(wrong, 'Open the lesson', `${secondLesson.title} · step`);

    const stats = await send('/quiz mode:stats', 'Your quiz progress');
    const statsText = await stats.innerText();
    expect(statsText).toContain('1/2 right overall');
    expect(statsText).toContain('Streak: 1 day');
    const seen = first.lesson === second.lesson ? 2 : 1;
    expect(statsText).toContain(`${firstLesson.title}: ${seen}/`);
    await chat.screenshot(lin, 'quiz-4-stats.png', stats);
    expect(scriptErrors(lin)).toEqual([]);
  });
});
