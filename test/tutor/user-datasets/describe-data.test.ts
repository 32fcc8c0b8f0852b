/** What the tutor says about uploaded data: counts, balance, ranges and duplicates, computed from the points. */
import { describe, expect, it } from 'vitest';
import { parseDataText } from '../../../src/engine/user-data.ts';
import { computeDataFacts, describeDataFacts } from '../../../src/tutor/user-datasets/describe-data.ts';

const describeCsv = (csv: string) => {
  const data = parseDataText(csv, { source: 'f.csv' });
  const facts = computeDataFacts(data);
  return { facts, text: describeDataFacts(facts, data.source, { scaleHint: '`scale:true`' }).join('\n') };
};
const rows = (list: [number, number, number][]) => ['x1,x2,label', ...list.map((r) => r.join(','))].join('\n');

describe('describing uploaded data', () => {
  it('balanced classes inside the plane → counts per class, ranges, no warnings', () => {
    const { facts, text } = describeCsv(rows([[1, 2, 1], [-1, -2, 0], [3, -1, 1], [-3, 1, 0]]));
    expect(facts.perClass).toEqual([{ label: 1, count: 2 }, { label: -1, count: 2 }]);
    expect(text).toContain('4 points — classification with 2 classes: 2 blue (+1), 2 orange (−1).');
    expect(text).toContain('x1 runs from -3 to 3, x2 from -2 to 2 (inside the −6…6 plane).');
    expect(text).not.toContain('⚠');
  });

  it('a minority under 20 % → warns and names the accuracy of always answering the majority', () => {
    const list: [number, number, number][] = Array.from({ length: 10 }, (_, i) => [i / 10, 0, i < 1 ? 1 : 0]);
    const { facts, text } = describeCsv(rows(list));
    expect(facts.minorityShare).toBeCloseTo(0.1);
    expect(text).toMatch(/⚠ Unbalanced: only 10 % of the points are blue \(\+1\)\. A network that always answers orange \(−1\) is already 90 % accurate/);
  });

  it('exactly 20 % minority → no balance warning (the warning is for under 20 %)', () => {
    const list: [number, number, number][] = Array.from({ length: 10 }, (_, i) => [i, 0, i < 2 ? 1 : 0]);
    expect(describeCsv(rows(list)).text).not.toMatch(/Unbalanced/);
  });

  it('values outside −6…6 → warns and offers scale:true', () => {
    const { facts, text } = describeCsv(rows([[140, 2, 1], [-1, -2, 0], [30, 1, 1]]));
    expect(facts.isOutsidePlane).toBe(true);
    expect(text).toMatch(/⚠ x1 runs from -1 to 140, .*outside the −6…6 plane.*Try `scale:true`/);
  });

  it('repeated points → counted, and those with a different label called out', () => {
    const { facts, text } = describeCsv(rows([[1, 1, 1], [1, 1, 1], [1, 1, 0], [2, 2, 0]]));
    expect(facts).toMatchObject({ duplicates: 2, conflictingDuplicates: 1 });
    expect(text).toContain('2 points repeat an earlier point\'s x1, x2, 1 of them with a different label — no network can get both right.');
  });

  it('numeric labels → described as regression, without class counts', () => {
    const { facts, text } = describeCsv(rows([[1, 1, 0.5], [2, 2, 0.25], [3, 3, 0.75]]));
    expect(facts.perClass).toEqual([]);
    expect(text).toMatch(/3 points — regression: the labels are numbers/);
  });
});
