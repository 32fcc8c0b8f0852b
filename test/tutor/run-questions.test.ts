/**
 * Questions from a student's own demo run: the answer is computed from the run's numbers, a right
 * choice is judged right and a wrong one wrong — from the stored question, only for the user who
 * ran the demo, and only once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CnnDemoResult } from '../../src/engine/tfjs/architectures/cnn.ts';
import type { RnnDemoResult } from '../../src/engine/tfjs/architectures/rnn.ts';
import { createRng } from '../../src/engine/rng.ts';
import { createStore } from '../../src/store/index.ts';
import { horizontalFilterQuestion, mostConfusedQuestion } from '../../src/tutor/run-questions/cnn.ts';
import { pickRunQuestion } from '../../src/tutor/run-questions/index.ts';
import { answerRunQuestion, offerRunQuestion } from '../../src/tutor/run-questions/offer.ts';
import { rnnStepsQuestion, stepsWithinBand } from '../../src/tutor/run-questions/rnn.ts';

function cnnResult(verticalPreference: number[], confusion?: number[][]): CnnDemoResult {
  const diagonal = Array.from({ length: 10 }, (_, t) => Array.from({ length: 10 }, (_, p) => (t === p ? 90 : 0)));
  return {
    options: { epochs: 1, learningRate: 0.01, seed: 1, trainImages: 200, filters: verticalPreference.length }, backend: 'cpu', stopReason: 'epochs', epochsRun: 1, trainMs: 1,
    testAccuracy: 0.9, trainAccuracy: 0.9, params: 1000, filters: verticalPreference.map(() => new Array(9).fill(0)), verticalPreference,
    example: { pixels: [], label: 1, predicted: 1 }, featureMaps: [], confusion: confusion ?? diagonal, misclassified: [],
    mlp: { hiddenUnits: 64, params: 17000, testAccuracy: 0.85, epochs: 3 },
  };
}

function withMistakes(cells: [truth: number, predicted: number, count: number][]): number[][] {
  const m: number[][] = Array.from({ length: 10 }, (_, t) => Array.from({ length: 10 }, (_, p) => (t === p ? 90 : 0)));
  for (const [t, p, c] of cells) m[t][p] = c;
  return m;
}

function rnnResult(rnnMissAt: number, mlpMissAt: number): RnnDemoResult {
  const truth = Array.from({ length: 60 }, (_, i) => Math.sin(i / 5));
  const drift = (missAt: number) => truth.map((v, i) => v + (i >= missAt ? 0.5 : 0.1));
  return {
    options: { epochs: 1, learningRate: 0.01, seed: 1, trainWindows: 100, units: 16 }, backend: 'cpu', stopReason: 'epochs', epochsRun: 1, trainMs: 1,
    observed: [0, 0], truth, rnnPrediction: drift(rnnMissAt), mlpPrediction: drift(mlpMissAt),
    rnnError: 0.1, mlpError: 0.2, rnnGoodSteps: rnnMissAt, mlpGoodSteps: mlpMissAt, rnnParams: 305, mlpParams: 321, testSeries: 8,
  };
}

const rng = () => createRng(7);

describe('questions built from a run', () => {
  it('cnn: the most horizontal filter is the one whose vertical-minus-horizontal response is lowest', () => {
    const q = horizontalFilterQuestion(cnnResult([0.3, -0.1, -0.6, 0.2, -0.2, 0.1]), rng())!;
    expect(q.choices[q.answer]).toBe('Filter 3');
    expect(q.choices.length).toBe(4);
    expect(new Set(q.choices).size).toBe(4);
    expect(q.explanation).toContain('0.60 above');
  });

  it('cnn: the wrong choices are only filters clearly less horizontal (under 60 % of the best margin)', () => {
    const q = horizontalFilterQuestion(cnnResult([-0.295, -0.004, -0.223, -0.023, -0.234, 0.021]), rng())!;
    expect(q.choices[q.answer]).toBe('Filter 1');
    expect([...q.choices].sort()).toEqual(['Filter 1', 'Filter 2', 'Filter 4', 'Filter 6']);
  });

  it('cnn: no filter prefers horizontal bars, or none is clearly less horizontal than the best → no horizontal-filter question', () => {
    expect(horizontalFilterQuestion(cnnResult([0.3, 0.1, 0.2]), rng())).toBeUndefined();
    expect(horizontalFilterQuestion(cnnResult([-0.5, -0.4, -0.45]), rng())).toBeUndefined();
  });

  it('the right choice lands in every position across runs (the choices are shuffled)', () => {
    const positions = new Set(Array.from({ length: 40 }, (_, i) => horizontalFilterQuestion(cnnResult([0.3, -0.1, -0.6, 0.2, -0.2, 0.1]), createRng(i))!.answer));
    expect(positions).toEqual(new Set([0, 1, 2, 3]));
  });

  it('cnn: the most frequent confusion is the largest off-diagonal cell; a tie asks nothing', () => {
    const q = mostConfusedQuestion(cnnResult([0.1, -0.1], withMistakes([[4, 9, 12], [3, 5, 7], [7, 1, 3], [8, 3, 2]])), rng())!;
    expect(q.choices[q.answer]).toBe('a 4 read as 9');
    expect(q.explanation).toContain('12 test 4s were predicted as 9');
    expect(mostConfusedQuestion(cnnResult([0.1], withMistakes([[4, 9, 5], [3, 5, 5]])), rng())).toBeUndefined();
  });

  it('rnn: steps within the band count up to the first miss, and the answer is the range holding the RNN\'s count', () => {
    expect(stepsWithinBand([0, 0, 1], [0, 0.2, 0])).toBe(2);
    expect(stepsWithinBand([0, 0], [0, 0])).toBe(2);
    const q = rnnStepsQuestion(rnnResult(23, 7), rng())!;
    expect(q.choices[q.answer]).toBe('20 to 39 steps');
    expect(q.explanation).toContain('stayed within it for 23 steps — 16 more than the MLP (7)');
    const never = rnnStepsQuestion(rnnResult(60, 12), rng())!;
    expect(never.choices[never.answer]).toBe('all 60 steps shown');
  });

  it('pickRunQuestion: the same seed picks the same question; a cancelled run gets none', () => {
    const run = { demo: 'cnn' as const, result: cnnResult([0.3, -0.1, -0.6, 0.2], withMistakes([[4, 9, 12], [3, 5, 7], [7, 1, 3], [8, 3, 2]])) };
    expect(pickRunQuestion(run, 'abc')).toEqual(pickRunQuestion(run, 'abc'));
    const prompts = new Set(['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8'].map((s) => pickRunQuestion(run, s)!.prompt));
    expect(prompts.size).toBe(2); // both cnn questions come up
    expect(pickRunQuestion({ demo: 'cnn', result: { ...run.result, stopReason: 'cancelled' } }, 'abc')).toBeUndefined();
  });
});

describe('answering a stored run question', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'nn-run-questions-'));
  const store = createStore({ dataDir });
  afterAll(async () => { await store.close(); rmSync(dataDir, { recursive: true, force: true }); });
  const ada = { platform: 'test', userId: 'ada', displayName: 'Ada', channelId: 'c' };
  const bob = { platform: 'test', userId: 'bob', displayName: 'Bob', channelId: 'c' };
  const run = { demo: 'rnn' as const, result: rnnResult(23, 7) };

  it('the right position → right; answering again → refused as already answered', async () => {
    const offered = (await offerRunQuestion(store, ada, run, 1000))!;
    expect(offered.question.choices[offered.question.answer]).toBe('20 to 39 steps');
    const verdict = await answerRunQuestion(store, ada, offered.id, offered.question.answer, 2000);
    expect(verdict.isCorrect).toBe(true);
    await expect(answerRunQuestion(store, ada, offered.id, offered.question.answer, 3000)).rejects.toThrow(/already answered/);
  });

  it('a wrong position → wrong, with the explanation from the run', async () => {
    const offered = (await offerRunQuestion(store, ada, run, 1000))!;
    const verdict = await answerRunQuestion(store, ada, offered.id, (offered.question.answer + 1) % offered.question.choices.length, 2000);
    expect(verdict.isCorrect).toBe(false);
    expect(verdict.question.explanation).toContain('23 steps');
  });

  it('another user, a position out of range, an unknown or malformed id → refused with what to do', async () => {
    const offered = (await offerRunQuestion(store, ada, run, 1000))!;
    await expect(answerRunQuestion(store, bob, offered.id, 0, 2000)).rejects.toThrow(/someone else's run/);
    await expect(answerRunQuestion(store, ada, offered.id, 9, 2000)).rejects.toThrow(/press one of the 5 buttons/);
    await expect(answerRunQuestion(store, ada, offered.id, Number('x'), 2000)).rejects.toThrow(/press one of the 5 buttons/);
    await expect(answerRunQuestion(store, ada, 'nothing-here', 0, 2000)).rejects.toThrow(/expired/);
    await expect(answerRunQuestion(store, ada, "x' OR 1=1 --", 0, 2000)).rejects.toThrow(/expired/);
    // still open for its owner after the refusals
    expect((await answerRunQuestion(store, ada, offered.id, offered.question.answer, 3000)).isCorrect).toBe(true);
  });

  it('more than 20 questions for one user → the oldest expire', async () => {
    const first = (await offerRunQuestion(store, bob, run, 1))!;
    for (let i = 0; i < 20; i++) await offerRunQuestion(store, bob, run, 10 + i);
    await expect(answerRunQuestion(store, bob, first.id, 0, 100)).rejects.toThrow(/expired/);
  });
});
