/**
 * The "done when" figures on 3 seeds, with the default settings a student gets:
 * the CNN reaches ≥ 95 % test accuracy on the generated digits, and the RNN's continuation error
 * is below the fixed-window MLP's; the autoencoder's 2-D code rebuilds the test digits better than
 * the mean image and than PCA to 2 numbers, and keeps the digits apart better than chance, but not for most digits; the attention
 * model reverses the test sequences with its attention on the mirrored positions. Slow (several full trainings on the pure-JS backend).
 */
import { describe, expect, it } from 'vitest';
import { trainArchitectureDemo } from '../../../src/engine/tfjs/architectures/index.ts';

const SEEDS = [1, 2, 3];
const NO_LIMIT = { timeLimitMs: 30 * 60_000 };

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

  it.each(SEEDS)('cnn, seed %i → test accuracy ≥ 95 % with fewer parameters than the MLP', async (seed) => {
    const run = await trainArchitectureDemo('cnn', { seed }, NO_LIMIT);
    if (run.demo !== 'cnn') throw new Error('wrong demo');
    expect(run.result.stopReason).toBe('epochs');
    expect(run.result.testAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(run.result.params).toBeLessThan(run.result.mlp.params);
  }, 900_000);

  it.each(SEEDS)('rnn, seed %i → continuation error below the fixed-window MLP\'s', async (seed) => {
    const run = await trainArchitectureDemo('rnn', { seed }, NO_LIMIT);
    if (run.demo !== 'rnn') throw new Error('wrong demo');
    expect(run.result.stopReason).toBe('epochs');
    expect(run.result.rnnError).toBeLessThan(run.result.mlpError);
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
