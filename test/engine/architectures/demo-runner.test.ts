/** The shared demo runner: fits in stages with progress, stops on cancel, and frees every tensor it was given, even on error. */
import { describe, expect, it } from 'vitest';
import { runDemo } from '../../../src/engine/tfjs/architectures/demo-runner.ts';
import { loadTf } from '../../../src/engine/tfjs/load-tf.ts';

async function tinyModel() {
  const { tf } = await loadTf();
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [2], units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }));
  model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
  return model;
}

describe('runDemo', () => {
  it('a stage of 3 epochs → resolves to 3, reports progress inside its slice, and frees the kept tensors', async () => {
    const { tf } = await loadTf();
    const before = tf.memory().numTensors;
    const fractions: number[] = [];
    const epochs = await runDemo({ timeLimitMs: 60_000, onProgress: (f) => fractions.push(f) }, async ({ tf: t, keep, fit, isRunning }) => {
      const x = keep(t.randomUniform([64, 2], -1, 1, 'float32', 3));
      const y = keep(t.randomUniform([64, 1], -1, 1, 'float32', 4));
      const model = keep(await tinyModel());
      const done = await fit(model, x, y, { label: 'tiny', epochs: 3, batchSize: 16, from: 0.2, to: 0.6 });
      expect(isRunning()).toBe(true);
      return done;
    });
    expect(epochs).toBe(3);
    expect(fractions.length).toBeGreaterThan(0);
    for (const f of fractions) expect(f).toBeGreaterThanOrEqual(0.2), expect(f).toBeLessThanOrEqual(0.6);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('an already-aborted signal → the fit stops in its first epoch and the run says cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await runDemo({ timeLimitMs: 60_000, signal: controller.signal }, async ({ tf: t, keep, fit, isRunning, control }) => {
      const x = keep(t.zeros([64, 2]));
      const y = keep(t.zeros([64, 1]));
      const done = await fit(keep(await tinyModel()), x, y, { label: 'tiny', epochs: 50, batchSize: 8, from: 0, to: 1 });
      return { done, running: isRunning(), reason: control.stopReason };
    });
    expect(result.done).toBeLessThanOrEqual(1);
    expect(result.running).toBe(false);
    expect(result.reason).toBe('cancelled');
  });

  it('the body throws → the error reaches the caller and the kept tensors are still freed', async () => {
    const { tf } = await loadTf();
    const before = tf.memory().numTensors;
    await expect(runDemo({ timeLimitMs: 60_000 }, async ({ tf: t, keep }) => {
      keep(t.ones([10, 10]));
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('the cnn and rnn demos on the runner', () => {
  it('a small cnn run and a small rnn run → no tensors left behind (models, data and Adam moments all freed)', async () => {
    const { trainArchitectureDemo } = await import('../../../src/engine/tfjs/architectures/index.ts');
    const { tf } = await loadTf();
    const before = tf.memory().numTensors;
    await trainArchitectureDemo('cnn', { epochs: 1, trainImages: 200, filters: 2 }, { timeLimitMs: 120_000 });
    await trainArchitectureDemo('rnn', { epochs: 1, trainWindows: 50 }, { timeLimitMs: 120_000 });
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);
});
