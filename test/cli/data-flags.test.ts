/** `nn-tutor train --data FILE --task --init-params FILE --snapshot-epochs`: what a user sees, and every refusal. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/platforms/cli/main.ts';

let dir: string;
const file = (name: string): string => path.join(dir, name);

/** Runs the CLI in-process with real argv. */
async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

const TWO_CLOUDS = ['x1,x2,label,split', ...Array.from({ length: 40 }, (_, i) => `${i % 2 ? 3 : -3},${(i % 7) - 3},${i % 2},${i < 30 ? 'train' : 'test'}`)].join('\n');

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'nn-tutor-data-'));
  await writeFile(file('clouds.csv'), TWO_CLOUDS);
  await writeFile(file('numbers.csv'), ['x1,x2,label', ...Array.from({ length: 30 }, (_, i) => `${i / 10},${-i / 10},${(i / 30).toFixed(3)}`)].join('\n'));
  await writeFile(file('bad-cell.csv'), 'x1,x2,label\n1,2,1\n3,four,-1\n');
  await writeFile(file('params-short.json'), '[0.1, 0.2]');
  await writeFile(file('params-text.json'), '[0.1, "a"]');
  await writeFile(file('not-json.json'), 'hello');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('train --data', () => {
  it('a CSV with a split column trains on the given points and the summary names the file and the task', async () => {
    const { code, out } = await cli(['train', '--data', file('clouds.csv'), '--epochs', '30']);
    expect(code).toBe(0);
    expect(out).toMatch(/Trained .*clouds\.csv \(binary\)/);
    expect(out).toMatch(/30 train, 0 validation and 10 test points \(split as given\); classification with 2 classes \(inferred from the labels\)/);
  });

  it('fractional labels are inferred as regression and the summary says so', async () => {
    const { code, out } = await cli(['train', '--data', file('numbers.csv'), '--epochs', '5']);
    expect(code).toBe(0);
    expect(out).toMatch(/\(regression\)/);
    expect(out).toMatch(/regression \(inferred: the labels are not all class numbers/);
  });

  it('--task regression on ±1 labels trains a regression (linear output)', async () => {
    const { code, out } = await cli(['train', '--data', file('clouds.csv'), '--task', 'regression', '--epochs', '5', '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(result.kind).toBe('regression');
    expect(result.network.output).toBe('linear');
  });

  it('Playground mode says what it does, in the words of the issue', async () => {
    const { out } = await cli(['train', '--data', file('clouds.csv'), '--playground-mode', '--epochs', '5']);
    expect(out).toContain('Playground mode: tanh output, squared error, same update rules as the Playground');
  });
});

describe('data --data', () => {
  it('describes a file as it will be trained on, and --json gives its points per split', async () => {
    const text = await cli(['data', '--data', file('clouds.csv')]);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/clouds\.csv: 30 train, 0 validation and 10 test points \(split as given\); classification with 2 classes/);
    const json = JSON.parse((await cli(['data', '--data', file('clouds.csv'), '--json'])).out);
    expect(json.train).toHaveLength(30);
    expect(json.train[1]).toEqual({ x1: 3, x2: -2, label: 1 });
    expect(json.train[0].label).toBe(-1);
  });
});

describe('train --init-params and --snapshot-epochs', () => {
  it('a TrainResult JSON is a valid starting point: epoch 0 of the next run is its final weights', async () => {
    const first = await cli(['train', '--dataset', 'xor', '--epochs', '10', '--json']);
    await writeFile(file('result.json'), first.out);
    const second = await cli(['train', '--dataset', 'xor', '--epochs', '3', '--init-params', file('result.json'), '--snapshot-epochs', '0,2', '--json']);
    expect(second.code).toBe(0);
    const result = JSON.parse(second.out);
    expect(result.snapshots.map((s: { epoch: number }) => s.epoch)).toEqual([0, 2]);
    expect(result.snapshots[0].params).toEqual(JSON.parse(first.out).network.params);
  });

  it('--animate with --data writes a GIF whose alt text names the file, not a generated dataset', async () => {
    const out = path.join(dir, 'animated');
    const { code, out: stdout } = await cli(['train', '--data', file('clouds.csv'), '--epochs', '20', '--animate', '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/training\.gif/);
    const { prepareTrainingAnimation } = await import('../../src/render/training-gif.ts');
    const { generateDataset, resolveSpec, train, parseDataText } = await import('../../src/engine/index.ts');
    const spec = resolveSpec({ data: parseDataText(TWO_CLOUDS, { source: 'clouds.csv' }), epochs: 4 });
    const result = await train(spec, { snapshotEvery: 1 });
    expect(prepareTrainingAnimation(result, generateDataset(spec)).alt).toMatch(/learning the clouds\.csv dataset/);
  });

  it('the text summary lists the snapshots asked for', async () => {
    const { out } = await cli(['train', '--dataset', 'xor', '--epochs', '5', '--snapshot-epochs', '1,5']);
    expect(out).toMatch(/epoch 1 +train loss [\d.]+ +test loss/);
    expect(out).toMatch(/epoch 5 +train loss/);
  });
});

describe('bad input: exit code 2, one line naming the file and the row or field, nothing printed on stdout', () => {
  const cases: [string, () => string[], RegExp][] = [
    ['a missing data file', () => ['--data', file('nope.csv')], /nope\.csv: no such file/],
    ['a folder instead of a file', () => ['--data', dir], /not a file/],
    ['a non-numeric cell', () => ['--data', file('bad-cell.csv')], /bad-cell\.csv line 3, column x2: "four" is not a finite number/],
    ['--data without a file', () => ['--data'], /--data needs a file/],
    ['--dataset together with --data', () => ['--data', file('clouds.csv'), '--dataset', 'xor'], /Leave out --dataset/],
    ['--split with a file that gives its own splits', () => ['--data', file('clouds.csv'), '--split', '70,0,30'], /--split does not apply: .*clouds\.csv gives its own train\/val\/test sets/],
    ['an unknown --task', () => ['--data', file('clouds.csv'), '--task', 'sorting'], /task must be one of classification, regression.*, not sorting\./],
    ['--task without --data', () => ['--task', 'regression'], /use it with --data FILE/],
    ['params of the wrong length', () => ['--init-params', file('params-short.json')], /params-short\.json has 2 numbers; the 2-4-2-1 network of this setup needs 25/],
    ['params with text in them', () => ['--init-params', file('params-text.json')], /params-text\.json: value \[1\] is "a", not a finite number/],
    ['a params file that is not JSON', () => ['--init-params', file('not-json.json')], /not-json\.json: not valid JSON/],
    ['a snapshot epoch beyond --epochs', () => ['--epochs', '10', '--snapshot-epochs', '1,11'], /snapshot-epochs must be a comma-separated list of epochs from 0 .* to 10 .*, not 1,11\. 11 is not one of them\./],
  ];
  it.each(cases)('%s', async (_name, args, message) => {
    const { code, out, err } = await cli(['train', ...args()]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(message);
    expect(err.trim().split('\n')).toHaveLength(1);
  });
});
