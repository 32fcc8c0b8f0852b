import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, progressTextsSeen, sendLine, startChatInBrowser, type ChatInBrowser } from './browser-harness.ts';

describe.skipIf(!hasChromium)('local web chat in a real browser (Chromium)', () => {
  let chat: ChatInBrowser;
  let ada: Page;

  beforeAll(async () => {
    chat = await startChatInBrowser();
    ada = await chat.openUser('Ada');
  });
  afterAll(async () => {
    await chat?.close();
  });

  it('trains /train dataset:spiral with progress and images, trains again from the button, and shows errors', async () => {
    // Autocomplete offers the command and then its options' values.
    await ada.locator('#input').pressSequentially('/tr');
    await expect(ada.locator('.suggestion .label').first().textContent()).resolves.toBe('/train');
    await ada.locator('#input').fill('');
    await ada.locator('#input').pressSequentially('/train dataset:spi');
    // dataset names come from the server's autocomplete (saved sets too), so the list arrives a moment later
    await expect.poll(() => ada.locator('.suggestion .label').first().textContent()).toBe('spiral');

    await sendLine(ada, '/train dataset:spiral');
    const first = ada.locator('.message.bot').filter({ has: ada.locator('.gallery img') }).first();
    await first.waitFor({ timeout: 30_000 });
    expect((await progressTextsSeen(ada)).some((t) => /training spiral|epoch \d+\/\d+/.test(t))).toBe(true);
    const images = first.locator('.gallery img');
    expect(await images.count()).toBeGreaterThanOrEqual(2);
    for (const img of await images.all()) {
      await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(100);
      expect((await img.getAttribute('alt'))?.length ?? 0).toBeGreaterThan(10);
    }
    const firstText = await first.locator('.text').innerText();
    expect(firstText).toMatch(/Spiral/);
    expect(firstText).toMatch(/accuracy/i);
    await chat.screenshot(ada, '1-train-spiral.png');

    // Click an image: it opens enlarged, a click closes it.
    await images.first().click();
    await ada.locator('#lightbox:not([hidden])').waitFor();
    await chat.screenshot(ada, '2-lightbox.png');
    await ada.locator('#lightbox').click();

    await first.getByRole('button', { name: 'Train again with a new seed' }).click();
    const again = ada.locator('.message.bot').filter({ hasText: 'trained again with seed' }).filter({ has: ada.locator('.gallery img') });
    await again.waitFor({ timeout: 30_000 });
    const againText = await again.locator('.text').innerText();
    const seedOf = (text: string) => /seed (\d+)/.exec(text)?.[1];
    expect(seedOf(againText)).toBeDefined();
    expect(seedOf(againText)).not.toBe(seedOf(firstText));

    await sendLine(ada, '/train dataset:donut');
    const error = ada.locator('.message.error').last();
    await error.waitFor();
    const errorText = await error.innerText();
    expect(errorText).toContain('dataset must be one of');
    expect(errorText).toContain('spiral');
    expect(errorText).toContain('only you can see this');
    await chat.screenshot(ada, '3-after-error.png');
  });

  it('shows a second person the same channel, without the first person\'s private error', async () => {
    const bob = await chat.openUser('Bob');
    await expect.poll(() => bob.locator('.message.bot .gallery img').count()).toBeGreaterThanOrEqual(4);
    expect(await bob.locator('.message').filter({ hasText: 'dataset must be one of' }).count()).toBe(0);
    await sendLine(bob, '/cost');
    await ada.locator('.message.bot').filter({ hasText: '4,674' }).first().waitFor();
    expect(await ada.locator('.message').filter({ hasText: 'answering Bob' }).count()).toBeGreaterThanOrEqual(1);
    // presence arrives on the event stream a moment after Bob's page opens
    await expect.poll(() => ada.locator('#people .person').count()).toBe(2);
  });
});
