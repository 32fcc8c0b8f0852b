/** `nn-tutor dataset --data FILE`: the chat's upload path from the terminal, and saving the set in DATA_DIR. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/platforms/cli/main.ts';
import { closeStore } from '../../src/store/index.ts';
import { closeJobPool } from '../../src/jobs/index.ts';
import { twoMoonsCsv } from '../tutor/user-datasets/two-moons.ts';

let dir: string;
const previousDataDir = process.env.DATA_DIR;

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'nn-tutor-cli-dataset-'));
  closeStore();
  process.env.DATA_DIR = path.join(dir, 'data');
  await writeFile(path.join(dir, 'moons.csv'), twoMoonsCsv(100));
  await writeFile(path.join(dir, 'formula.csv'), 'x1,x2,label\n=A1,2,1\n');
});
afterAll(async () => {
  closeStore();
  await closeJobPool();
  if (previousDataDir === undefined) delete process.env.DATA_DIR;
  else process.env.DATA_DIR = previousDataDir;
  await rm(dir, { recursive: true, force: true });
});

describe('nn-tutor dataset --data FILE', () => {
  it('describes the file as the chat does and writes its scatter plot with --out', async () => {
    const { code, out } = await cli(['dataset', '--data', path.join(dir, 'moons.csv'), '--out', path.join(dir, 'out')]);
    expect(code).toBe(0);
    expect(out).toContain('moons.csv: 100 points — classification with 2 classes: 50 blue (+1), 50 orange (−1).');
    expect(out).toMatch(/Wrote .*dataset\.png/);
  });

  it('a bad file → exit 2 with the same message as in the chat', async () => {
    const { code, err } = await cli(['dataset', '--data', path.join(dir, 'formula.csv')]);
    expect(code).toBe(2);
    expect(err).toMatch(/formula\.csv line 2, column x1: =A1 is a spreadsheet formula/);
    const missing = await cli(['dataset', '--data', path.join(dir, 'nope.csv')]);
    expect(missing.err).toMatch(/nope\.csv: no such file/);
  });

  it('the last file read is saved with `dataset save name:…`, listed, and shown as dataset:my:NAME', async () => {
    await cli(['dataset', '--data', path.join(dir, 'moons.csv')]);
    const saved = await cli(['dataset', 'save', 'name:moons']);
    expect(saved.out).toMatch(/Saved moons \(100 points/);
    expect((await cli(['dataset', 'list'])).out).toMatch(/my:moons — 100 points/);
    const shown = await cli(['dataset', 'dataset:my:moons']);
    expect(shown.out).toContain('my:moons: 100 points');
  });
});
