/**
 * Own data in the web chat (Chromium): a student attaches a CSV with the 📎 button, sees it described
 * with a scatter plot, trains on it and saves it; the lecturer drops a file on the page, saves and
 * shares it; a second student trains on the shared set by name.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botReplyTo, hasChromium, scriptErrors, sendLine, startChatInBrowser, type ChatInBrowser } from './browser-harness.ts';
import { twoMoonsCsv } from '../../tutor/user-datasets/two-moons.ts';

const LECTURER_KEY = 'browser-own-data-lecturer';

describe.skipIf(!hasChromium)('own data in the web chat (Chromium)', () => {
  let chat: ChatInBrowser;
  let fileDir: string;

  beforeAll(async () => {
    chat = await startChatInBrowser({ lecturerKey: LECTURER_KEY });
    fileDir = mkdtempSync(path.join(tmpdir(), 'nn-tutor-upload-'));
  });
  afterAll(async () => {
    await chat?.close();
    rmSync(fileDir, { recursive: true, force: true });
  });

  /** Drops a file on the page the way a browser does (a drop event carrying a File). */
  async function dropFile(page: Page, name: string, content: string): Promise<void> {
    await page.evaluate(({ name, content }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([content], name, { type: 'text/csv' }));
      document.dispatchEvent(new DragEvent('dragenter', { dataTransfer: transfer, bubbles: true }));
      document.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, { name, content });
  }

  it('attach → describe + train → save; lecturer drops, saves and shares; a second student trains on class:moons', async () => {
    const ada = await chat.openUser('Ada');
    const moonsFile = path.join(fileDir, 'moons.csv');
    writeFileSync(moonsFile, twoMoonsCsv(300, 0.1, 11));

    // the 📎 button opens the file picker; the chosen file waits as a chip and the command line names it
    const [chooser] = await Promise.all([ada.waitForEvent('filechooser'), ada.locator('#attach').click()]);
    await chooser.setFiles(moonsFile);
    await expect.poll(() => ada.locator('#input').inputValue()).toBe('/train data:moons.csv ');
    await expect(ada.locator('#attachment').innerText()).resolves.toMatch(/moons\.csv \(\d+ KB\)/);
    await chat.screenshot(ada, 'own-data-1-attached.png');

    await ada.locator('#input').pressSequentially('activation:relu');
    const described = await botReplyTo(ada, () => ada.locator('#input').press('Enter'), /moons\.csv: 300 points/);
    expect(await ada.locator('#attachment').isHidden()).toBe(true);
    await described.locator('.gallery img').waitFor();
    expect(await described.locator('.gallery img').getAttribute('alt')).toMatch(/your data moons\.csv on the plane/);
    expect(await described.innerText()).toMatch(/150 blue \(\+1\), 150 orange \(−1\)/);
    const trained = ada.locator('.message.bot').filter({ hasText: /Test accuracy/ }).filter({ has: ada.locator('.gallery img') }).last();
    await trained.waitFor({ timeout: 30_000 });
    expect(await trained.locator('.gallery img').count()).toBe(2);
    const accuracy = Number(/Test accuracy (\d+(?:\.\d+)?)%/.exec(await trained.innerText())?.[1]);
    expect(accuracy).toBeGreaterThanOrEqual(95);
    await chat.screenshot(ada, 'own-data-2-trained.png');

    const saved = await botReplyTo(ada, () => sendLine(ada, '/dataset save name:moons'), /Saved moons/);
    expect(await saved.innerText()).toMatch(/300 points/);

    // the lecturer drops a file on the page while a /dataset line is typed
    const lee = await chat.openUser('Lee', { lecturerKey: LECTURER_KEY });
    await lee.locator('#input').fill('/dataset');
    await dropFile(lee, 'class moons.csv', twoMoonsCsv(300, 0.1, 12));
    await expect.poll(() => lee.locator('#input').inputValue()).toBe('/dataset data:"class moons.csv"');
    await botReplyTo(lee, () => lee.locator('#input').press('Enter'), /class moons\.csv: 300 points/);
    await botReplyTo(lee, () => sendLine(lee, '/dataset save name:moons'), /Saved moons/);

    const bob = await chat.openUser('Bob');
    // Bob sees the share in the channel
    const sharedSeen = await botReplyTo(lee, () => sendLine(lee, '/dataset share name:moons'), /shared the dataset moons with the class/);
    expect(await sharedSeen.innerText()).toContain('/train dataset:class:moons');
    await bob.locator('.message.bot').filter({ hasText: /shared the dataset moons/ }).waitFor();

    // autocomplete offers the shared set
    await bob.locator('#input').pressSequentially('/train dataset:cla');
    await expect.poll(() => bob.locator('.suggestion .label').allTextContents()).toContain('class:moons');
    await bob.locator('#input').fill('');
    await sendLine(bob, '/train dataset:class:moons activation:relu');
    const bobTrained = bob.locator('.message.bot').filter({ hasText: /class:moons/ }).filter({ hasText: /Test accuracy/ }).last();
    await bobTrained.waitFor({ timeout: 30_000 });
    expect(Number(/Test accuracy (\d+(?:\.\d+)?)%/.exec(await bobTrained.innerText())?.[1])).toBeGreaterThanOrEqual(95);
    await chat.screenshot(bob, 'own-data-3-class-moons.png');

    // a wrong file is refused at once, before sending
    const [again] = await Promise.all([bob.waitForEvent('filechooser'), bob.locator('#attach').click()]);
    const notes = path.join(fileDir, 'notes.txt');
    writeFileSync(notes, 'hello');
    await again.setFiles(notes);
    await expect.poll(() => bob.locator('#hint').innerText()).toMatch(/notes\.txt is not a \.csv or \.json file/);

    for (const page of [ada, lee, bob]) expect(scriptErrors(page)).toEqual([]);
  }, 120_000);
});
