/** The tfjs engine end to end through train({ engine: 'tfjs' }): result shape, stop rules, bad input. */
import { describe, expect, it } from 'vitest';
import { train, trainSync } from '../../src/engine/train.ts';
import { predictGrid } from '../../src/engine/grid.ts';
import { countParams } from '../../src/engine/network.ts';
import { SpecError } from '../../src/engine/spec.ts';
import { loadTf } from '../../src/engine/tfjs/load-tf.ts';

describe('train({ engine: "tfjs" }) end to end', () => {
  it('learns circle and returns a complete, JSON-serialisable TrainResult whose network predictGrid can draw', async () => {
    const result = await train({ dataset: 'circle', layers: '4,2', learningRate: 0.1, epochs: 30, seed: 1, engine: 'tfjs' });
    expect(result.spec.engine).toBe('tfjs');
    expect(result.kind).toBe('binary');
    expect(result.stopReason).toBe('epochs');
    expect(result.stopMessage).toBe('ran all 30 epochs');
    expect(result.history).toHaveLength(30);
    expect(result.history.map((e) => e.epoch)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    for (const entry of result.history) {
      expect(Number.isFinite(entry.trainLoss) && Number.isFinite(entry.testLoss)).toBe(true);
      expect(entry.gradNorms).toHaveLength(3);
      expect(entry.valLoss).toBeUndefined(); // the default split has no validation set
    }
    expect(result.history[29].trainLoss).toBeLessThan(result.history[0].trainLoss / 2);
    expect(result.final.testAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(result.params).toBe(countParams([2, 4, 2, 1]));
    expect(result.network.params).toHaveLength(result.params);
    expect(result.network.layerSizes).toEqual([2, 4, 2, 1]);
    expect(result.timing.trainMs).toBeGreaterThan(0);

    const grid = predictGrid(result.network, 20);
    expect(grid.kind).toBe('binary');
    expect(grid.values.every((v) => v >= -1 && v <= 1)).toBe(true);
    // Circle: positives inside, so the centre scores positive and a corner negative.
    expect(grid.values[10 * 20 + 10]).toBeGreaterThan(0);
    expect(grid.values[0]).toBeLessThan(0);

    const roundTrip = JSON.parse(JSON.stringify(result));
    expect(roundTrip.network.params).toEqual(result.network.params);
  });

  it('reaches the same accuracy as the fast engine on a multi-class set with a validation split', async () => {
    const input = { dataset: 'blobs4', split: '70,15,15', layers: '6', optimizer: 'adam', learningRate: 0.03, epochs: 15, seed: 4 } as const;
    const tfjs = await train({ ...input, engine: 'tfjs' });
    const fast = trainSync(input);
    expect(tfjs.classes).toBe(4);
    expect(tfjs.history[14].valLoss).toBeCloseTo(fast.history[14].valLoss!, 4);
    expect(tfjs.final.valAccuracy).toBe(fast.final.valAccuracy);
    expect(tfjs.final.testAccuracy).toBe(fast.final.testAccuracy);
  });

  it('records snapshots at epoch 0, every N epochs and the last epoch', async () => {
    const result = await train({ dataset: 'xor', epochs: 12, seed: 2, engine: 'tfjs' }, { snapshotEvery: 5 });
    expect(result.snapshots.map((s) => s.epoch)).toEqual([0, 5, 10, 12]);
    expect(result.snapshots[3].params).toEqual(result.network.params);
    expect(result.snapshots[0].params).not.toEqual(result.snapshots[3].params);
  });

  it('calls onEpoch once per epoch with the history entry and the planned epoch count', async () => {
    const seen: [number, number][] = [];
    await train({ dataset: 'gauss', epochs: 4, engine: 'tfjs' }, { onEpoch: (entry, total) => seen.push([entry.epoch, total]) });
    expect(seen).toEqual([[1, 4], [2, 4], [3, 4], [4, 4]]);
  });
});

describe('tfjs engine stop rules match the fast engine', () => {
  it('early stopping stops at the same epoch as the fast engine and restores the best weights', async () => {
    const input = { dataset: 'gauss', noise: 40, split: '40,30,30', layers: '8,8', optimizer: 'adam', learningRate: 0.05, epochs: 200, earlyStopping: 5, seed: 3 } as const;
    const fast = trainSync(input);
    const tfjs = await train({ ...input, engine: 'tfjs' });
    expect(tfjs.stopReason).toBe('early-stopping');
    expect(tfjs.history).toHaveLength(fast.history.length);
    expect(tfjs.bestEpoch).toBe(fast.bestEpoch);
    // The returned network is the best epoch's: its validation loss is that epoch's, not the last one's.
    expect(tfjs.final.valLoss).toBeCloseTo(tfjs.history[tfjs.bestEpoch - 1].valLoss!, 6);
    expect(tfjs.final.valLoss).toBeLessThan(tfjs.history[tfjs.history.length - 1].valLoss!);
  });

  it('a far too large learning rate is reported as divergence with advice', async () => {
    const result = await train({ dataset: 'plane', layers: '8,8', activation: 'relu', optimizer: 'momentum', learningRate: 3, epochs: 30, engine: 'tfjs' });
    expect(result.stopReason).toBe('diverged');
    expect(result.stopMessage).toBe('loss diverged at epoch 1: try a smaller learning rate (now 3)');
  });

  it('stops when the target loss is reached', async () => {
    const result = await train({ dataset: 'gauss', epochs: 100, targetLoss: 0.3, engine: 'tfjs' });
    expect(result.stopReason).toBe('target-loss');
    expect(result.history[result.history.length - 1].trainLoss).toBeLessThanOrEqual(0.3);
    expect(result.history.length).toBeLessThan(100);
  });

  it('an already aborted signal cancels before the first epoch', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await train({ dataset: 'circle', epochs: 50, engine: 'tfjs' }, { signal: controller.signal });
    expect(result.stopReason).toBe('cancelled');
    expect(result.history).toHaveLength(0);
    expect(result.network.params).toHaveLength(result.params);
  });

  it('aborting during training stops after the current epoch', async () => {
    const controller = new AbortController();
    const result = await train({ dataset: 'circle', epochs: 50, engine: 'tfjs' }, {
      signal: controller.signal,
      onEpoch: (entry) => { if (entry.epoch === 2) controller.abort(); },
    });
    expect(result.stopReason).toBe('cancelled');
    expect(result.history).toHaveLength(2);
    expect(result.stopMessage).toBe('training was cancelled after 2 epochs');
  });

  it('the time budget stops a long run part-way with a time-limit reason', async () => {
    const result = await train({ dataset: 'spiral', points: 2000, batchSize: 1, epochs: 10000, timeLimitMs: 200, engine: 'tfjs' });
    expect(result.stopReason).toBe('time-limit');
    expect(result.history.length).toBeLessThan(10000);
    expect(result.stopMessage).toMatch(/time limit/);
  });
});

describe('what the tfjs engine rejects', () => {
  it('the evolution optimiser is refused with a SpecError naming the optimisers tfjs supports', async () => {
    const run = train({ dataset: 'circle', optimizer: 'evolution', engine: 'tfjs' });
    await expect(run).rejects.toBeInstanceOf(SpecError);
    await expect(run).rejects.toThrow("Option optimizer 'evolution' runs on the fast engine only. With engine tfjs choose one of: sgd, momentum, nesterov, adagrad, rmsprop, adam (or use engine fast).");
  });
});

describe('tfjs engine memory', () => {
  it.each([['sgd'], ['momentum'], ['nesterov'], ['adagrad'], ['rmsprop'], ['adam']])(
    'a run with %s leaves no tensors behind (a long-lived bot would otherwise grow without bound)',
    async (optimizer) => {
      const { tf } = await loadTf();
      const before = tf.memory().numTensors;
      await train({ dataset: 'gauss', split: '70,15,15', epochs: 3, dropout: 0.2, regularization: 'l1', regRate: 0.01, earlyStopping: 1, optimizer, engine: 'tfjs' }, { snapshotEvery: 1 });
      expect(tf.memory().numTensors).toBe(before);
    },
  );
});
