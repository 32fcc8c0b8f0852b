import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadImage } from '@napi-rs/canvas';
import { readFile } from 'node:fs/promises';

const BIN = path.resolve('bin/nn-tutor.mjs');

function runBinary(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('nn-tutor architecture (command line)', () => {
  it('architecture cnn --out DIR (small settings) → prints the accuracy and parameter sentences and writes three PNGs that decode', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'nn-arch-'));
    const { code, stdout, stderr } = await runBinary(['architecture', 'cnn', '--epochs', '1', '--size', '300', '--seed', '4', '--out', out]);
    expect(stderr).not.toMatch(/Sorry/);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Test accuracy \d+\.\d% .* with 2,650 parameters/);
    expect(stdout).toMatch(/An MLP \(256 → 64 → 10, 17,098 parameters/);
    expect(stdout).toContain('seed 4');
    const files = (await readdir(out)).sort();
    expect(files).toEqual(['cnn-confusion.png', 'cnn-feature-maps.png', 'cnn-mistakes.png']);
    for (const file of files) {
      const image = await loadImage(await readFile(path.join(out, file)));
      expect(image.width).toBeGreaterThan(300);
    }
  }, 240_000);

  it('architecture rnn --out DIR (small settings) → prints both continuation errors and writes the continuation PNG', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'nn-arch-'));
    const { code, stdout } = await runBinary(['architecture', 'rnn', '--epochs', '1', '--size', '100', '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Mean error against the clean signal: RNN \d\.\d{3}, MLP \d\.\d{3}/);
    expect(stdout).toMatch(/SimpleRNN with 16 units .* \(305 parameters\)/);
    expect(await readdir(out)).toEqual(['rnn-continuation.png']);
    expect((await loadImage(await readFile(path.join(out, 'rnn-continuation.png')))).width).toBeGreaterThan(300);
  }, 240_000);

  it('architecture autoencoder --out DIR (small settings) → prints the error against the mean image and the code-plane accuracy, and writes three PNGs that decode', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'nn-arch-'));
    const { code, stdout, stderr } = await runBinary(['architecture', 'autoencoder', '--epochs', '1', '--size', '200', '--seed', '4', '--out', out]);
    expect(stderr).not.toMatch(/Sorry/);
    expect(code).toBe(0);
    expect(stdout).toMatch(/256 → 32 → 2 → 32 → 256 .* 16,834 parameters/);
    expect(stdout).toMatch(/on the test digits: \d\.\d{4}, against \d\.\d{4} for always answering the mean training image/);
    expect(stdout).toMatch(/\d+\.\d% of the test digits lie nearest the centre of their own digit's training codes/);
    expect(stdout).toContain('seed 4');
    const files = (await readdir(out)).sort();
    expect(files).toEqual(['autoencoder-code-plane.png', 'autoencoder-reconstructions.png', 'autoencoder-walk.png']);
    for (const file of files) {
      const image = await loadImage(await readFile(path.join(out, file)));
      expect(image.width).toBeGreaterThan(300);
    }
  }, 240_000);

  it('architecture autoencoder with epochs beyond its range → exit 2 naming epochs and the autoencoder\'s range, before any training', async () => {
    const { code, stderr, stdout } = await runBinary(['architecture', 'autoencoder', '--epochs', '41']);
    expect(code).toBe(2);
    expect(stderr + stdout).toMatch(/epochs for the autoencoder demo must be a whole number from 1 to 40/);
  }, 60_000);

  it('architecture attention --out DIR (small settings) → prints letter accuracy against guessing and the mirrored-attention sentence, writes two PNGs', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'nn-arch-'));
    const { code, stdout } = await runBinary(['architecture', 'attention', '--epochs', '2', '--size', '300', '--seed', '4', '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/it put \d+\.\d% of the letters in the right place and reversed \d+\.\d% of whole sequences/);
    expect(stdout).toContain('Guessing would get 10.0% of the letters');
    expect(stdout).toMatch(/each output position puts \d\.\d\d of its weight on the mirrored input position/);
    expect(stdout).toMatch(/1,098 parameters .* 300 training and 500 test sequences .* 2 epochs · seed 4/);
    expect((await readdir(out)).sort()).toEqual(['attention-examples.png', 'attention-weights.png']);
    for (const file of ['attention-examples.png', 'attention-weights.png']) expect((await loadImage(await readFile(path.join(out, file)))).width).toBeGreaterThan(300);
  }, 240_000);

  it('architecture attention --size 50 → exit 2 naming size and the attention demo\'s range, before any training', async () => {
    const { code, stderr, stdout } = await runBinary(['architecture', 'attention', '--size', '50']);
    expect(code).toBe(2);
    expect(stderr + stdout).toMatch(/size for the attention demo must be a whole number from 100 to 4000/);
  }, 60_000);

  it('architecture with an unknown model → exit 2 and a message listing the models', async () => {
    const { code, stderr, stdout } = await runBinary(['architecture', 'gan']);
    expect(code).toBe(2);
    expect(stderr + stdout).toMatch(/cnn/);
  }, 60_000);

  it('architecture cnn with epochs beyond the demo\'s range → exit 2 naming epochs and its range, before any training', async () => {
    const { code, stderr, stdout } = await runBinary(['architecture', 'cnn', '--epochs', '50']);
    expect(code).toBe(2);
    expect(stderr + stdout).toMatch(/epochs for the cnn demo must be a whole number from 1 to 12/);
  }, 60_000);

  it('architecture cnn --size 10 → exit 2 naming size (not the internal option name) and its range', async () => {
    const { code, stderr, stdout } = await runBinary(['architecture', 'cnn', '--size', '10']);
    expect(code).toBe(2);
    expect(stderr + stdout).toMatch(/size for the cnn demo must be a whole number from 200 to 6000/);
  }, 60_000);
});
