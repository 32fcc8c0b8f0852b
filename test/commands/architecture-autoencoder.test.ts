/** The /architecture autoencoder reply: every sentence follows the run's numbers, whichever way they came out. */
import { describe, expect, it } from 'vitest';
import { architectureText } from '../../commands/_lib/architecture-text.ts';
import { architectureData } from '../../commands/_lib/architecture-options.ts';
import type { AutoencoderDemoResult } from '../../src/engine/tfjs/architectures/autoencoder.ts';

function result(overrides: Partial<AutoencoderDemoResult>): AutoencoderDemoResult {
  return {
    options: { epochs: 12, learningRate: 0.01, seed: 1, trainImages: 2000 },
    backend: 'cpu', stopReason: 'epochs', epochsRun: 12, trainMs: 6100, params: 16834,
    testError: 0.0385, trainError: 0.0371, meanImageError: 0.0558, pcaError: 0.0434, meanImage: [],
    centroidAccuracy: 0.224, classCentroidAccuracy: [0.31, 0.49, 0.27, 0.18, 0.12, 0.25, 0.02, 0.3, 0.29, 0.01], chanceAccuracy: 0.1,
    centroids: [], testCodes: [], testLabels: [], examples: [], walk: { xs: [], ys: [], images: [] },
    ...overrides,
  };
}

const text = (overrides: Partial<AutoencoderDemoResult> = {}) => architectureText({ demo: 'autoencoder', result: result(overrides) });

describe('/architecture autoencoder reply', () => {
  it('a default-like run → both baselines beaten by the stated margins, accuracy against chance, best and worst digit, and why most digits mix', () => {
    const t = text();
    expect(t).toContain('**0.0385**, against **0.0558** for always answering the mean training image — 31.0% lower than that baseline (training digits: 0.0371)');
    expect(t).toContain('(PCA) — gets **0.0434**: the autoencoder, with its nonlinear (ReLU and sigmoid) layers, rebuilds the digits from the same 2 numbers with 11.3% less error.');
    expect(t).toContain('22.4% of the test digits lie nearest the centre of their own digit\'s training codes, against 10.0% by chance');
    expect(t).toContain('Kept apart best: digit 1 (49.0%); most mixed up: digit 9 (1.0%).');
    expect(t).toContain('more than half of the test digits sit nearer another digit\'s centre than their own');
    expect(t).not.toContain('time limit');
  });

  it('a run that beats neither baseline nor chance → says so, and claims no margin', () => {
    const t = text({ testError: 0.06, pcaError: 0.05, centroidAccuracy: 0.09, epochsRun: 1 });
    expect(t).toContain('no better than that baseline, so the 2 numbers do not help yet');
    expect(t).toContain('the autoencoder did not beat it in this run');
    expect(t).toContain('only 9.0% of the test digits lie nearest the centre of their own digit\'s training codes — no better than 10.0% by chance');
    expect(t).not.toMatch(/less error|lower than that baseline/);
    expect(t).toContain('1 epoch ·');
  });

  it('a run whose code keeps most digits apart → no "more than half sit nearer another digit" sentence', () => {
    expect(text({ centroidAccuracy: 0.62 })).not.toContain('more than half');
  });

  it('a run stopped by the time limit → the reply says it is less trained than asked', () => {
    expect(text({ stopReason: 'time-limit', epochsRun: 5 })).toContain('time limit before its last epoch');
  });

  it('the JSON data carries the numbers the text is written from, without codes or pixels', () => {
    const data = architectureData({ demo: 'autoencoder', result: result({}) });
    expect(data).toMatchObject({ model: 'autoencoder', testError: 0.0385, meanImageError: 0.0558, pcaError: 0.0434, centroidAccuracy: 0.224, params: 16834 });
    expect(data).not.toHaveProperty('testCodes');
    expect(data).not.toHaveProperty('meanImage');
  });
});
