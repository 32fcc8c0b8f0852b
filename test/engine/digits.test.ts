/** The generated digits set: seeded, balanced, in range, and train and test differ. */
import { describe, expect, it } from 'vitest';
import { DIGIT_PIXELS, digitFontFamilies, generateDigits } from '../../src/engine/digits.ts';

describe('generated 16×16 digits', () => {
  it('the same seed and part → the same images, bit for bit', () => {
    const a = generateDigits(40, 9, 'train');
    const again = generateDigits(40, 9, 'train');
    expect(again.pixels).toEqual(a.pixels);
  });

  it('train and test of one seed share no image', () => {
    const train = generateDigits(100, 3, 'train');
    const test = generateDigits(100, 3, 'test');
    const key = (p: Float32Array, i: number) => Array.from(p.subarray(i * DIGIT_PIXELS, (i + 1) * DIGIT_PIXELS)).join(',');
    const seen = new Set(Array.from({ length: train.count }, (_, i) => key(train.pixels, i)));
    for (let i = 0; i < test.count; i++) expect(seen.has(key(test.pixels, i))).toBe(false);
  });

  it('every class appears equally often, pixels lie in [0, 1] and each image has ink', () => {
    const set = generateDigits(200, 1, 'train');
    const counts = new Array(10).fill(0);
    for (const label of set.labels) counts[label]++;
    expect(counts).toEqual(new Array(10).fill(20));
    expect(Math.min(...set.pixels)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...set.pixels)).toBeLessThanOrEqual(1);
    for (let i = 0; i < set.count; i++) {
      const ink = set.pixels.subarray(i * DIGIT_PIXELS, (i + 1) * DIGIT_PIXELS).reduce((a, v) => a + (v > 0.5 ? 1 : 0), 0);
      expect(ink).toBeGreaterThan(5);
    }
  });

  it('draws with several of the fonts the canvas library has', () => {
    expect(digitFontFamilies().length).toBeGreaterThanOrEqual(2);
  });

  it('a count outside 10–20000 → an error naming the range', () => {
    expect(() => generateDigits(5, 1, 'train')).toThrow(/from 10 to 20000/);
  });
});
