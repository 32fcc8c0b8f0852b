/**
 * Replies' Markdown in Chromium, rendered by marked and cleaned by DOMPurify: the formatting
 * replies use shows as formatting (`_Nobody answered._` in italics), raw HTML shows as text, and
 * no script runs from any message, a bot's or a person's.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/platforms/local/channel.ts';
import { hasChromium, scriptErrors, sendLine, startChatInBrowser, tempDataDir, type ChatInBrowser } from './browser-harness.ts';

const ATTACKS = [
  '<img src=x onerror="window.__xss = 1">',
  '<script>window.__xss = 2</script>',
  '[click me](javascript:window.__xss=3)',
  '<a href="javascript:window.__xss=4">link</a>',
  '![pic](javascript:window.__xss=5)',
  '<svg onload="window.__xss=6"></svg>',
  '<iframe src="javascript:window.__xss=7"></iframe>',
  '**bold <b onmouseover="window.__xss=8">x</b>**',
].join('\n\n');

describe.skipIf(!hasChromium)('Markdown in the web chat (Chromium)', () => {
  let chat: ChatInBrowser;
  let ada: Page;

  beforeAll(async () => {
    chat = await startChatInBrowser({ dataDir: tempDataDir() });
    ada = await chat.openUser('Ada');
  });
  afterAll(async () => {
    await chat?.close();
  });

  /** Posts a bot message with `text` into the channel and returns it as Ada's page shows it. */
  async function botSays(text: string) {
    const id = newId();
    chat.server.channel.post({ id, author: { id: 'nn-tutor', name: 'nn-tutor', isBot: true }, text, createdAtMs: Date.now() });
    const message = ada.locator(`.message[data-id="${id}"] .text`);
    await message.waitFor();
    return message;
  }

  it('shows the formatting replies use: italics with underscores, bold, code, lists, tables, numbered lines and safe links', async () => {
    const text = await botSays([
      '_Nobody answered._ and *also this*',
      '**Leaderboard**\n1. **Ada** — 950 pts (1/1 right)\n2. **Bob** — 0 pts (0/1 right)',
      '- `layers:8,8` trains\n- a [Playground link](https://playground.tensorflow.org/#activation=tanh)\nType `/help` for more.',
      '| name | g(x) |\n|---|---|\n| ReLU | max(0, x) |',
      '```\n/train dataset:spiral\n```',
    ].join('\n\n'));
    expect(await text.locator('em').first().innerText()).toBe('Nobody answered.');
    expect(await text.innerText()).not.toContain('_Nobody');
    expect(await text.locator('strong', { hasText: 'Leaderboard' }).count()).toBe(1);
    expect(await text.innerText()).toContain('1. Ada — 950 pts (1/1 right)');
    expect(await text.locator('li code').first().innerText()).toBe('layers:8,8');
    expect(await text.locator('li', { hasText: 'Type' }).count()).toBe(0); // the line after a list is its own paragraph
    expect(await text.locator('p', { hasText: 'Type /help for more.' }).count()).toBe(1);
    const link = text.locator('a', { hasText: 'Playground link' });
    expect(await link.getAttribute('href')).toBe('https://playground.tensorflow.org/#activation=tanh');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await text.locator('.table-wrap table td', { hasText: 'max(0, x)' }).count()).toBe(1);
    expect((await text.locator('pre code').innerText()).trim()).toBe('/train dataset:spiral');
    await chat.screenshot(ada, 'markdown-1-formatting.png', text);
  });

  it('no script runs from a bot message: raw HTML is text, javascript: links lose their address', async () => {
    const text = await botSays(ATTACKS);
    await ada.waitForTimeout(300); // an injected image's onerror would fire by now
    expect(await ada.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await text.locator('img, script, svg:not(.icon), iframe, [onerror], [onload], [onmouseover]').count()).toBe(0);
    for (const href of await text.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href')))) expect(href ?? '').not.toMatch(/javascript/i);
    expect(await text.innerText()).toContain('<img src=x onerror="window.__xss = 1">'); // shown, as on Discord and Slack
    await text.locator('a', { hasText: 'click me' }).click();
    expect(await ada.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  });

  it("no script runs from a person's chat line either: it is shown as typed", async () => {
    await sendLine(ada, '<img src=x onerror="window.__xss = 9"> **not bold**');
    const line = ada.locator('.message.mine .text').last();
    await line.waitFor();
    await ada.waitForTimeout(300);
    expect(await line.innerText()).toBe('<img src=x onerror="window.__xss = 9"> **not bold**');
    expect(await ada.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(scriptErrors(ada)).toEqual([]);
  });
});
