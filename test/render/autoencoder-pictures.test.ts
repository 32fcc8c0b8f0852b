/** The autoencoder demo's pictures, drawn from a made-up result whose code plane has a known layout. */
import { describe, expect, it } from 'vitest';
import type { AutoencoderDemoResult } from '../../src/engine/tfjs/architectures/autoencoder.ts';
import { DIGIT_COLORS, renderLatentScatter, renderLatentWalk, renderReconstructions } from '../../src/render/architecture/autoencoder-pictures.ts';
import { hexToRgb } from '../../src/render/colors.ts';
import { colorDistance, decode, findPixels, layoutSize } from './helpers.ts';

/** Digit k's codes sit around (k, 0): the digits run left to right across the plane. */
function madeUpResult(): AutoencoderDemoResult {
  const testCodes: [number, number][] = [];
  const testLabels: number[] = [];
  for (let digit = 0; digit < 10; digit++)
    for (let i = 0; i < 30; i++) {
      testCodes.push([digit + 0.3 * Math.sin(i), 0.5 * Math.cos(i * 1.7)]);
      testLabels.push(digit);
    }
  const digitImage = (on: number) => Array.from({ length: 256 }, (_, p) => ((p % 16) === on ? 1 : 0));
  return {
    options: { epochs: 3, learningRate: 0.01, seed: 7, trainImages: 500 },
    backend: 'cpu', stopReason: 'epochs', epochsRun: 3, trainMs: 1234, params: 16834,
    testError: 0.0391, trainError: 0.0377, meanImageError: 0.0562, pcaError: 0.0437, meanImage: digitImage(8).map((v) => v * 0.4),
    centroidAccuracy: 0.236, classCentroidAccuracy: [0.31, 0.49, 0.27, 0.18, 0.12, 0.25, 0.02, 0.3, 0.29, 0.01], chanceAccuracy: 0.1,
    centroids: Array.from({ length: 10 }, (_, k) => [k, 0] as [number, number]),
    testCodes, testLabels,
    examples: Array.from({ length: 20 }, (_, i) => ({ label: Math.floor(i / 2), pixels: digitImage(i % 16), reconstruction: digitImage((i + 1) % 16).map((v) => v * 0.6), error: i === 3 ? 0.07 : 0.03 })),
    walk: { xs: Array.from({ length: 9 }, (_, i) => i), ys: Array.from({ length: 9 }, (_, i) => 8 - i), images: Array.from({ length: 81 }, (_, i) => digitImage(i % 16)) },
  };
}

describe('autoencoder pictures', () => {
  it('code plane: each digit\'s points are drawn in its own colour where its codes are (0 at the left, 9 at the right), with the accuracies in the alt text', async () => {
    const image = await renderLatentScatter(madeUpResult());
    expect(image.name).toBe('autoencoder-code-plane.png');
    expect(image.alt).toContain('23.6% of the test digits lie nearest their own digit\'s centre (chance 10.0%)');
    expect(image.alt).toContain('digit 1 is kept apart best (49.0%)');
    const decoded = await decode(image);
    const plot = { left: 58, top: 66, width: 500, height: 480 };
    const meanX = (digit: number) => {
      const color = hexToRgb(DIGIT_COLORS[digit]);
      const onWhite = color.map((c) => 0.7 * c + 0.3 * 255); // points are drawn at 70 % opacity
      const found = findPixels(decoded, plot, (p) => colorDistance(p, color) < 30 || colorDistance(p, onWhite) < 30);
      expect(found.length).toBeGreaterThan(20);
      return found.reduce((sum, p) => sum + p.x, 0) / found.length;
    };
    const xs = [0, 3, 6, 9].map(meanX);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(xs[3] - xs[0]).toBeGreaterThan(plot.width / 2);
  });

  it('reconstructions: the text and alt text give the test error against the mean image\'s, and the card holds two rows per ten digits plus the mean image', async () => {
    const image = await renderReconstructions(madeUpResult());
    expect(image.name).toBe('autoencoder-reconstructions.png');
    expect(image.alt).toContain('mean error per pixel 0.039 against 0.044 for a linear compression to 2 numbers (PCA) and 0.056 for answering the mean image');
    const { width, height } = layoutSize(await decode(image));
    expect(width).toBeGreaterThan(400);
    expect(height).toBeGreaterThan(2 * (2 * 48 + 30) + 48);
  });

  it('walk: a 9×9 grid of decoded images, the code ranges in the alt text', async () => {
    const image = await renderLatentWalk(madeUpResult());
    expect(image.name).toBe('autoencoder-walk.png');
    expect(image.alt).toContain('A 9×9 grid');
    expect(image.alt).toContain('code unit 1 from 0.0 to 8.0');
    expect(layoutSize(await decode(image)).width).toBeGreaterThanOrEqual(400);
  });
});
