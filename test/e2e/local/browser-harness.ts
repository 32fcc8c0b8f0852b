import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { loadCommands } from '../../../src/chat/registry.ts';
import { closeJobPool } from '../../../src/jobs/index.ts';
import { closeStore, getStore } from '../../../src/store/index.ts';
import { perMinute, startLocalChat, type LocalChatServer } from '../../../src/platforms/local/index.ts';

/** Debian's Chromium; `.ci/run` installs it when missing. */
export const CHROMIUM = '/usr/bin/chromium';
/** False when Chromium is absent: browser tests skip with a message saying how to install it. */
export const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`[e2e] skipping browser tests: ${CHROMIUM} is missing (install it with: apt-get install -y chromium)`);

/** Where browser tests leave screenshots for a person to look at (git-ignored `test-output/e2e`). */
export const SCREENSHOT_DIR = process.env.E2E_SCREENSHOT_DIR ?? fileURLToPath(new URL('../../../test-output/e2e/', import.meta.url));

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A local web chat server on a free port with every command, and a way to open browser users on it. */
export interface ChatInBrowser {
  server: LocalChatServer;
  /** Opens the chat as a new person (own browser context, so own storage and identity) and waits until it is live. */
  openUser(name: string, options?: {
    lecturerKey?: string;
    viewport?: { width: number; height: number };
    /** A phone: touch, a small screen at two device pixels per CSS pixel. */
    isMobile?: boolean;
    /** Types the name into the welcome dialog (as a new person does) instead of passing it in the address. */
    typesName?: boolean;
    reducedMotion?: 'reduce' | 'no-preference';
  }): Promise<Page>;
  /** The same person leaves (closes the tab) and comes back in a new tab of the same browser profile. */
  reopen(page: Page): Promise<Page>;
  /** Saves a screenshot of `page` (or of one element on it) under SCREENSHOT_DIR. */
  screenshot(page: Page, fileName: string, element?: Locator): Promise<string>;
  close(): Promise<void>;
}

/**
 * Starts the local chat and returns helpers for driving it from Chromium: one browser, a fresh
 * context per user. The tutor's store (lesson progress, quiz cards, live quizzes) lives in
 * `dataDir` (default: a new temp folder), removed by `close()`, so test runs never share state.
 */
export async function startChatInBrowser(options: { lecturerKey?: string; dataDir?: string } = {}): Promise<ChatInBrowser> {
  const dataDir = options.dataDir ?? tempDataDir();
  closeStore();
  getStore({ dataDir });
  // a test clicks far faster than a person: the per-session rate limits have their own tests (guards, api-security)
  const generous = perMinute(6_000);
  const server = await startLocalChat(
    { host: '127.0.0.1', port: 0, lecturerKey: options.lecturerKey, rateLimits: { chatLines: generous, commands: generous, clicks: generous } },
    { commands: await loadCommands() },
  );
  let browser: Browser | undefined;
  const pageUrls = new WeakMap<Page, string>();
  mkdirSync(SCREENSHOT_DIR, { recursive: true });

  const openPage = async (page: Page, url: string, typedName?: string): Promise<Page> => {
    // Record every progress text shown: training is fast, so a bar may not stay on screen for long.
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { progressTexts: string[] }).progressTexts = seen;
      new MutationObserver(() => {
        for (const node of Array.from(document.querySelectorAll('.message.bot .progress-text')))
          if (!seen.includes(node.textContent ?? '')) seen.push(node.textContent ?? '');
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    page.on('pageerror', (error) => errorsOf(page).push(error.message));
    await page.goto(url);
    if (typedName !== undefined) {
      await page.locator('#name-input').fill(typedName);
      await page.locator('#name-ok').click();
    }
    await page.locator('#connection.live').waitFor();
    pageUrls.set(page, url);
    return page;
  };

  return {
    server,
    async openUser(name, userOptions = {}) {
      browser ??= await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
      const context = await browser.newContext({
        viewport: userOptions.viewport ?? { width: 1366, height: 900 },
        ...(userOptions.isMobile ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
        ...(userOptions.reducedMotion ? { reducedMotion: userOptions.reducedMotion } : {}),
      });
      const query = new URLSearchParams({ ...(userOptions.typesName ? {} : { name }), ...(userOptions.lecturerKey ? { key: userOptions.lecturerKey } : {}) });
      return openPage(await context.newPage(), `${server.url}/?${query}`, userOptions.typesName ? name : undefined);
    },
    async reopen(page) {
      const url = pageUrls.get(page) ?? page.url();
      const context = page.context();
      await page.close();
      return openPage(await context.newPage(), url);
    },
    async screenshot(page, fileName, element) {
      const file = path.join(SCREENSHOT_DIR, fileName);
      if (element) await element.screenshot({ path: file });
      else await page.screenshot({ path: file });
      return file;
    },
    async close() {
      await browser?.close();
      await server.stop();
      await closeJobPool();
      closeStore();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const pageErrors = new WeakMap<Page, string[]>();
function errorsOf(page: Page): string[] {
  if (!pageErrors.has(page)) pageErrors.set(page, []);
  return pageErrors.get(page)!;
}

/** Uncaught script errors this page has thrown so far (a test expects none). */
export function scriptErrors(page: Page): string[] {
  return [...errorsOf(page)];
}

/** Types a line into the composer and sends it with Enter. */
export async function sendLine(page: Page, text: string): Promise<void> {
  await page.locator('#input').fill(text);
  await page.locator('#input').press('Enter');
}

/** Progress texts this page has shown so far. */
export function progressTextsSeen(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { progressTexts: string[] }).progressTexts);
}

/** A fresh data folder for one test file's store (`close()` removes the one it was given). */
export function tempDataDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'nn-tutor-e2e-data-'));
}

/** The newest bot message that contains `text` (a step heading, a verdict…), as this page shows it. */
export function latestBotMessage(page: Page, text: string | RegExp): Locator {
  return page.locator('.message.bot').filter({ hasText: text }).last();
}

/**
 * Remembers the bot messages this page shows now and returns a function that waits until the page
 * shows a new one (not in that snapshot) whose text contains `text`, and returns it. A message
 * redrawn in place (a private lesson step moving on) counts as new: the snapshot holds each
 * message's id and drawing (`data-version`). Used when something happens elsewhere (another
 * person's click) that this page should see.
 */
export async function watchForBotMessage(page: Page, text: string | RegExp, timeoutMs = 30_000): Promise<() => Promise<Locator>> {
  const seen = await page.locator('.message.bot').evaluateAll((nodes) => nodes.map((n) => `${(n as HTMLElement).dataset.id}@${(n as HTMLElement).dataset.version}`));
  const pattern = typeof text === 'string' ? { source: text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), flags: '' } : { source: text.source, flags: text.flags };
  return async () => {
    const handle = await page.waitForFunction(({ seen, source, flags }) => {
      const wanted = new RegExp(source, flags);
      const fresh = Array.from(document.querySelectorAll<HTMLElement>('.message.bot'))
        .filter((n) => !seen.includes(`${n.dataset.id}@${n.dataset.version}`) && wanted.test(n.innerText));
      return fresh.at(-1)?.dataset.id ?? false;
    }, { seen, ...pattern }, { timeout: timeoutMs });
    return page.locator(`.message[data-id="${String(await handle.jsonValue())}"]`);
  };
}

/** Does `action` (a click, a typed command), then waits for this page's new bot message containing `text`. */
export async function botReplyTo(page: Page, action: () => Promise<unknown>, text: string | RegExp, timeoutMs = 30_000): Promise<Locator> {
  const next = await watchForBotMessage(page, text, timeoutMs);
  await action();
  return next();
}
