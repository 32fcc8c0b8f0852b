/**
 * The exercise walk-throughs tell students what they will see; these tests run the very specs in
 * the lesson files through the engine and check that it happens.
 */
import { describe, expect, it } from 'vitest';
import { train } from '../../src/engine/train.ts';
import type { TrainResult } from '../../src/engine/types.ts';
import { DEFAULT_LESSONS_DIR, loadContent } from '../../src/tutor/content/load.ts';
import type { ExperimentSpec } from '../../src/tutor/content/schema.ts';

const content = loadContent(DEFAULT_LESSONS_DIR);

/** The spec of the run with this label in a lesson's steps. */
function specOf(lessonId: string, label: string): ExperimentSpec {
  for (const step of content.lessons.find((l) => l.id === lessonId)!.steps) {
    const run = step.experiment?.runs.find((r) => r.label === label);
    if (run) return run.spec;
  }
  throw new Error(`no run "${label}" in ${lessonId}`);
}

const run = (lessonId: string, label: string): Promise<TrainResult> => train(specOf(lessonId, label));

/** First epoch whose training loss is at or below `threshold` (Infinity if never). */
function epochsTo(result: TrainResult, threshold: number): number {
  return result.history.find((h) => h.trainLoss <= threshold)?.epoch ?? Infinity;
}

describe('exercise 1 claims hold in the engine', () => {
  it('the given tanh network separates the circle', async () => {
    expect((await run('exercise-1', 'tanh, 4-2, x1 x2')).final.testAccuracy).toBeGreaterThan(0.9);
  });

  it('a linear activation fails on the circle (near chance accuracy)', async () => {
    expect((await run('exercise-1', 'linear, 4-2, x1 x2')).final.testAccuracy).toBeLessThan(0.7);
  });

  it('with a linear activation, x1² and x2² solve the circle while x1·x2 does not', async () => {
    const squares = await run('exercise-1', 'linear + x1², x2²');
    const cross = await run('exercise-1', 'linear + x1·x2');
    expect(squares.final.testAccuracy).toBeGreaterThan(0.9);
    expect(cross.final.testAccuracy).toBeLessThan(0.75);
  });

  it('tanh reaches a low loss in fewer epochs than sigmoid', async () => {
    const tanh = await run('exercise-1', 'tanh');
    const sigmoid = await run('exercise-1', 'sigmoid');
    expect(epochsTo(tanh, 0.1)).toBeLessThan(epochsTo(sigmoid, 0.1));
  });
});

describe('exercise 2 and 3 claims hold in the engine', () => {
  it('the deep sigmoid network gets much smaller gradients in its first layer than in its last', async () => {
    const result = await run('exercise-2', 'sigmoid, 4-4-2-2');
    const norms = result.history[0].gradNorms;
    // chain rule: one σ′ ≤ 0.25 factor per layer between the output and the first weights
    expect(norms[0]).toBeLessThan(norms[norms.length - 1] / 10);
  });

  it('XOR is solved by x1·x2 alone without hidden layers, and not by x1, x2', async () => {
    expect((await run('exercise-3', 'xor, x1·x2 only, no hidden layer')).final.testAccuracy).toBeGreaterThan(0.9);
    expect((await run('exercise-3', 'xor, x1 and x2 only, no hidden layer')).final.testAccuracy).toBeLessThan(0.75);
  });

  it('the circle is separable by x1², x2² with no hidden layer (how-to-train lesson)', async () => {
    expect((await run('how-to-train', 'x1², x2², no hidden layer')).final.testAccuracy).toBeGreaterThan(0.9);
    expect((await run('how-to-train', 'x1, x2 only, no hidden layer')).final.testAccuracy).toBeLessThan(0.75);
  });
});

describe('exercise 2: five tanh layers and the fix', () => {
  it('five tanh layers: the first layer gets a smaller gradient than the last; ReLU gets below loss 0.1 sooner', async () => {
    const tanh = await run('exercise-2', 'tanh, 5 layers');
    const relu = await run('exercise-2', 'ReLU, 5 layers');
    const norms = tanh.history[0].gradNorms;
    expect(norms[0]).toBeLessThan(norms[norms.length - 1]);
    expect(epochsTo(relu, 0.1)).toBeLessThan(epochsTo(tanh, 0.1));
  });
});
