/** The autoencoder demo's trainer: its measurements on a tiny run, its budget and cancel, and its option ranges. */
import { describe, expect, it } from 'vitest';
import { resolveDemoOptions, trainArchitectureDemo } from '../../../src/engine/tfjs/architectures/index.ts';
import { EXAMPLES_PER_CLASS, WALK_STEPS } from '../../../src/engine/tfjs/architectures/autoencoder.ts';
import { loadTf } from '../../../src/engine/tfjs/load-tf.ts';

describe('autoencoder demo', () => {
  it('one epoch on 200 images → codes for all 1000 test digits, 2 examples per digit, a 9×9 walk and accuracies that add up', async () => {
    const progress: number[] = [];
    const run = await trainArchitectureDemo('autoencoder', { epochs: 1, trainImages: 200, seed: 5 }, { timeLimitMs: 120_000, onProgress: (f) => progress.push(f) });
    if (run.demo !== 'autoencoder') throw new Error('wrong demo');
    const r = run.result;
    expect(r.stopReason).toBe('epochs');
    expect(r.epochsRun).toBe(1);
    expect(r.params).toBe(16834);
    expect(r.testCodes).toHaveLength(1000);
    expect(r.testLabels).toHaveLength(1000);
    expect(r.examples.map((e) => e.label)).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9].slice(0, 10 * EXAMPLES_PER_CLASS));
    expect(r.walk.images).toHaveLength(WALK_STEPS * WALK_STEPS);
    expect(r.walk.images[0]).toHaveLength(256);
    expect(r.meanImage).toHaveLength(256);
    // the overall nearest-centre accuracy is the mean of the per-digit ones (100 test digits of each)
    const perDigitMean = r.classCentroidAccuracy.reduce((a, b) => a + b, 0) / 10;
    expect(r.centroidAccuracy).toBeCloseTo(perDigitMean, 10);
    expect(r.testError).toBeGreaterThan(0);
    expect(r.meanImageError).toBeGreaterThan(0.01);
    for (const example of r.examples) expect(example.reconstruction.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.every((f, i) => i === 0 || f >= progress[i - 1])).toBe(true);
  }, 120_000);

  it('a small run → no tensors left behind (encoder, decoder, data, measurements and Adam moments all freed)', async () => {
    const { tf } = await loadTf();
    await trainArchitectureDemo('autoencoder', { epochs: 1, trainImages: 200, seed: 6 }, { timeLimitMs: 120_000 });
    const before = tf.memory().numTensors;
    await trainArchitectureDemo('autoencoder', { epochs: 1, trainImages: 200, seed: 6 }, { timeLimitMs: 120_000 });
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);

  it('a budget far shorter than the training → stops early with stopReason time-limit and still returns its measurements', async () => {
    const run = await trainArchitectureDemo('autoencoder', { epochs: 40, trainImages: 2000, seed: 5 }, { timeLimitMs: 300 });
    if (run.demo !== 'autoencoder') throw new Error('wrong demo');
    expect(run.result.stopReason).toBe('time-limit');
    expect(run.result.epochsRun).toBeLessThan(40);
    expect(Number.isFinite(run.result.testError)).toBe(true);
  }, 120_000);

  it('an abort signal fired during training → stopReason cancelled', async () => {
    const controller = new AbortController();
    const run = await trainArchitectureDemo('autoencoder', { epochs: 40, trainImages: 2000, seed: 5 }, {
      timeLimitMs: 120_000, signal: controller.signal,
      onProgress: (fraction) => { if (fraction > 0.06) controller.abort(); },
    });
    expect(run.result.stopReason).toBe('cancelled');
    expect(run.result.epochsRun).toBeLessThan(40);
  }, 120_000);

  it('options outside their ranges → an error naming the option and its range; defaults fill the rest', () => {
    expect(() => resolveDemoOptions('autoencoder', { learningRate: 0 })).toThrow('`learningRate` for the autoencoder demo must be a number from 0.0001 to 0.1 (got 0).');
    expect(() => resolveDemoOptions('autoencoder', { epochs: 2.5 })).toThrow(/whole number from 1 to 40/);
    expect(() => resolveDemoOptions('autoencoder', { filters: 4 })).toThrow('`filters` is not an option of the autoencoder demo; it takes epochs, learningRate, seed, trainImages.');
    expect(resolveDemoOptions('autoencoder', { seed: 9 })).toEqual({ epochs: 12, learningRate: 0.01, seed: 9, trainImages: 2000 });
  });
});
