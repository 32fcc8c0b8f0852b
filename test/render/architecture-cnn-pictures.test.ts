/** The CNN demo's feature-map card: any allowed filter count fits inside the card, and the vertical-stroke label follows the run. */
import { describe, expect, it } from 'vitest';
import type { CnnDemoResult } from '../../src/engine/tfjs/architectures/cnn.ts';
import { ARCHITECTURE_DEMOS } from '../../src/engine/tfjs/architectures/index.ts';
import { itemsPerRow, renderCnnFeatureMaps } from '../../src/render/architecture/cnn-pictures.ts';
import { decode, findPixels, layoutSize } from './helpers.ts';

/** A made-up finished run with `filters` first-layer filters: strongly signed weights and busy maps, so every grid leaves coloured pixels. */
function fakeCnnResult(filters: number, verticalPreference?: number[]): CnnDemoResult {
  const maps = (count: number, size: number) => Array.from({ length: count }, (_, m) => Array.from({ length: size * size }, (_, p) => ((p * 7 + m * 3) % 11) / 10));
  const digit = Array.from({ length: 256 }, (_, p) => (p % 16 > 5 && p % 16 < 9 ? 1 : 0));
  return {
    options: { epochs: 1, learningRate: 0.01, seed: 1, trainImages: 200, filters }, backend: 'cpu', stopReason: 'epochs', epochsRun: 1, trainMs: 1,
    testAccuracy: 0.9, trainAccuracy: 0.9, params: 1000,
    filters: Array.from({ length: filters }, (_, f) => Array.from({ length: 9 }, (_, k) => ((k + f) % 2 ? 1 : -1))),
    verticalPreference: verticalPreference ?? Array.from({ length: filters }, (_, f) => (f === filters - 1 ? 0.5 : -0.1)),
    example: { pixels: digit, label: 1, predicted: 1 },
    featureMaps: [
      { name: 'conv1', size: 16, maps: maps(filters, 16) }, { name: 'pool1', size: 8, maps: maps(filters, 8) },
      { name: 'conv2', size: 8, maps: maps(2 * filters, 8) }, { name: 'pool2', size: 4, maps: maps(2 * filters, 4) },
    ],
    confusion: [], misclassified: [], mlp: { hiddenUnits: 64, params: 17000, testAccuracy: 0.85, epochs: 3 },
  };
}

const isInk = ([r, g, b]: number[]) => Math.min(r, g, b) < 225;
const { min, max } = ARCHITECTURE_DEMOS.cnn.options.filters;

describe('renderCnnFeatureMaps', () => {
  it.each(Array.from({ length: max - min + 1 }, (_, i) => min + i))('%i filters → nothing drawn in the right margin or below the last row', async (filters) => {
    const image = await decode(await renderCnnFeatureMaps(fakeCnnResult(filters)));
    const { width, height } = layoutSize(image);
    expect(findPixels(image, { left: width - 10, top: 2, width: 7, height: height - 4 }, isInk)).toEqual([]);
    expect(findPixels(image, { left: 2, top: height - 6, width: width - 4, height: 3 }, isInk)).toEqual([]);
    // the last filter (the vertical one here) is drawn: its signed cells are blue or orange, not grey
    expect(findPixels(image, { left: 0, top: 60, width, height: 140 }, ([r, , b]) => Math.abs(r - b) > 60).length).toBeGreaterThan(0);
  });

  it('a 12-filter run → the alt text names filter 12 as the vertical one', async () => {
    expect((await renderCnnFeatureMaps(fakeCnnResult(12))).alt).toContain('filter 12 responds most to vertical strokes');
  });

  it('no filter prefers vertical bars (all preferences ≤ 0) → the card does not name one', async () => {
    const image = await renderCnnFeatureMaps(fakeCnnResult(4, [-0.2, -0.1, 0, -0.3]));
    expect(image.alt).toContain('none prefers vertical strokes');
    expect(image.alt).not.toMatch(/filter \d+ responds/);
  });

  it('itemsPerRow: 12 items where 9 fit → 2 balanced rows of 6; 4 items → one row', () => {
    expect(itemsPerRow(12, 42, 22, 9 * 64 - 22)).toBe(6);
    expect(itemsPerRow(4, 42, 22, 9 * 64 - 22)).toBe(4);
    expect(itemsPerRow(3, 500, 10, 100)).toBe(1);
  });
});
