/**
 * The TensorFlow.js oracle follows Playground mode too (fixed order, carried short batch, L1 that
 * zeroes and freezes), so it stays an oracle for Playground-mode runs: checked on two of the
 * Playground's own reference traces. tfjs runs in float32, hence parameters within 1e-3 rather than 1e-4.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { train } from '../../src/engine/train.ts';

const traces = JSON.parse(readFileSync(path.resolve('../shared/reference/playground-traces.json'), 'utf8')) as {
  cases: { name: string; features: string[]; layers: number[]; activation: string; learningRate: number; batchSize: number; regularization: string; regRate: number;
    train: number[][]; test: number[][]; initialParams: number[]; checkpoints: { epoch: number; trainLoss: number; deadLinks: number; params: number[] }[] }[];
};

describe('tfjs engine in Playground mode', () => {
  it.each([['spiral-batch7-leftover', 10], ['circle-l1', 100]] as const)('%s up to epoch %i: parameters within 1e-3, losses within 1e-5, same dead links', async (name, epoch) => {
    const c = traces.cases.find((t) => t.name === name)!;
    const checkpoint = c.checkpoints.find((p) => p.epoch === epoch)!;
    const result = await train({
      engine: 'tfjs', playgroundMode: true, data: { source: name, train: c.train, test: c.test }, initParams: c.initialParams,
      features: c.features, layers: c.layers, activation: c.activation, learningRate: c.learningRate, batchSize: c.batchSize,
      regularization: c.regularization, regRate: c.regRate, epochs: epoch,
    });
    const params = result.network.params;
    expect(Math.max(...params.map((p, i) => Math.abs(p - checkpoint.params[i])))).toBeLessThan(1e-3);
    expect(Math.abs(result.final.trainLoss - checkpoint.trainLoss)).toBeLessThan(1e-5);
    expect(params.filter((p) => p === 0)).toHaveLength(checkpoint.deadLinks);
  });
});
