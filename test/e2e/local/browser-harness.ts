import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { loadCommands } from '../../../src/chat/registry.ts';
import { closeJobPool } from '../../../src/jobs/index.ts';
import { startLocalChat, type LocalChatServer } from '../../../src/platforms/local/index.ts';

/** Debian's Chromium; `.ci/run` installs it when missing. */
export const CHROMIUM = '/usr/bin/chromium';
/** False when Chromium is absent: browser tests skip with a message saying how to install it. */
export const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`[e2e] skipping browser tests: ${CHROMIUM} is missing (install it with: apt-get install -y chromium)`);

/** Where browser tests leave screenshots for a person to look at. */
export const SCREENSHOT_DIR = process.env.E2E_SCREENSHOT_DIR ?? path.join(tmpdir(), 'nn-tutor-e2e');

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A local web chat server on a free port with every command, and a way to open browser users on it. */
export interface ChatInBrowser {
  server: LocalChatServer;
  /** Opens the chat as a new person (own Chromium profile, so own identity) and waits until it is live. */
  openUser(name: string, options?: { lecturerKey?: string }): Promise<Page>;
  /** Saves a screenshot of `page` under SCREENSHOT_DIR. */
  screenshot(page: Page, fileName: string): Promise<string>;
  close(): Promise<void>;
}

/** Starts the local chat and returns helpers for driving it from Chromium (fresh user-data-dir per user). */
export async function startChatInBrowser(options: { lecturerKey?: string } = {}): Promise<ChatInBrowser> {
  const server = await startLocalChat({ host: '127.0.0.1', port: 0, lecturerKey: options.lecturerKey }, { commands: await loadCommands() });
  const contexts: { context: BrowserContext; dir: string }[] = [];
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    server,
    async openUser(name, userOptions = {}) {
      const dir = mkdtempSync(path.join(tmpdir(), 'nn-tutor-chromium-'));
      // launchPersistentContext passes the fresh profile as --user-data-dir.
      const context = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1366, height: 900 } });
      contexts.push({ context, dir });
      const page = context.pages()[0] ?? (await context.newPage());
      // Record every progress text shown: training is fast, so a bar may not stay on screen for long.
      await page.addInitScript(() => {
        const seen: string[] = [];
        (window as unknown as { progressTexts: string[] }).progressTexts = seen;
        new MutationObserver(() => {
          for (const node of Array.from(document.querySelectorAll('.message.bot .progress-text')))
            if (!seen.includes(node.textContent ?? '')) seen.push(node.textContent ?? '');
        }).observe(document, { subtree: true, childList: true, characterData: true });
      });
      const query = new URLSearchParams({ name, ...(userOptions.lecturerKey ? { key: userOptions.lecturerKey } : {}) });
      await page.goto(`${server.url}/?${query}`);
      await page.locator('#connection.live').waitFor();
      return page;
    },
    async screenshot(page, fileName) {
      const file = path.join(SCREENSHOT_DIR, fileName);
      await page.screenshot({ path: file });
      return file;
    },
    async close() {
      for (const { context, dir } of contexts) {
        await context.close();
        rmSync(dir, { recursive: true, force: true });
      }
      await server.stop();
      await closeJobPool();
    },
  };
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
