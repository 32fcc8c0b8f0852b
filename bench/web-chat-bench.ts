/**
 * What the browser benchmarks share: a web chat on a scratch database with generous rate limits, a
 * headless Chromium page signed in, "pictures decoded in the page" waiting, and the median/min/max
 * line they print. Used by the upload and drawing benchmarks.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { logger } from '../src/chat/logger.ts';
import { loadCommands } from '../src/chat/registry.ts';
import { closeJobPool, warmUpJobPool } from '../src/jobs/index.ts';
import { perMinute, startLocalChat } from '../src/platforms/local/index.ts';
import { closeStore, getStore } from '../src/store/index.ts';

/** Where the browser benchmarks find Chromium. */
export const BENCH_CHROMIUM = '/usr/bin/chromium';

/** A running web chat with one signed-in page, and a scratch folder for the bench's files. */
export interface WebChatBench {
  page: Page;
  dir: string;
}

/** The middle value of a list of numbers (upper middle for an even count). */
export function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

/** "median X ms (target ≤ T ms), min Y, max Z" for a list of times. */
export function describeTimesMs(timesMs: number[], targetMs?: number): string {
  const target = targetMs === undefined ? '' : ` (target ≤ ${targetMs} ms)`;
  return `median ${median(timesMs).toFixed(0)} ms${target}, min ${Math.min(...timesMs).toFixed(0)}, max ${Math.max(...timesMs).toFixed(0)}`;
}

/** Waits until at least `count` bot pictures are decoded in the page (naturalWidth > 0). */
export async function waitForDecodedPictures(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    (n) => Array.from(document.querySelectorAll<HTMLImageElement>('.message.bot .gallery img')).filter((i) => i.complete && i.naturalWidth > 0).length >= n,
    count,
    { polling: 'raf', timeout: 60_000 },
  );
}

/** How many bot pictures the page shows now (decoded or not). */
export function countBotPictures(page: Page): Promise<number> {
  return page.locator('.message.bot .gallery img').count();
}

/**
 * Starts a web chat on a scratch database, opens it in headless Chromium as `Bench`, runs `body`,
 * and tears everything down. Prints a skip line (and runs nothing) when Chromium is missing.
 */
export async function withWebChatBench(name: string, body: (bench: WebChatBench) => Promise<void>): Promise<void> {
  if (!existsSync(BENCH_CHROMIUM)) {
    console.log(`${name} bench skipped: ${BENCH_CHROMIUM} is missing`);
    return;
  }
  logger.level = 'warn';
  const dir = mkdtempSync(path.join(tmpdir(), `nn-tutor-${name}-bench-`));
  closeStore();
  getStore({ dataDir: path.join(dir, 'data') });
  const generous = perMinute(100_000);
  const server = await startLocalChat({ host: '127.0.0.1', port: 0, rateLimits: { commands: generous, chatLines: generous, clicks: generous } }, { commands: await loadCommands() });
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: BENCH_CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    await warmUpJobPool();
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(`${server.url}/?name=Bench`);
    await page.locator('#connection.live').waitFor();
    await body({ page, dir });
  } finally {
    await browser?.close();
    await server.stop();
    await closeJobPool();
    closeStore();
    rmSync(dir, { recursive: true, force: true });
  }
}
