/**
 * Issue 7's "Done when", part two, in a real browser: a lecturer (the page opened with
 * `?key=<LOCAL_CHAT_LECTURER_KEY>`) runs a live class quiz for two students in their own browser
 * contexts: answers at different times, one answer each, late and paused answers refused, the
 * reveal with distribution, right answer and explanation, speed-weighted points, pause / resume /
 * reveal-now / end, and the podium.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, scriptErrors, sendLine, startChatInBrowser, tempDataDir, watchForBotMessage, type ChatInBrowser } from './browser-harness.ts';
import { lettersFor, plain, questionShownIn } from './quiz-on-screen.ts';

const LECTURER_KEY = 'lecture-hall-key';
const SECONDS = 10;

/** "1. Ada — 950 pts (1/1 right)" lines of a leaderboard, as shown. */
function standingsIn(text: string): { name: string; points: number; right: number; answered: number }[] {
  return [...plain(text).matchAll(/\d+\. (\w+) — (\d+) pts \((\d+)\/(\d+) right\)/g)]
    .map((m) => ({ name: m[1]!, points: Number(m[2]), right: Number(m[3]), answered: Number(m[4]) }));
}

/** "A. choice — 2" lines of a reveal: answers per choice, in order. */
function distributionIn(text: string): number[] {
  return [...plain(text).matchAll(/(?:^|\s)[A-E]\. .*? — (\d+)/g)].map((m) => Number(m[1]));
}

/** The seconds a message's countdown shows now ("12 s" → 12), or NaN when it shows none (paused → its frozen seconds). */
async function secondsLeft(message: Locator): Promise<number> {
  const figure = await message.locator('.countdown .countdown-figure').innerText();
  return Number(/(\d+)\s*s\b/.exec(figure)?.[1] ?? Number.NaN);
}
/** What a message's countdown says, in one line. */
const clockText = async (message: Locator) => plain(await message.locator('.countdown').innerText()).replace(/\s+/g, ' ');

describe.skipIf(!hasChromium)('live class quiz with a lecturer and two students in Chromium', () => {
  let chat: ChatInBrowser;
  let prof: Page;
  let ada: Page;
  let bob: Page;

  beforeAll(async () => {
    chat = await startChatInBrowser({ dataDir: tempDataDir(), lecturerKey: LECTURER_KEY });
    prof = await chat.openUser('Prof', { lecturerKey: LECTURER_KEY });
    ada = await chat.openUser('Ada');
    bob = await chat.openUser('Bob');
  });
  afterAll(async () => {
    await chat?.close();
  });

  /** Waits for a new bot message containing `text` on every page given, after `action`. */
  async function seenBy(pages: Page[], text: string | RegExp, action: () => Promise<unknown>, timeoutMs = 30_000): Promise<Locator[]> {
    const waits = await Promise.all(pages.map((page) => watchForBotMessage(page, text, timeoutMs)));
    await action();
    return Promise.all(waits.map((wait) => wait()));
  }
  /** A click on `button` in `message` and the clicker's own new message containing `text`. */
  async function clickFor(page: Page, message: Locator, button: string, text: string | RegExp): Promise<string> {
    const [reply] = await seenBy([page], text, () => message.getByRole('button', { name: button, exact: true }).click());
    return reply!.innerText();
  }

  it('takes the lecturer key out of the address bar, so it cannot be read off the projector', async () => {
    expect(prof.url()).not.toContain(LECTURER_KEY);
    expect(prof.url()).toContain('name=Prof');
  });

  it('runs three questions: speed-weighted scores, one answer each, pause, reveal now, end and a podium', async () => {
    // a student may not start one
    const [refusal] = await seenBy([bob], 'Only lecturers', () => sendLine(bob, `/quiz live questions:3 seconds:${SECONDS}`));
    expect(await refusal!.innerText()).toContain('only you can see this');

    // ---- question 1: answers at different times, a second click refused, the timer reveals ----
    const q1 = await seenBy([prof, ada, bob], 'question 1/3', () => sendLine(prof, `/quiz live questions:3 seconds:${SECONDS}`));
    expect(await prof.locator('.message.bot').filter({ hasText: 'started a live quiz: 3 questions' }).count()).toBe(1);
    const question1 = questionShownIn(await q1[1]!.innerText());
    const answer1 = lettersFor(question1, await q1[1]!.innerText());
    for (const img of await q1[0]!.locator('.gallery img').all()) await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(100);
    // a countdown everyone can see ticks down from the question's time
    const startSeconds = await secondsLeft(q1[0]!);
    expect(startSeconds).toBeGreaterThan(0);
    expect(startSeconds).toBeLessThanOrEqual(SECONDS);
    expect(await clockText(q1[1]!)).toMatch(/Answers close in \d+ s/i);
    await chat.screenshot(prof, 'live-1-question-projector.png');

    const revealWait = await Promise.all([prof, ada, bob].map((page) => watchForBotMessage(page, "Time's up! Question 1/3", (SECONDS + 20) * 1000)));
    expect(await clickFor(ada, q1[1]!, answer1.right, 'locked in')).toContain(`Answer ${answer1.right} locked in`);
    await bob.waitForTimeout(1500); // Bob thinks longer
    expect(await clickFor(bob, q1[2]!, answer1.right, 'locked in')).toContain(`Answer ${answer1.right} locked in`);
    expect(await clickFor(bob, q1[2]!, answer1.wrong, 'already answered')).toContain('one answer each');
    await expect.poll(() => secondsLeft(q1[0]!)).toBeLessThan(startSeconds);
    await chat.screenshot(bob, 'live-2-student-answered.png');
    // nobody else sees Bob's private confirmations
    expect(await ada.locator('.message').filter({ hasText: 'already answered' }).count()).toBe(0);

    const [reveal1] = await Promise.all(revealWait.map((wait) => wait()));
    for (const question of q1) await expect.poll(() => clockText(question)).toContain("Time's up");
    const reveal1Text = await reveal1!.innerText();
    expect(reveal1Text).toContain('2 answers');
    const distribution1 = distributionIn(reveal1Text);
    expect(distribution1[answer1.right.charCodeAt(0) - 65]).toBe(2);
    expect(distribution1.reduce((a, b) => a + b, 0)).toBe(2);
    expect(plain(reveal1Text)).toContain(`${answer1.right}. ${plain(answer1.rightText)} — 2`);
    expect(plain(reveal1Text)).toContain('← right answer');
    expect(plain(reveal1Text)).toContain(`Answer: ${plain(answer1.rightText)}`);
    expect(plain(reveal1Text)).toContain(plain(question1.explanation).slice(0, 50));
    const board1 = standingsIn(reveal1Text);
    expect(board1.map((s) => s.name)).toEqual(['Ada', 'Bob']);
    // a faster right answer earns more; every right answer earns 500–1000
    expect(board1[0]!.points).toBeGreaterThan(board1[1]!.points);
    for (const s of board1) {
      expect(s.points).toBeGreaterThanOrEqual(500);
      expect(s.points).toBeLessThanOrEqual(1000);
    }
    await reveal1!.scrollIntoViewIfNeeded();
    await chat.screenshot(prof, 'live-3-reveal-projector.png');

    // a late click on the closed question is refused
    expect(await clickFor(ada, q1[1]!, answer1.wrong, 'Too late')).toContain('this question is closed');

    // ---- question 2: pause refuses answers, resume, then the lecturer reveals early ----
    const q2 = await seenBy([prof, ada, bob], 'question 2/3', () => reveal1!.getByRole('button', { name: 'Next question' }).click());
    const question2 = questionShownIn(await q2[1]!.innerText());
    const answer2 = lettersFor(question2, await q2[1]!.innerText());
    const [paused] = await seenBy([prof], 'Paused with', () => q2[0]!.getByRole('button', { name: 'Pause' }).click());
    // the pause stops the question's clock for everyone, on the question itself too
    expect(await clockText(paused!)).toMatch(/Paused/i);
    for (const question of q2) await expect.poll(() => clockText(question)).toMatch(/Paused/i);
    await q2[0]!.scrollIntoViewIfNeeded();
    await chat.screenshot(prof, 'live-2b-paused-projector.png');
    expect(await clickFor(ada, q2[1]!, answer2.wrong, 'paused')).toContain('answer when it resumes');
    const [resumed] = await seenBy([prof], 'Resumed', () => paused!.getByRole('button', { name: 'Resume' }).click());
    for (const question of q2) await expect.poll(() => clockText(question)).toMatch(/Answers close in \d+ s/i);
    expect(await clickFor(ada, q2[1]!, answer2.wrong, 'locked in')).toContain(`Answer ${answer2.wrong} locked in`);
    expect(await clickFor(bob, q2[2]!, answer2.right, 'locked in')).toContain(`Answer ${answer2.right} locked in`);
    const [reveal2] = await seenBy([prof, ada], 'Question 2/3', () => resumed!.getByRole('button', { name: 'Reveal now' }).click());
    // revealed early: the clock stops at once instead of running on to its old deadline
    for (const question of q2.slice(0, 2)) await expect.poll(() => clockText(question)).toContain("Time's up");
    const reveal2Text = await reveal2!.innerText();
    const distribution2 = distributionIn(reveal2Text);
    expect(distribution2[answer2.right.charCodeAt(0) - 65]).toBe(1);
    expect(distribution2[answer2.wrong.charCodeAt(0) - 65]).toBe(1);
    const board2 = standingsIn(reveal2Text);
    const bob2 = board2.find((s) => s.name === 'Bob')!;
    const ada2 = board2.find((s) => s.name === 'Ada')!;
    expect(bob2).toMatchObject({ right: 2, answered: 2 });
    expect(ada2).toMatchObject({ right: 1, answered: 2, points: board1[0]!.points }); // a wrong answer scores 0
    expect(bob2.points - board1[1]!.points).toBeGreaterThanOrEqual(500);

    // ---- question 3: a student cannot use the lecturer's buttons; End scores the open question and shows the podium ----
    const q3 = await seenBy([prof, ada, bob], 'question 3/3', () => reveal2!.getByRole('button', { name: 'Next question' }).click());
    const answer3 = lettersFor(questionShownIn(await q3[1]!.innerText()), await q3[1]!.innerText());
    // a student's screen leaves the lecturer's controls out; a forged press of one is refused, privately
    expect(await q3[2]!.getByRole('button', { name: 'End' }).count()).toBe(0);
    const endId = await q3[0]!.getByRole('button', { name: 'End' }).getAttribute('data-component');
    const [refusedEnd] = await seenBy([bob], 'Only lecturers', () => bob.evaluate(async (id) => {
      const me = JSON.parse(localStorage.getItem('nn-tutor:user') ?? '{}') as { id: string; name: string };
      await fetch('/api/click', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id, label: 'End', user: me }) });
    }, endId));
    expect(await refusedEnd!.innerText()).toContain('only you can see this');
    expect(await clickFor(ada, q3[1]!, answer3.right, 'locked in')).toContain('locked in');
    const lastReveal = await watchForBotMessage(prof, 'Question 3/3');
    const podiums = await seenBy([prof, ada, bob], 'Live quiz over!', () => q3[0]!.getByRole('button', { name: 'End' }).click());
    // ending during a question still shows its answer, then the podium
    const reveal3Text = plain(await (await lastReveal()).innerText());
    expect(reveal3Text).toContain('1 answer');
    expect(reveal3Text).toContain(`${answer3.right}. ${plain(answer3.rightText)} — 1`);
    const podiumText = plain(await podiums[0]!.innerText());
    const podium = [...podiumText.matchAll(/(\w+) — (\d+) pts/g)].map((m) => ({ name: m[1]!, points: Number(m[2]) }));
    expect(podium.map((p) => p.name).sort()).toEqual(['Ada', 'Bob']);
    expect(podium[0]!.points).toBeGreaterThanOrEqual(podium[1]!.points);
    expect(podium.find((p) => p.name === 'Ada')!.points).toBeGreaterThanOrEqual(ada2.points + 500);
    expect(podium.find((p) => p.name === 'Bob')!.points).toBe(bob2.points);
    // the students see the same podium
    for (const seen of podiums.slice(1)) expect(plain(await seen.innerText())).toContain(podiumText.slice(podiumText.indexOf('Live quiz over!')));
    await podiums[0]!.scrollIntoViewIfNeeded();
    await chat.screenshot(prof, 'live-4-podium-projector.png');

    // the quiz is over for everyone
    expect(await clickFor(bob, q3[2]!, answer3.right, 'has ended')).toContain('This live quiz has ended');
    for (const page of [prof, ada, bob]) expect(scriptErrors(page)).toEqual([]);
  });
});
