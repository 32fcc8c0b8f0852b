import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { trainSync } from '../../src/engine/train.ts';
import { runCli } from '../../src/platforms/cli/main.ts';

const BIN = path.resolve('bin/nn-tutor.mjs');

/** Runs the real executable and captures its output and exit code. */
function runBinary(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** Runs the CLI in-process. */
async function runInProcess(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

describe('nn-tutor command line', () => {
  it('train --json prints the whole TrainResult, equal to training the same spec in-process', async () => {
    const { code, stdout } = await runBinary(['train', '--dataset', 'spiral', '--layers', '8,8', '--activation', 'tanh', '--lr', '0.03', '--batch-size', '10', '--epochs', '40', '--seed', '7', '--json']);
    expect(code).toBe(0);
    const printed = JSON.parse(stdout);
    const expected = trainSync({ dataset: 'spiral', layers: '8,8', activation: 'tanh', learningRate: 0.03, batchSize: 10, epochs: 40, seed: 7 });
    expect(printed.network.params).toEqual(expected.network.params);
    expect(printed.history).toEqual(expected.history);
    expect(printed.stopReason).toBe('epochs');
    expect(printed.spec).toEqual(expected.spec);
  });

  it('train prints a summary with losses, accuracy, epochs, stop reason and parameter count', async () => {
    const { code, out } = await runInProcess(['train', '--dataset', 'xor', '--features', 'x1x2', '--layers', 'none', '--epochs', '30']);
    expect(code).toBe(0);
    expect(out).toMatch(/Trained xor/);
    expect(out).toMatch(/ran all 30 epochs/);
    expect(out).toMatch(/Parameters: 2/);
    expect(out).toMatch(/test\s+\d\.\d+\s+\d+\.\d%/);
  });

  it('a bad dataset exits non-zero with a message listing the allowed datasets', async () => {
    const { code, stderr, stdout } = await runBinary(['train', '--dataset', 'donut']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/dataset must be one of circle, xor, gauss, spiral.*, not donut\./);
    expect(stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it('an unknown flag, a malformed layer list and an absurd epoch count are refused clearly', async () => {
    expect((await runInProcess(['train', '--colour', 'red'])).err).toMatch(/There is no option --colour\. The options are: --dataset/);
    expect((await runInProcess(['train', '--layers', '8,x'])).err).toMatch(/layers must be up to 10 sizes from 1 to 64 separated by commas/);
    const huge = await runInProcess(['train', '--epochs', '99999999']);
    expect(huge.code).toBe(2);
    expect(huge.err).toMatch(/epochs must be a whole number from 1 to 10000, not 99999999\./);
  });

  it('data --json prints the generated points of every split', async () => {
    const { code, out } = await runInProcess(['data', '--dataset', 'circle', '--noise', '20', '--json']);
    expect(code).toBe(0);
    const data = JSON.parse(out);
    expect(data.dataset).toBe('circle');
    expect(data.train.length + data.test.length).toBe(500);
    expect(data.train[0]).toHaveProperty('x1');
  });

  it("cost reproduces the lecture's 4674 parameters and ~9.3 million computations", async () => {
    const { code, out } = await runInProcess(['cost', '--layers', '5,64,64,2', '--points', '2000']);
    expect(code).toBe(0);
    expect(out).toMatch(/4,674 parameters/);
    expect(out).toMatch(/9\.3 million/);
    expect((await runInProcess(['cost', '--points', '2000'])).code).toBe(2);
  });

  it('train --out writes the boundary, loss and network pictures, and the GIF with --animate', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'nn-tutor-cli-'));
    const { code } = await runInProcess(['train', '--dataset', 'circle', '--epochs', '40', '--out', dir, '--animate']);
    expect(code).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(['boundary.png', 'loss.png', 'network.png', 'training.gif']);
  });

  it('no command prints usage and exits non-zero', async () => {
    const { code, out } = await runInProcess([]);
    expect(code).toBe(2);
    expect(out).toMatch(/Usage: nn-tutor/);
  });
});
