/** Helpers for generated numeric questions: rounding, and wrong values placed so the right one's rank is random. */
import type { Rng } from '../../engine/rng.ts';

/** x rounded to `digits` significant figures (0 stays 0). */
export function roundSignificant(x: number, digits: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const scale = 10 ** (digits - 1 - Math.floor(Math.log10(Math.abs(x))));
  return Math.round(x * scale) / scale;
}

/** x rounded to `places` decimal places (without floating-point tails such as 0.30000000000000004). */
export function roundDecimals(x: number, places: number): number {
  const rounded = Number((Math.round(x * 10 ** places) / 10 ** places).toFixed(places));
  return Object.is(rounded, -0) ? 0 : rounded;
}

/** Half a unit of the last kept significant figure of x: the tolerance that accepts x's rounded value. */
export function halfUnitSignificant(x: number, digits: number): number {
  if (x === 0) return 0.5 * 10 ** -digits;
  return 0.5 * 10 ** (Math.floor(Math.log10(Math.abs(x))) - (digits - 1));
}

/** One element of a list, picked by the generator. */
export function pickOne<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.int(items.length)];
}

/**
 * Three wrong values for a numeric question, taken from plausible mistakes below and above the
 * answer so that the right value's position among the four sorted buttons is uniform: k of them
 * below (k = 0…3, at random), the rest above. Values within `minGap` of the answer or of each other are skipped.
 */
export function spreadDistractors(rng: Rng, answer: number, below: number[], above: number[], minGap: number): number[] {
  const distinct = (pool: number[], side: 1 | -1) => {
    const kept: number[] = [];
    for (const v of pool) {
      if (!Number.isFinite(v) || side * (v - answer) <= minGap) continue;
      if (kept.some((k) => Math.abs(k - v) <= minGap)) continue;
      kept.push(v);
    }
    return kept;
  };
  const lower = distinct(below, -1);
  const upper = distinct(above, 1);
  const options = [0, 1, 2, 3].filter((k) => lower.length >= k && upper.length >= 3 - k);
  if (options.length === 0) throw new Error(`not enough distractors around ${answer}: ${lower.length} below, ${upper.length} above`);
  const k = pickOne(rng, options);
  rng.shuffleInPlace(lower);
  rng.shuffleInPlace(upper);
  return [...lower.slice(0, k), ...upper.slice(0, 3 - k)];
}

/** A whole number in [lo, hi]. */
export function intBetween(rng: Rng, lo: number, hi: number): number {
  return lo + rng.int(hi - lo + 1);
}
