/**
 * Issue 14's "Done when" in Chromium: the web chat on a phone (390×844) and a laptop or projector
 * (1280×800). A new person joins, trains, takes a lesson step and a solo quiz; a lecturer runs a
 * live quiz on the big screen for two students on phones. At every stage: no sideways scrolling,
 * nothing cut off, touch targets ≥ 44 px, no serious or critical axe-core finding. Screenshots go
 * to test-output/e2e/layout-*.png for a person to look at.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botReplyTo, hasChromium, scriptErrors, sendLine, startChatInBrowser, tempDataDir, watchForBotMessage, type ChatInBrowser } from './browser-harness.ts';
import { isFullyOnScreen, layoutProblems, MIN_TOUCH_PX, seriousAccessibilityViolations } from './browser-checks.ts';
import { lettersFor, questionShownIn } from './quiz-on-screen.ts';
import { createCanvas } from '@napi-rs/canvas';
import { newId } from '../../../src/platforms/local/channel.ts';

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1280, height: 800 };
const LECTURER_KEY = 'projector-key';

describe.skipIf(!hasChromium)('the web chat from a 390 px phone to a 1280 px projector (Chromium)', () => {
  let chat: ChatInBrowser;

  beforeAll(async () => {
    chat = await startChatInBrowser({ dataDir: tempDataDir(), lecturerKey: LECTURER_KEY });
  });
  afterAll(async () => {
    await chat?.close();
  });

  /** The page fits the screen and passes axe-core; a screenshot is saved either way. */
  async function expectFitsAndAccessible(page: Page, shot: string): Promise<void> {
    await chat.screenshot(page, shot);
    expect(await layoutProblems(page), shot).toEqual([]);
    expect(await seriousAccessibilityViolations(page), shot).toEqual([]);
  }

  it('the checks catch what they look for: a too-wide message, a tiny button and a picture without a text alternative', async () => {
    const page = await chat.openUser('Checker', { viewport: PHONE, isMobile: true });
    expect(await layoutProblems(page)).toEqual([]);
    await page.evaluate(() => {
      const wide = Object.assign(document.createElement('div'), { className: 'message', id: 'planted' });
      wide.innerHTML = '<div class="body"><pre style="white-space:pre;overflow:visible">' + 'x'.repeat(200) + '</pre><button style="all:unset">tiny</button><img src="/favicon.svg"></div>';
      document.querySelector('#log')!.append(wide);
    });
    const problems = await layoutProblems(page);
    expect(problems.some((p) => p.startsWith('message wider than its box'))).toBe(true);
    expect(problems.some((p) => p.startsWith('touch target') && p.includes('tiny'))).toBe(true);
    expect((await seriousAccessibilityViolations(page)).some((v) => v.includes('image-alt'))).toBe(true);
    await page.close();
  });

  for (const [size, viewport, isMobile] of [['phone', PHONE, true], ['laptop', LAPTOP, false]] as const) {
    it(`${size} ${viewport.width}×${viewport.height}: joins, trains, takes a lesson step by keyboard and a solo quiz — nothing scrolls sideways or is cut off`, async () => {
      const name = size === 'phone' ? 'Ana' : 'Carmen';
      const page = await chat.openUser(name, { viewport, isMobile, typesName: true });
      expect(await page.locator('#me').innerText()).toBe(name);
      await expectFitsAndAccessible(page, `layout-${size}-1-joined.png`);
      // autocomplete: a listbox the keyboard walks through while the focus stays in the input
      // after the name dialog, the keyboard is in the composer: typing goes straight in
      await page.keyboard.type('/tr');
      await page.locator('#suggestions:not([hidden])').waitFor();
      expect(await page.locator('#input').getAttribute('aria-expanded')).toBe('true');
      expect(await page.locator('#input').getAttribute('aria-activedescendant')).toBe('suggestion-0');
      await expectFitsAndAccessible(page, `layout-${size}-1b-autocomplete.png`);
      await page.locator('#input').fill('');

      // /train: the charts are scaled to the screen; a tap opens one at full size
      const trained = await botReplyTo(page, () => sendLine(page, '/train dataset:circle epochs:60'), /accuracy/i);
      const chart = trained.locator('.gallery img').first();
      await expect.poll(() => chart.evaluate((img) => (img as HTMLImageElement).naturalWidth), { timeout: 30_000 }).toBeGreaterThan(100);
      const chartBox = (await chart.boundingBox())!;
      expect(chartBox.width).toBeLessThanOrEqual(viewport.width);
      expect(chartBox.width).toBeGreaterThan(viewport.width * (isMobile ? 0.8 : 0.3));
      await expectFitsAndAccessible(page, `layout-${size}-2-train.png`);
      await trained.locator('.image-button').first().click();
      await page.locator('#lightbox[open]').waitFor();
      const enlarged = (await page.locator('#lightbox img').boundingBox())!;
      expect(enlarged.width).toBeGreaterThan(chartBox.width * 0.99);
      await chat.screenshot(page, `layout-${size}-3-picture-full-size.png`);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Close the picture');
      await page.keyboard.press('Escape');
      await page.locator('#lightbox:not([open])').waitFor({ state: 'attached' });

      // the join dialog from the top bar: the address and its QR code, closed with Escape
      await page.locator('#join').click();
      await page.locator('#join-dialog[open] .join-card img').waitFor();
      expect(await page.locator('#join-dialog').innerText()).toContain(chat.server.url.replace(/\/$/, ''));
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await chat.screenshot(page, `layout-${size}-3b-join-dialog.png`);
      await page.keyboard.press('Escape');
      await page.locator('#join-dialog:not([open])').waitFor({ state: 'attached' });

      // a lesson step: private, and moved on from the keyboard alone (Shift+Tab from the input reaches its Next button)
      const step = await botReplyTo(page, () => sendLine(page, '/lesson name:exercise-1'), 'step 1/');
      expect(await step.innerText()).toContain('only you can see this');
      await expectFitsAndAccessible(page, `layout-${size}-4-lesson-step.png`);
      await page.locator('#input').focus();
      await page.keyboard.press('Shift+Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Next');
      const next = await watchForBotMessage(page, 'step 2/');
      await page.keyboard.press('Enter');
      const step2 = await next();
      expect(await step2.getAttribute('data-id')).toBe(await step.getAttribute('data-id')); // updated in place, no copy
      expect(await page.locator('.message.bot').filter({ hasText: 'step 1/' }).count()).toBe(0);
      // the keyboard stays on Next in the redrawn step, so Enter goes on again
      expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Next');
      const step3 = await botReplyTo(page, () => page.keyboard.press('Enter'), 'step 3/');
      expect(await step3.getAttribute('data-id')).toBe(await step.getAttribute('data-id'));

      // a solo quiz: big answer buttons, all on screen together
      const question = await botReplyTo(page, () => sendLine(page, '/quiz'), 'to go');
      const choices = question.locator('.buttons.choices .button');
      expect(await choices.count()).toBeGreaterThanOrEqual(2);
      for (const choice of await choices.all()) expect((await choice.boundingBox())!.height).toBeGreaterThanOrEqual(MIN_TOUCH_PX + 10);
      await expectFitsAndAccessible(page, `layout-${size}-5-solo-quiz.png`);
      const { right } = lettersFor(questionShownIn(await question.innerText()), await question.innerText());
      const verdict = await botReplyTo(page, () => question.getByRole('button', { name: right, exact: true }).click(), 'Right!');
      expect(await verdict.isVisible()).toBe(true);
      await expectFitsAndAccessible(page, `layout-${size}-6-solo-quiz-answered.png`);
      expect(scriptErrors(page)).toEqual([]);
    });
  }

  it('a live question with a tall chart on the projector is shown from its clock and prompt, also after the chart loads', async () => {
    const prof = await chat.openUser('Lecturer', { viewport: LAPTOP, lecturerKey: LECTURER_KEY });
    const canvas = createCanvas(960, 1600); // taller than the projector's chat area
    const g = canvas.getContext('2d');
    g.fillStyle = '#d3e6f4';
    g.fillRect(0, 0, 960, 1600);
    const [image] = chat.server.channel.storeImages([{ name: 'tall.png', alt: 'A tall test chart', contentType: 'image/png', data: canvas.toBuffer('image/png') }])!;
    const id = newId();
    const nowMs = Date.now();
    chat.server.channel.post({
      id, author: { id: 'nn-tutor', name: 'nn-tutor', isBot: true }, inReplyTo: { name: 'Lecturer', command: '/quiz mode:live' }, createdAtMs: nowMs,
      text: '🎓 **Live quiz** · question 1/1 · 30 s to answer\n\nWhich picture is this?\n\n**A.** a tall one\n**B.** a wide one',
      images: [image!],
      buttons: [[{ id: 'quiz:la:s:0:0', label: 'A' }, { id: 'quiz:la:s:0:1', label: 'B' }], [{ id: 'quiz:lc:s:pause', label: '⏸ Pause' }, { id: 'quiz:lc:s:end', label: '⏹ End', style: 'danger' }]],
      countdown: { endsAtMs: nowMs + 30_000, totalMs: 30_000, label: 'Answers close', status: 'running', clockId: 'quiz:s:0' },
    });
    const question = prof.locator(`.message[data-id="${id}"]`);
    await expect.poll(() => question.locator('.gallery img').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(960);
    await expect.poll(() => question.evaluate((el) => el.getBoundingClientRect().height)).toBeGreaterThan(LAPTOP.height);
    expect(await isFullyOnScreen(prof, `.message[data-id="${id}"] .countdown-figure`)).toBe(true);
    expect(await isFullyOnScreen(prof, `.message[data-id="${id}"] .join-card img`)).toBe(true);
    await expectFitsAndAccessible(prof, 'layout-live-0-projector-tall-chart-question.png');
    await prof.close();
  });

  it('live quiz: the lecturer on a 1280×800 projector with the join QR code, two students answering on 390×844 phones', async () => {
    const prof = await chat.openUser('Prof', { viewport: LAPTOP, lecturerKey: LECTURER_KEY });
    const ada = await chat.openUser('Ada', { viewport: PHONE, isMobile: true });
    const bob = await chat.openUser('Bob', { viewport: PHONE, isMobile: true, reducedMotion: 'reduce' });
    const pages = [prof, ada, bob];

    const waits = await Promise.all(pages.map((page) => watchForBotMessage(page, 'question 1/2')));
    await sendLine(prof, '/quiz live questions:2 seconds:30');
    const [onProjector, onAda, onBob] = await Promise.all(waits.map((wait) => wait()));

    // the projector shows how to join: the address and a QR code of it
    const join = onProjector!.locator('.join-card');
    await expect.poll(() => join.locator('img').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(20);
    expect(await join.innerText()).toContain(chat.server.url.replace(/\/$/, ''));
    expect(await join.innerText()).not.toContain(LECTURER_KEY);
    expect(await onAda!.locator('.join-card').count()).toBe(0);
    expect(await isFullyOnScreen(prof, '.message.with-join .countdown-figure')).toBe(true);
    await expectFitsAndAccessible(prof, 'layout-live-1-projector-question.png');

    // on the phones: the countdown figure and every answer button are on screen at once, thumb-sized
    for (const [page, question, who] of [[ada, onAda!, 'ada'], [bob, onBob!, 'bob']] as [Page, Locator, string][]) {
      expect(await isFullyOnScreen(page, '.message.question .countdown-figure, .message .countdown-figure')).toBe(true);
      for (const choice of await question.locator('.buttons.choices .button').all()) {
        const box = (await choice.boundingBox())!;
        expect(box.height).toBeGreaterThanOrEqual(MIN_TOUCH_PX + 10);
        expect(box.width).toBeGreaterThanOrEqual(PHONE.width * 0.3);
        expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height);
      }
      expect(await question.getByRole('button', { name: 'End' }).count()).toBe(0); // the lecturer's controls stay on the projector
      await expectFitsAndAccessible(page, `layout-live-2-phone-${who}-question.png`);
    }
    // Bob asked for less motion: his countdown bar jumps instead of sliding
    expect(await onBob!.locator('.countdown-fill').evaluate((el) => getComputedStyle(el).transitionDuration)).toBe('0s');
    expect(await onAda!.locator('.countdown-fill').evaluate((el) => getComputedStyle(el).transitionDuration)).not.toBe('0s');

    const question1 = questionShownIn(await onAda!.innerText());
    const letters = lettersFor(question1, await onAda!.innerText());
    const adaLocked = await botReplyTo(ada, () => onAda!.getByRole('button', { name: letters.right, exact: true }).click(), 'locked in');
    expect(await adaLocked.innerText()).toContain('only you can see this');
    await botReplyTo(bob, () => onBob!.getByRole('button', { name: letters.wrong, exact: true }).click(), 'locked in');
    await expectFitsAndAccessible(ada, 'layout-live-3-phone-ada-locked-in.png');

    // the lecturer reveals; the old question's "Time's up!" scrolls away instead of covering its choices
    const reveals = await Promise.all(pages.map((page) => watchForBotMessage(page, 'Question 1/2')));
    await onProjector!.getByRole('button', { name: 'Reveal now' }).click();
    const [revealOnProjector] = await Promise.all(reveals.map((wait) => wait()));
    await expect.poll(() => onAda!.locator('.countdown').getAttribute('data-state')).toBe('over');
    expect(await onAda!.locator('.countdown').evaluate((el) => getComputedStyle(el).position)).toBe('static');
    // scroll the old question so that its answer buttons sit just below the top of the message list
    await ada.locator('#messages').evaluate((list, messageId) => {
      const choices = list.querySelector(`.message[data-id="${messageId}"] .buttons.choices`)!;
      list.scrollTop += choices.getBoundingClientRect().top - list.getBoundingClientRect().top - 20;
    }, await onAda!.getAttribute('data-id'));
    const clockBox = (await onAda!.locator('.countdown').boundingBox())!;
    const choicesBox = (await onAda!.locator('.buttons.choices').boundingBox())!;
    const listTop = (await ada.locator('#messages').boundingBox())!.y;
    expect(choicesBox.y - listTop).toBeLessThan(40);
    expect(clockBox.y + clockBox.height).toBeLessThanOrEqual(choicesBox.y); // above the choices (scrolled away), not over them
    await chat.screenshot(ada, 'layout-live-4-phone-old-question-scrolled.png');
    await revealOnProjector!.scrollIntoViewIfNeeded();
    await expectFitsAndAccessible(prof, 'layout-live-5-projector-reveal.png');

    // the lecturer's controls are drawn icons with words, no emoji font needed
    const end = revealOnProjector!.getByRole('button', { name: 'End' });
    expect(await end.locator('svg.icon').count()).toBe(1);
    expect(await end.innerText()).toBe('End');
    const podiums = await Promise.all(pages.map((page) => watchForBotMessage(page, 'Live quiz over!')));
    await end.click();
    const [, podiumOnAda] = await Promise.all(podiums.map((wait) => wait()));
    expect(await podiumOnAda!.locator('svg[aria-label="gold medal"]').count()).toBe(1);
    await podiumOnAda!.scrollIntoViewIfNeeded(); // Ada scrolled up earlier, so the chat stopped following
    await expectFitsAndAccessible(ada, 'layout-live-6-phone-podium.png');
    await expectFitsAndAccessible(prof, 'layout-live-7-projector-podium.png');
    for (const page of pages) expect(scriptErrors(page)).toEqual([]);
  });
});
