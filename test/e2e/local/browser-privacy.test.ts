/**
 * A shared channel that does not flood, in Chromium: a student's lesson, quiz and failed commands
 * are seen by that student only (their command line too), a lesson step changes in place, and a
 * lesson button pressed by someone else answers them privately whose lesson it is.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botReplyTo, hasChromium, scriptErrors, sendLine, startChatInBrowser, tempDataDir, watchForBotMessage, type ChatInBrowser } from './browser-harness.ts';

describe.skipIf(!hasChromium)('private lessons and errors in a shared web chat (Chromium)', () => {
  let chat: ChatInBrowser;
  let ana: Page;
  let ben: Page;

  beforeAll(async () => {
    chat = await startChatInBrowser({ dataDir: tempDataDir() });
    ana = await chat.openUser('Ana');
    ben = await chat.openUser('Ben');
  });
  afterAll(async () => {
    await chat?.close();
  });

  /** How many messages on `page` contain `text`. */
  const countOn = (page: Page, text: string) => page.locator('.message').filter({ hasText: text }).count();

  it('a failed command and its error are shown to its author only; a public answer shows the command line to all', async () => {
    const error = await botReplyTo(ana, () => sendLine(ana, '/train dataset:donut'), 'dataset must be one of');
    expect(await error.innerText()).toContain('only you can see this');
    expect(await countOn(ana, '/train dataset:donut')).toBe(2); // her line and the error answering it
    const costOnBen = await watchForBotMessage(ben, '4,674');
    await sendLine(ana, '/cost');
    await costOnBen();
    expect(await countOn(ben, 'dataset:donut')).toBe(0);
    expect(await ben.locator('.message:not(.bot)').filter({ hasText: '/cost' }).count()).toBe(1);
    expect(await countOn(ben, 'dataset must be one of')).toBe(0);
  });

  it('a lesson opened from the menu is private, says which lesson was chosen, and each step replaces the last', async () => {
    const list = await botReplyTo(ana, () => sendLine(ana, '/lesson'), 'Lessons');
    expect(await list.innerText()).toContain('only you can see this');
    const step1 = await botReplyTo(ana, () => list.locator('select').selectOption('overfitting'), 'step 1/');
    expect(await step1.locator('.reply-to').innerText()).toContain('clicked “Overfitting”');
    const step2 = await botReplyTo(ana, () => step1.getByRole('button', { name: 'Next', exact: true }).click(), 'step 2/');
    expect(await step2.getAttribute('data-id')).toBe(await step1.getAttribute('data-id'));
    expect(await countOn(ana, 'Overfitting · step')).toBe(1);
    await chat.screenshot(ana, 'privacy-1-lesson-in-place.png');
    // Ben saw none of it: not the command, not the list, not the steps
    expect(await countOn(ben, '/lesson')).toBe(0);
    expect(await countOn(ben, 'Overfitting')).toBe(0);
  });

  it("pressing Ana's lesson button from Ben's page answers Ben privately that it is Ana's lesson, and moves nobody", async () => {
    const anaStep = ana.locator('.message.bot').filter({ hasText: 'Overfitting · step 2/' });
    const buttonId = await anaStep.getByRole('button', { name: 'Next', exact: true }).getAttribute('data-component');
    expect(buttonId).toMatch(/^lesson:go:overfitting:2:/);
    const refusal = await botReplyTo(ben, () => ben.evaluate(async (id) => {
      const me = JSON.parse(localStorage.getItem('nn-tutor:user') ?? '{}') as { id: string; name: string };
      await fetch('/api/click', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id, label: 'Next', user: me }) });
    }, buttonId), "This is Ana's lesson");
    expect(await refusal.innerText()).toContain('/lesson name:overfitting');
    expect(await refusal.innerText()).toContain('only you can see this');
    expect(await countOn(ana, "This is Ana's lesson")).toBe(0);
    expect(await countOn(ana, 'Overfitting · step 2/')).toBe(1);
    for (const page of [ana, ben]) expect(scriptErrors(page)).toEqual([]);
  });
});
