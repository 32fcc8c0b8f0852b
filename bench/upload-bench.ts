/**
 * Own-data benchmark (issue 15): upload → first picture in the web chat. A real Chromium page attaches
 * a 2,000-point CSV with the 📎 button and sends `/train data:<file>`; the time runs from pressing
 * Enter to the scatter plot (the first picture) being loaded in the page, then to the trained
 * result. Median of several runs. Run alone: npx tsx bench/upload-bench.ts
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { twoMoonsCsv } from '../test/tutor/user-datasets/two-moons.ts';
import { countBotPictures, describeTimesMs, median, waitForDecodedPictures, withWebChatBench } from './web-chat-bench.ts';

const RUNS = 7;

/** Runs the upload benchmark and prints its medians. */
export async function runUploadBench(): Promise<void> {
  await withWebChatBench('upload', async ({ page, dir }) => {
    const file = path.join(dir, 'moons-2000.csv');
    writeFileSync(file, twoMoonsCsv(2000, 0.1, 3));
    console.log(`\n== own data: upload → first picture in the web chat (2,000-point CSV, ${RUNS} runs + 1 warm-up) ==`);
    const firstPicture: number[] = [];
    const trained: number[] = [];
    for (let run = 0; run <= RUNS; run++) {
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator('#attach').click()]);
      await chooser.setFiles(file);
      await page.waitForFunction(() => (document.querySelector('#input') as HTMLInputElement).value.startsWith('/train data:'));
      const loadedBefore = await countBotPictures(page);
      const started = performance.now();
      await page.locator('#input').press('Enter');
      await waitForDecodedPictures(page, loadedBefore + 1);
      const firstMs = performance.now() - started;
      await waitForDecodedPictures(page, loadedBefore + 3);
      const trainedMs = performance.now() - started;
      if (run > 0) {
        firstPicture.push(firstMs);
        trained.push(trainedMs);
      }
    }
    console.log(`upload → scatter plot shown: ${describeTimesMs(firstPicture, 1000)}`);
    console.log(`upload → trained result shown (200 epochs on 1,000 training points): median ${median(trained).toFixed(0)} ms`);
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runUploadBench();
