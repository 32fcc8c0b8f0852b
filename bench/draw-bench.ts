/**
 * Drawn-data benchmark (issue 15): "Train on this" → first picture in the web chat. A real Chromium
 * page opens `/dataset draw`, brushes 2,000 points (1,000 blue, 1,000 orange) and presses Train on
 * this; the time runs from the click to the first picture of the answer being decoded in the page
 * (the scatter plot describing the points), then to the trained result. Median of several runs.
 * Run it: npx tsx bench/draw-bench.ts
 */
import { pathToFileURL } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { countBotPictures, describeTimesMs, median, waitForDecodedPictures, withWebChatBench } from './web-chat-bench.ts';

const RUNS = 7;
const POINTS_PER_CLASS = 1000;

/** Brushes horizontal strokes of one colour in a band of the canvas until the drawing holds `until` points. */
async function brushBand(page: Page, widget: Locator, colour: 'Blue' | 'Orange', band: [number, number], until: number): Promise<void> {
  await widget.getByRole('button', { name: colour }).click();
  const box = (await widget.locator('canvas').boundingBox())!;
  for (let row = 0; Number(await widget.getAttribute('data-points')) < until && row < 200; row++) {
    const y = box.y + box.height * (band[0] + ((row % 20) / 20) * (band[1] - band[0]));
    await page.mouse.move(box.x + 50, y);
    await page.mouse.down();
    for (let i = 0; i <= 40; i++) await page.mouse.move(box.x + 50 + (i * (box.width - 70)) / 40, y);
    await page.mouse.up();
  }
}

/** Runs the drawing benchmark and prints its medians. */
export async function runDrawBench(): Promise<void> {
  await withWebChatBench('draw', async ({ page }) => {
    await page.locator('#input').fill('/dataset draw');
    await page.locator('#input').press('Enter');
    const widget = page.locator('.draw-widget');
    await widget.waitFor();
    await widget.getByRole('button', { name: 'Brush' }).click();
    await brushBand(page, widget, 'Blue', [0.15, 0.4], POINTS_PER_CLASS);
    await brushBand(page, widget, 'Orange', [0.55, 0.8], 2 * POINTS_PER_CLASS);
    const counts = `${await widget.getAttribute('data-blue')} blue, ${await widget.getAttribute('data-orange')} orange`;
    console.log(`\n== own data: drawn points → first picture in the web chat (${counts}, ${RUNS} runs + 1 warm-up) ==`);
    const firstPicture: number[] = [];
    const trained: number[] = [];
    for (let run = 0; run <= RUNS; run++) {
      const loadedBefore = await countBotPictures(page);
      const started = performance.now();
      await widget.getByRole('button', { name: 'Train on this' }).click();
      await waitForDecodedPictures(page, loadedBefore + 1);
      const firstMs = performance.now() - started;
      await waitForDecodedPictures(page, loadedBefore + 3);
      const trainedMs = performance.now() - started;
      if (run > 0) {
        firstPicture.push(firstMs);
        trained.push(trainedMs);
      }
      await page.waitForTimeout(1600); // the button takes clicks again after 1.5 s (against double sends)
    }
    console.log(`Train on this → scatter plot shown: ${describeTimesMs(firstPicture, 1000)}`);
    console.log(`Train on this → trained result shown (200 epochs on 1,000 training points): median ${median(trained).toFixed(0)} ms`);
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runDrawBench();
