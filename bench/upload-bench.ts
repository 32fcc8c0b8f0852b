/**
 * Own-data benchmark (issue 15): upload → first picture in the web chat. A real Chromium page attaches
 * a 2,000-point CSV with the 📎 button and sends `/train data:<file>`; the time runs from pressing
 * Enter to the scatter plot (the first picture) being loaded in the page, then to the trained
 * result. Median of several runs. Run alone: npx tsx bench/upload-bench.ts
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { loadCommands } from '../src/chat/registry.ts';
import { logger } from '../src/chat/logger.ts';
import { closeJobPool, warmUpJobPool } from '../src/jobs/index.ts';
import { perMinute, startLocalChat } from '../src/platforms/local/index.ts';
import { closeStore, getStore } from '../src/store/index.ts';
import { twoMoonsCsv } from '../test/tutor/user-datasets/two-moons.ts';

const CHROMIUM = '/usr/bin/chromium';
const RUNS = 7;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Runs the upload benchmark and prints its medians. */
export async function runUploadBench(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    console.log(`upload bench skipped: ${CHROMIUM} is missing`);
    return;
  }
  logger.level = 'warn';
  const dir = mkdtempSync(path.join(tmpdir(), 'nn-tutor-upload-bench-'));
  closeStore();
  getStore({ dataDir: path.join(dir, 'data') });
  const generous = perMinute(100_000);
  const server = await startLocalChat({ host: '127.0.0.1', port: 0, rateLimits: { commands: generous, chatLines: generous, clicks: generous } }, { commands: await loadCommands() });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    await warmUpJobPool();
    const file = path.join(dir, 'moons-2000.csv');
    writeFileSync(file, twoMoonsCsv(2000, 0.1, 3));
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(`${server.url}/?name=Bench`);
    await page.locator('#connection.live').waitFor();
    console.log(`\n== own data: upload → first picture in the web chat (2,000-point CSV, ${RUNS} runs + 1 warm-up) ==`);
    const firstPicture: number[] = [];
    const trained: number[] = [];
    for (let run = 0; run <= RUNS; run++) {
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator('#attach').click()]);
      await chooser.setFiles(file);
      await page.waitForFunction(() => (document.querySelector('#input') as HTMLInputElement).value.startsWith('/train data:'));
      const loadedBefore = await page.locator('.message.bot .gallery img').count();
      const started = performance.now();
      await page.locator('#input').press('Enter');
      // a picture counts once the browser has decoded it (naturalWidth > 0)
      const loadedImages = (count: number) => page.waitForFunction((n) => Array.from(document.querySelectorAll<HTMLImageElement>('.message.bot .gallery img')).filter((i) => i.complete && i.naturalWidth > 0).length >= n, count, { polling: 'raf', timeout: 60_000 });
      await loadedImages(loadedBefore + 1);
      const firstMs = performance.now() - started;
      await loadedImages(loadedBefore + 3);
      const trainedMs = performance.now() - started;
      if (run > 0) {
        firstPicture.push(firstMs);
        trained.push(trainedMs);
      }
    }
    console.log(`upload → scatter plot shown: median ${median(firstPicture).toFixed(0)} ms (target ≤ 1000 ms), min ${Math.min(...firstPicture).toFixed(0)}, max ${Math.max(...firstPicture).toFixed(0)}`);
    console.log(`upload → trained result shown (200 epochs on 1,000 training points): median ${median(trained).toFixed(0)} ms`);
  } finally {
    await browser.close();
    await server.stop();
    await closeJobPool();
    closeStore();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runUploadBench();
