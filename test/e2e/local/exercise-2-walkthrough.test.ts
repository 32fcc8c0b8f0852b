/**
 * Issue 11's "Done when", in a real browser: a student walks exercise 2 in the local web chat,
 * runs each experiment and reads the gradient-flow charts; the answer key agrees with what the
 * charts say (the deep sigmoid network's first layer gets a vanishing share of the gradient, the
 * tanh network's does not), and the right answer — the one the chart supports — is marked right.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getContent } from '../../../src/tutor/content/load.ts';
import { botReplyTo, hasChromium, sendLine, startChatInBrowser, tempDataDir, type ChatInBrowser } from './browser-harness.ts';
import { LETTERS } from './quiz-on-screen.ts';

const exercise = getContent().lessons.find((l) => l.id === 'exercise-2')!;

/** The first-to-last gradient ratio a gradient-flow chart states in its alt text ("2.1× the last layer's", "1/4,000 of the last layer's"). */
function ratioStated(alt: string): number {
  const times = /first layer's gradient is ([\d.]+)× the last layer's/.exec(alt);
  if (times) return Number(times[1]);
  const fraction = /first layer's gradient is 1\/([\d,]+) of the last layer's/.exec(alt);
  if (fraction) return 1 / Number(fraction[1].replace(/,/g, ''));
  throw new Error(`no ratio in: ${alt}`);
}

async function gradientCharts(message: Locator): Promise<string[]> {
  const images = message.locator('.gallery img[alt^="Gradient flow"]');
  await images.first().waitFor({ timeout: 30_000 });
  return Promise.all((await images.all()).map(async (img) => (await img.getAttribute('alt')) ?? ''));
}

describe.skipIf(!hasChromium)('exercise 2 in the local web chat (Chromium): charts and answer key agree', () => {
  let chat: ChatInBrowser;
  let page: Page;
  beforeAll(async () => {
    chat = await startChatInBrowser({ dataDir: tempDataDir() });
    page = await chat.openUser('Sam');
  });
  afterAll(async () => {
    await chat?.close();
  });

  const click = (message: Locator, name: string, text: string | RegExp) =>
    botReplyTo(page, () => message.getByRole('button', { name, exact: true }).click(), text, 60_000);

  it('the sigmoid step shows a vanishing first-layer gradient, the tanh step does not, and the key marks the chart-consistent answers right', async () => {
    let step = await botReplyTo(page, () => sendLine(page, '/lesson name:exercise-2'), `step 1/${exercise.steps.length}`);

    // step 1: four sigmoid layers — the chart must show the vanishing gradient the key asserts
    const sigmoidRun = await click(step, 'Run the experiment', `${exercise.steps[0].title} — results`);
    const [sigmoidAlt] = await gradientCharts(sigmoidRun);
    expect(ratioStated(sigmoidAlt)).toBeLessThan(0.01);
    expect(exercise.steps[0].question!.choices[exercise.steps[0].question!.answer]).toMatch(/loss barely moves/);
    await chat.screenshot(page, 'exercise-2-step1-sigmoid.png', sigmoidRun);

    // step 2: sigmoid vs tanh, five layers — read the tanh chart and answer what it shows
    step = await click(step, 'Next', `step 2/${exercise.steps.length}`);
    const run = await click(step, 'Run the experiment', `${exercise.steps[1].title} — results`);
    const [sigmoidFive, tanhFive] = await gradientCharts(run);
    expect(sigmoidFive).toMatch(/sigmoid/);
    expect(tanhFive).toMatch(/tanh/);
    const tanhRatio = ratioStated(tanhFive);
    expect(tanhRatio).toBeGreaterThan(0.1);
    expect(ratioStated(sigmoidFive)).toBeLessThan(0.01);
    await chat.screenshot(page, 'exercise-2-step2-charts.png', run);

    const question = exercise.steps[1].question!;
    // the answer the chart supports: "of the same order", not "thousands of times smaller"
    const supported = question.choices.findIndex((c) => /same order/i.test(c));
    expect(supported).toBe(question.answer);
    const answered = await click(step, LETTERS[supported]!, 'Right!');
    expect(await answered.innerText()).toMatch(/tanh′\(0\) = 1/);
    await chat.screenshot(page, 'exercise-2-step2-answered.png', answered);
  }, 180_000);
});
