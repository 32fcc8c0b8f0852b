/** The user's own points (issue 10's --data, the spec's `data` field): formats, labels, tasks, refusals. */
import { describe, expect, it } from 'vitest';
import { DataError, parseDataText, parseUserData } from '../../src/engine/user-data.ts';
import { resolveSpec } from '../../src/engine/spec.ts';
import { trainSync } from '../../src/engine/train.ts';
import { generateDataset } from '../../src/engine/datasets.ts';

const csv = (...lines: string[]): string => lines.join('\n');

describe('reading data files', () => {
  it('JSON {train, val, test} keeps every split and its order; labels 0/1 become −1/+1', () => {
    const data = parseDataText(JSON.stringify({ train: [[1, 2, 1], [3, 4, 0], [5, 6, 1]], val: [[0, 0, 0]], test: [[7, 8, 0]] }), { source: 'a.json' });
    expect(data.layout).toBe('split');
    if (data.layout !== 'split') return;
    expect(data.train.map((p) => [p.x1, p.x2, p.label])).toEqual([[1, 2, 1], [3, 4, -1], [5, 6, 1]]);
    expect(data.val).toHaveLength(1);
    expect(data.task).toBe('classification');
    expect(data.classes).toBe(2);
    expect(data.isTaskInferred).toBe(true);
  });

  it('CSV with a split column (any column order, blank lines, quoted cells) is read with its splits', () => {
    const data = parseDataText(csv('label,x2,x1,split', '1,2,1,train', '', '-1,"4",3,test', '1,6,5,val'), { source: 'b.csv' });
    if (data.layout !== 'split') throw new Error('expected given splits');
    expect(data.train).toEqual([{ x1: 1, x2: 2, label: 1 }]);
    expect(data.test).toEqual([{ x1: 3, x2: 4, label: -1 }]);
    expect(data.val).toEqual([{ x1: 5, x2: 6, label: 1 }]);
  });

  it('CSV without a split column is a pool, split by --split with the seed like generated data', () => {
    const rows = Array.from({ length: 20 }, (_, i) => `${i},${-i},${i % 2}`);
    const spec = resolveSpec({ data: parseDataText(csv('x1,x2,label', ...rows), { source: 'c.csv' }), split: '70,0,30' });
    expect(spec.points).toBe(20);
    const dataset = generateDataset(spec);
    expect(dataset.train).toHaveLength(14);
    expect(dataset.test).toHaveLength(6);
    expect(dataset.source).toBe('c.csv');
  });

  it('labels 0..k−1 make a multi-class set; fractional labels are inferred as regression (and it says so)', () => {
    const multi = parseDataText(csv('x1,x2,label', '0,0,0', '1,1,1', '2,2,2', '3,3,1'), { source: 'm.csv' });
    expect([multi.task, multi.classes]).toEqual(['classification', 3]);
    const regression = parseDataText(csv('x1,x2,label', '0,0,0.25', '1,1,-0.5', '2,2,3'), { source: 'r.csv' });
    expect([regression.task, regression.isTaskInferred]).toEqual(['regression', true]);
    const forced = parseDataText(csv('x1,x2,label', '0,0,1', '1,1,-1'), { source: 'f.csv', task: 'regression' });
    expect([forced.task, forced.isTaskInferred]).toEqual(['regression', false]);
  });

  it('user data trains: two separable clouds reach full accuracy; the spec resolves again to the same spec', () => {
    const train = Array.from({ length: 40 }, (_, i) => [i % 2 ? 3 : -3, (i % 7) - 3, i % 2 ? 1 : -1]);
    const test = Array.from({ length: 10 }, (_, i) => [i % 2 ? 2.5 : -2.5, (i % 5) - 2, i % 2 ? 1 : -1]);
    const spec = resolveSpec({ data: { train, test }, epochs: 50 });
    expect(resolveSpec(spec)).toEqual(spec);
    const result = trainSync(spec);
    expect(result.kind).toBe('binary');
    expect(result.final.testAccuracy).toBe(1);
  });
});

describe('bad data is refused whole, with the file, the row or field and what is allowed', () => {
  const refusals: [string, string, RegExp][] = [
    ['unknown column', csv('x1,x2,colour', '1,2,3'), /c\.csv: unknown column 'colour' in the header \(line 1\)\. Allowed columns: x1, x2, label, and optionally split/],
    ['missing column', csv('x1,label', '1,1'), /no column 'x2'; found x1, label/],
    ['non-numeric value', csv('x1,x2,label', '1,2,1', '1,abc,-1'), /c\.csv line 3, column x2: "abc" is not a finite number/],
    ['NaN', csv('x1,x2,label', '1,NaN,-1', '1,1,1'), /line 2, column x2: "NaN" is not a finite number/],
    ['Infinity', csv('x1,x2,label', '-Infinity,1,-1', '1,1,1'), /line 2, column x1: "-Infinity" is not a finite number/],
    ['a spreadsheet formula', csv('x1,x2,label', '=1+1,1,-1', '1,1,1'), /"=1\+1" is not a finite number/],
    ['|x| > 1e6', csv('x1,x2,label', '1,2000000,-1', '1,1,1'), /2000000 is too large\. Allowed: \|value\| ≤ 1000000/],
    ['empty train set', csv('x1,x2,label,split', '1,1,1,test', '2,2,-1,test'), /the train set is empty/],
    ['empty test set', csv('x1,x2,label,split', '1,1,1,train', '2,2,-1,train'), /the test set is empty/],
    ['one class only', csv('x1,x2,label', '1,1,1', '2,2,1'), /every label is 1, one class only/],
    ['a bad split name', csv('x1,x2,label,split', '1,1,1,train', '2,2,-1,dev'), /line 3, column split: 'dev' is not a split\. Allowed: train, val, test/],
    ['a short row', csv('x1,x2,label', '1,1,1', '2,2'), /not readable as CSV \(Invalid Record Length/],
    ['an empty file', '  \n', /the file is empty/],
    ['too many points', csv('x1,x2,label', ...Array.from({ length: 5001 }, (_, i) => `${i % 9},1,${i % 2}`)), /5001 points\. Allowed: at most 5000/],
  ];
  it.each(refusals)('%s', (_name, text, message) => {
    let error: unknown;
    try {
      parseDataText(text, { source: 'c.csv' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('JSON: bad shapes name the field', () => {
    expect(() => parseDataText('{"train": [[1, 2, 1]]}', { source: 'j.json' })).toThrow(/j\.json: field 'test' is missing/);
    expect(() => parseDataText('{"train": [[1, 2, 1], [1, 2]], "test": [[0, 0, -1]]}', { source: 'j.json' })).toThrow(/j\.json: train\[1\] has 2 values\. Allowed: exactly \[x1, x2, label\]/);
    expect(() => parseDataText('{"train": [[1, null, 1]], "test": [[0, 0, -1]]}', { source: 'j.json' })).toThrow(/train\[0\] \(x2\): null is not a finite number/);
    expect(() => parseDataText('{"train": [], "test": [[0, 0, -1]]}', { source: 'j.json' })).toThrow(/the train set is empty/);
    expect(() => parseDataText('{"trian": []}', { source: 'j.json' })).toThrow(/unknown field 'trian'\. Allowed: train, val, test/);
    expect(() => parseDataText('{"train": [[1, 2, 1]', { source: 'j.json' })).toThrow(/j\.json: not valid JSON/);
  });

  it('labels that are not classes are refused when classification is asked for', () => {
    expect(() => parseUserData({ train: [[0, 0, 0.5], [1, 1, 1]], test: [[0, 0, 1]] }, { source: 'x', task: 'classification' }))
      .toThrow(/x: train\[0\] \(label\): 0\.5 is not a class\. Allowed for classification: −1\/\+1, 0\/1, or 0\.\.9/);
  });

  it('starting parameters of the wrong length say how many this architecture needs', () => {
    expect(() => resolveSpec({ layers: '8,8', initParams: [1, 2, 3] })).toThrow(/has 3 numbers; the 2-8-8-1 network of this setup needs 105/);
    expect(() => resolveSpec({ layers: '2', initParams: [1, 2, 3, 4, 5, 6, 7, 8, 'x'] })).toThrow(/value \[8\] is "x", not a finite number/);
  });
});
