/**
 * Colour scales for heatmaps and points: the Playground's diverging orange–grey–blue scale for
 * scores in [−1, 1], and per-class hues mixed by probability for multi-class outputs.
 */
import { CLASS_COLORS, PLAYGROUND } from './theme.ts';

export type Rgb = [number, number, number];

/** '#rrggbb' → [r, g, b]. */
export function hexToRgb(hex: string): Rgb {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

/** [r, g, b] → '#rrggbb'. */
export function rgbToHex([r, g, b]: Rgb): string {
  return `#${((1 << 24) | (Math.round(r) << 16) | (Math.round(g) << 8) | Math.round(b)).toString(16).slice(1)}`;
}

/** Linear interpolation between two colours, t in [0, 1]. */
export function mixRgb(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

const NEGATIVE = hexToRgb(PLAYGROUND.negative);
const NEUTRAL = hexToRgb(PLAYGROUND.neutral);
const POSITIVE = hexToRgb(PLAYGROUND.positive);
const WHITE: Rgb = [255, 255, 255];

/** Number of entries in the score lookup table (even, so that score 0 has its own entry). */
export const SCORE_LUT_SIZE = 512;

/**
 * The Playground's scale as a lookup table: entry i is the colour of score −1 + 2i/(size−1),
 * piecewise linear −1 → orange, 0 → light grey, +1 → blue (clamped). `lighten` blends towards
 * white so that points drawn on top stay visible.
 */
export function buildScoreLut(lighten = 0): Uint8Array {
  const lut = new Uint8Array(SCORE_LUT_SIZE * 3);
  for (let i = 0; i < SCORE_LUT_SIZE; i++) {
    const score = -1 + (2 * i) / (SCORE_LUT_SIZE - 1);
    const rgb = mixRgb(scoreToRgb(score), WHITE, lighten);
    lut[i * 3] = Math.round(rgb[0]);
    lut[i * 3 + 1] = Math.round(rgb[1]);
    lut[i * 3 + 2] = Math.round(rgb[2]);
  }
  return lut;
}

/** Colour of a score in [−1, 1] on the Playground scale (values outside are clamped). */
export function scoreToRgb(score: number): Rgb {
  const s = Number.isFinite(score) ? Math.max(-1, Math.min(1, score)) : 0;
  return s < 0 ? mixRgb(NEUTRAL, NEGATIVE, -s) : mixRgb(NEUTRAL, POSITIVE, s);
}

/** Hex colour of a score in [−1, 1]. */
export function scoreToHex(score: number): string {
  return rgbToHex(scoreToRgb(score));
}

/** Colour of class `index` (binary sets: 0 = label −1 orange, 1 = label +1 blue). */
export function classColor(index: number): string {
  return CLASS_COLORS[index % CLASS_COLORS.length];
}

/** Class colours as RGB triples, for pixel work. */
export function classRgbs(classes: number): Rgb[] {
  return Array.from({ length: classes }, (_, i) => hexToRgb(classColor(i)));
}

/**
 * Colour of a probability vector: the probability-weighted mix of class hues, faded to light grey
 * as the prediction gets less certain (uniform probabilities → grey, one-hot → pure class hue).
 */
export function probabilitiesToRgb(probabilities: ArrayLike<number>, offset: number, classes: number, hues: Rgb[], out: Rgb): Rgb {
  let r = 0, g = 0, b = 0, max = 0;
  for (let c = 0; c < classes; c++) {
    const p = probabilities[offset + c];
    r += p * hues[c][0];
    g += p * hues[c][1];
    b += p * hues[c][2];
    if (p > max) max = p;
  }
  const certainty = classes > 1 ? Math.max(0, Math.min(1, (max - 1 / classes) / (1 - 1 / classes))) : 1;
  out[0] = NEUTRAL[0] + (r - NEUTRAL[0]) * certainty;
  out[1] = NEUTRAL[1] + (g - NEUTRAL[1]) * certainty;
  out[2] = NEUTRAL[2] + (b - NEUTRAL[2]) * certainty;
  return out;
}

/** Colour of a point's label: ±1 for binary, class index for multi-class, target value for regression. */
export function labelColor(label: number, kind: 'binary' | 'multiclass' | 'regression'): string {
  if (kind === 'binary') return label > 0 ? PLAYGROUND.positive : PLAYGROUND.negative;
  if (kind === 'multiclass') return classColor(label);
  return scoreToHex(label);
}
