/**
 * The coach's suggestions are checked, not hoped for: each bad run is diagnosed, and the
 * `Try /train …` command it suggests — parsed and trained exactly as a student would type it,
 * on the same seed — does clearly better. A good run gets no diagnosis.
 */
import { describe, expect, it } from 'vitest';
import { train } from '../../src/engine/train.ts';
import type { TrainResult } from '../../src/engine/types.ts';
import { coachLine, diagnoseRun } from '../../src/tutor/coach/diagnose.ts';
import { specOfTrainText, trainText } from './train-text.ts';

async function diagnoseAndRetry(text: string) {
  const before = await trainText(text);
  const diagnosis = diagnoseRun(before);
  expect(diagnosis, `no diagnosis for ${text}`).toBeDefined();
  expect(diagnosis!.command).toMatch(/^\/train /);
  // the same seed: the suggestion changes the setup, not the luck
  expect(specOfTrainText(diagnosis!.command).seed).toBe(before.spec.seed);
  const after = await trainText(diagnosis!.command);
  return { before, diagnosis: diagnosis!, after };
}

describe('coach: a run that learnt nothing gets a reason and a fix that works', () => {
  const cases: [string, string, RegExp][] = [
    ['the newcomer\'s spiral without sin features → flat', '/train dataset:spiral layers:8,8', /spiral/],
    ['a linear activation on the circle → chance', '/train dataset:circle activation:identity', /straight boundary/],
    ['XOR with no hidden layer → chance', '/train dataset:xor layers:none', /straight boundary/],
    ['four sigmoid layers → vanishing gradients', '/train dataset:circle layers:4,4,2,2 activation:sigmoid', /σ′ ≤ 0.25/],
    ['learning rate 10 → saturated units', '/train dataset:circle activation:relu lr:10', /saturation/],
  ];
  for (const [situation, text, why] of cases) {
    it(`${situation}: the suggested command reaches ≥ 90 % test accuracy`, async () => {
      const { before, diagnosis, after } = await diagnoseAndRetry(text);
      expect(['chance', 'flat']).toContain(diagnosis.kind);
      expect(diagnosis.sentence).toMatch(why);
      expect(after.final.testAccuracy!).toBeGreaterThanOrEqual(0.9);
      expect(after.final.testAccuracy! - before.final.testAccuracy!).toBeGreaterThan(0.2);
      expect(diagnoseRun(after)).toBeUndefined();
    });
  }
});

describe('coach: diverged, overfitted and time-limited runs', () => {
  it('a diverged regression run → the suggestion with a tenth of the rate trains to a finite, small loss', async () => {
    const { diagnosis, before, after } = await diagnoseAndRetry('/train dataset:plane lr:3 batch-size:1');
    expect(before.stopReason).toBe('diverged');
    expect(diagnosis.kind).toBe('diverged');
    expect(diagnosis.command).toContain('lr:0.3');
    expect(after.stopReason).toBe('epochs');
    expect(after.final.testLoss).toBeLessThan(0.05);
  });

  it('a big network memorising small noisy data → the L2 suggestion ends with a clearly lower test loss', async () => {
    const { diagnosis, before, after } = await diagnoseAndRetry(
      '/train dataset:gauss noise:50 points:160 split:40,30,30 layers:16,16,16 activation:relu optimizer:adam lr:0.01 epochs:400 features:x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2 scale:true seed:2');
    expect(diagnosis.kind).toBe('overfit');
    expect(diagnosis.command).toContain('regularization:l2');
    expect(after.final.testLoss).toBeLessThan(before.final.testLoss * 0.5);
  });

  it('a run stopped by the time limit → the suggestion asks for fewer epochs than it managed', async () => {
    const done = await train(specOfTrainText('/train dataset:circle epochs:50'));
    const cut: TrainResult = { ...done, stopReason: 'time-limit', history: done.history.slice(0, 30), spec: { ...done.spec, epochs: 2000 } };
    const diagnosis = diagnoseRun(cut)!;
    expect(diagnosis.kind).toBe('time-limit');
    expect(diagnosis.sentence).toContain('after 30 of 2000 epochs');
    expect(specOfTrainText(diagnosis.command).epochs).toBeLessThan(30);
    expect(coachLine(diagnosis)).toMatch(/^\*\*Coach:\*\* .+ Try `\/train .+`$/);
  });
});

describe('coach: good runs are left alone', () => {
  for (const text of ['/train dataset:circle', '/train dataset:xor features:x1x2 layers:none', '/train dataset:gauss', '/train dataset:plane']) {
    it(`${text} → no diagnosis`, async () => {
      expect(diagnoseRun(await trainText(text))).toBeUndefined();
    });
  }
});
