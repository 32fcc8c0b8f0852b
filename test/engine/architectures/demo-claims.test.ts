/**
 * The "done when" figures on 3 seeds, with the default settings a student gets:
 * the CNN reaches ≥ 95 % test accuracy on the generated digits, and the RNN's continuation error
 * is below the fixed-window MLP's; the autoencoder's 2-D code rebuilds the test digits better than
 * the mean image and than PCA to 2 numbers, and keeps the digits apart better than chance, but not for most digits; the attention
 * model reverses the test sequences with its attention on the mirrored positions; plus the lesson's
 * other claims about the same runs (CNN above the MLP's accuracy, RNN longer in the band).
 * Slow (several full trainings on the pure-JS backend): each cnn/rnn run is made once and shared by its claims.
 */
import { describe, expect, it } from 'vitest';
import { trainArchitectureDemo, type ArchitectureDemoName, type ArchitectureDemoResult, type CnnDemoResult, type RnnDemoResult } from '../../../src/engine/tfjs/architectures/index.ts';

const SEEDS = [1, 2, 3];
const NO_LIMIT = { timeLimitMs: 30 * 60_000 };

const runs = new Map<string, Promise<ArchitectureDemoResult>>();
/** The demo with its defaults and `seed`, trained once per file however many tests read it. */
function defaultRun(demo: ArchitectureDemoName, seed: number): Promise<ArchitectureDemoResult> {
  const key = `${demo}:${seed}`;
  if (!runs.has(key)) runs.set(key, trainArchitectureDemo(demo, { seed }, NO_LIMIT));
  return runs.get(key)!;
}

describe('architecture demos on 3 seeds (defaults)', () => {
  it.each(SEEDS)('autoencoder, seed %i → test error below the mean image\'s and PCA\'s, nearest-centre accuracy in the code above 10 % chance and below 50 %', async (seed) => {
    const run = await trainArchitectureDemo('autoencoder', { seed }, NO_LIMIT);
    if (run.demo !== 'autoencoder') throw new Error('wrong demo');
    expect(run.result.stopReason).toBe('epochs');
    expect(run.result.testError).toBeLessThan(run.result.meanImageError);
    expect(run.result.testError).toBeLessThan(run.result.pcaError);
    expect(run.result.centroidAccuracy).toBeGreaterThan(0.1);
    expect(run.result.centroidAccuracy).toBeLessThan(0.5);
  }, 900_000);

  // one default run per demo and seed, shared by every claim about it (a retried claim reuses it too);
  // the lesson's claims (commands/_lib/architecture-claims.ts) are checked on the same runs
  const cnnClaims: [string, (r: CnnDemoResult) => void][] = [
    ['trains all its epochs and reaches ≥ 95 % test accuracy', (r) => { expect(r.stopReason).toBe('epochs'); expect(r.testAccuracy).toBeGreaterThanOrEqual(0.95); }],
    ['has fewer parameters than the MLP', (r) => expect(r.params).toBeLessThan(r.mlp.params)],
    ['ends with a higher test accuracy than the MLP', (r) => expect(r.testAccuracy).toBeGreaterThan(r.mlp.testAccuracy)],
  ];
  it.each(SEEDS.flatMap((seed) => cnnClaims.map(([claim, check]) => [seed, claim, check] as const)))('cnn, seed %i → %s', async (seed, _claim, check) => {
    const run = await defaultRun('cnn', seed);
    if (run.demo !== 'cnn') throw new Error('wrong demo');
    check(run.result);
  }, 900_000);

  const rnnClaims: [string, (r: RnnDemoResult) => void][] = [
    ['trains all its epochs, and its continuation error is below the fixed-window MLP\'s', (r) => { expect(r.stopReason).toBe('epochs'); expect(r.rnnError).toBeLessThan(r.mlpError); }],
    ['stays within the tolerance band for more steps than the MLP', (r) => expect(r.rnnGoodSteps).toBeGreaterThan(r.mlpGoodSteps)],
  ];
  it.each(SEEDS.flatMap((seed) => rnnClaims.map(([claim, check]) => [seed, claim, check] as const)))('rnn, seed %i → %s', async (seed, _claim, check) => {
    const run = await defaultRun('rnn', seed);
    if (run.demo !== 'rnn') throw new Error('wrong demo');
    check(run.result);
  }, 900_000);

  it.each(SEEDS)('attention, seed %i → ≥ 95 % of test letters reversed, most attention on the mirrored position', async (seed) => {
    const run = await trainArchitectureDemo('attention', { seed }, NO_LIMIT);
    if (run.demo !== 'attention') throw new Error('wrong demo');
    expect(run.result.stopReason).toBe('epochs');
    expect(run.result.testTokenAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(run.result.testTokenAccuracy).toBeGreaterThan(9 * run.result.chanceTokenAccuracy);
    expect(run.result.mirroredAttention).toBeGreaterThan(4 / run.result.sequenceLength);
    expect(run.result.mirroredArgmaxShare).toBeGreaterThanOrEqual(0.9);
  }, 300_000);
});
