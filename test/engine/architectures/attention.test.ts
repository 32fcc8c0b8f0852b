/** The attention demo's trainer on small settings: seeded and repeatable, disjoint train/test data, weights that are softmax rows, and cancel/time limit honoured. */
import { describe, expect, it } from 'vitest';
import { ATTENTION_DEFAULTS, makeSequences, mirroredPosition, SEQUENCE_LENGTH, trainAttentionDemo, type AttentionDemoResult } from '../../../src/engine/tfjs/architectures/attention.ts';
import { resolveDemoOptions } from '../../../src/engine/tfjs/architectures/index.ts';
import { loadTf } from '../../../src/engine/tfjs/load-tf.ts';

const SMALL = { ...ATTENTION_DEFAULTS, epochs: 1, trainSequences: 100 };
const NO_LIMIT = { timeLimitMs: 10 * 60_000 };

function rowsOf(tokens: Int32Array): string[] {
  return Array.from({ length: tokens.length / SEQUENCE_LENGTH }, (_, n) => tokens.subarray(n * SEQUENCE_LENGTH, (n + 1) * SEQUENCE_LENGTH).join(','));
}

function expectRowsSumToOne(weights: number[][]): void {
  expect(weights).toHaveLength(SEQUENCE_LENGTH);
  for (const row of weights) {
    expect(row).toHaveLength(SEQUENCE_LENGTH);
    expect(row.every((w) => w >= 0)).toBe(true);
    expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
  }
}

describe('attention demo (small settings)', () => {
  it('makeSequences: the same seed → the same data; no test sequence is in the training set; another seed → other data', () => {
    const a = makeSequences(2000, 7);
    const again = makeSequences(2000, 7);
    expect(Array.from(again.train.tokens)).toEqual(Array.from(a.train.tokens));
    const train = new Set(rowsOf(a.train.tokens));
    expect(rowsOf(a.test.tokens).filter((row) => train.has(row))).toEqual([]);
    expect(a.train.tokens.every((t) => t >= 0 && t < 10)).toBe(true);
    expect(Array.from(makeSequences(2000, 8).train.tokens)).not.toEqual(Array.from(a.train.tokens));
  });

  it('mirroredPosition: output 1 reads input 8, output 8 reads input 1 (0-based 0 ↔ 7)', () => {
    expect([0, 1, 7].map((p) => mirroredPosition(p))).toEqual([7, 6, 0]);
  });

  it('the same seed twice → the same numbers bit for bit, no tensor left behind; the target is the reversed input; weights are softmax rows', async () => {
    const first = await trainAttentionDemo(SMALL, NO_LIMIT);
    const { tf } = await loadTf();
    const tensorsBefore = tf.memory().numTensors;
    const second = await trainAttentionDemo(SMALL, NO_LIMIT);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    const numbers = (r: AttentionDemoResult) => [r.testTokenAccuracy, r.mirroredAttention, r.history, r.example, r.meanWeights];
    expect(numbers(second)).toEqual(numbers(first));
    expect(first.stopReason).toBe('epochs');
    expect(first.epochsRun).toBe(1);
    expect(first.example.target).toEqual([...first.example.input].reverse());
    for (const example of first.examples) expect(example.target).toEqual([...example.input].reverse());
    expectRowsSumToOne(first.example.weights);
    expectRowsSumToOne(first.meanWeights);
    expect(first.mirroredAttention).toBeCloseTo(first.meanWeights.reduce((sum, row, q) => sum + row[mirroredPosition(q)], 0) / SEQUENCE_LENGTH, 6);
    expect(first.params).toBe(10 * 16 + 3 * 16 * 16 + 16 * 10 + 10);
  }, 60_000);

  it('an already aborted signal → stops as cancelled before any epoch', async () => {
    const controller = new AbortController();
    controller.abort();
    const run = await trainAttentionDemo(ATTENTION_DEFAULTS, { signal: controller.signal, timeLimitMs: 60_000 });
    expect(run.stopReason).toBe('cancelled');
    expect(run.epochsRun).toBe(0);
  }, 60_000);

  it('a time limit of 0 ms → stops with time-limit instead of training every epoch', async () => {
    const run = await trainAttentionDemo(ATTENTION_DEFAULTS, { timeLimitMs: 0 });
    expect(run.stopReason).toBe('time-limit');
    expect(run.epochsRun).toBeLessThan(ATTENTION_DEFAULTS.epochs);
  }, 60_000);

  it('options outside their ranges → an error naming the option and what is allowed', () => {
    expect(() => resolveDemoOptions('attention', { trainSequences: 50 })).toThrow(/trainSequences` for the attention demo must be a whole number from 100 to 4000/);
    expect(() => resolveDemoOptions('attention', { epochs: 2.5 })).toThrow(/from 1 to 30/);
    expect(() => resolveDemoOptions('attention', { filters: 3 })).toThrow(/not an option of the attention demo/);
    expect(resolveDemoOptions('attention', {})).toMatchObject({ epochs: ATTENTION_DEFAULTS.epochs, trainSequences: ATTENTION_DEFAULTS.trainSequences });
  });
});
