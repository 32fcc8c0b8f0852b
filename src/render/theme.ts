/**
 * Colours, fonts and sizes shared by every picture. Pictures are drawn on an opaque light card so
 * they read the same on light and dark chat backgrounds.
 */
import { existsSync } from 'node:fs';
import { GlobalFonts } from '@napi-rs/canvas';

/** TensorFlow Playground's palette: orange = −1 / class A, light grey = undecided, blue = +1 / class B. */
export const PLAYGROUND = {
  negative: '#f59322',
  neutral: '#e8eaeb',
  positive: '#0877bd',
} as const;

/** Distinct hues for multi-class sets; the first two match the binary palette. */
export const CLASS_COLORS = ['#f59322', '#0877bd', '#2ca02c', '#9c3fb5', '#d62728', '#17becf', '#8c564b', '#bcbd22'] as const;

/** Line colours for series that are not classes (splits, optimisers, runs). */
export const SERIES_COLORS = ['#1f77b4', '#e8590c', '#2b8a3e', '#9c36b5', '#c92a2a', '#0c8599', '#5c940d', '#862e9c'] as const;

export const THEME = {
  background: '#ffffff',
  border: '#c8ccd0',
  text: '#1f2328',
  mutedText: '#57606a',
  grid: '#e3e6e8',
  axis: '#8c959f',
  /** Marks that must stand out on charts: best epoch, divergence. */
  best: '#2b8a3e',
  danger: '#c92a2a',
  train: '#0877bd',
  validation: '#9c36b5',
  test: '#e8590c',
} as const;

/** Font family used everywhere (registered from the system when present, see ensureFonts). */
export const FONT_FAMILY = 'DejaVu Sans, Liberation Sans, sans-serif';

/** Font sizes in px, chosen to stay legible when chat clients shrink a picture to ~400 px wide. */
export const FONT_PX = { title: 16, label: 13, tick: 12, small: 11 } as const;

/** CSS font shorthand for canvas text. */
export function font(sizePx: number, weight: 'normal' | 'bold' = 'normal'): string {
  return `${weight === 'bold' ? 'bold ' : ''}${sizePx}px ${FONT_FAMILY}`;
}

const FONT_CANDIDATES: { path: string; family: string }[] = [
  { path: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', family: 'DejaVu Sans' },
  { path: '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf', family: 'DejaVu Sans' },
  { path: '/usr/share/fonts/TTF/DejaVuSans.ttf', family: 'DejaVu Sans' },
  { path: '/usr/share/fonts/TTF/DejaVuSans-Bold.ttf', family: 'DejaVu Sans' },
  { path: '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf', family: 'Liberation Sans' },
  { path: '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf', family: 'Liberation Sans' },
];

let fontsChecked = false;

/**
 * Makes sure a sans-serif font is available to Skia. @napi-rs/canvas ships no fonts; it scans the
 * system font folders, and we register DejaVu/Liberation explicitly in case that scan misses them.
 * On Debian the font comes from the `fonts-dejavu-core` package. Returns true when a font is usable.
 */
export function ensureFonts(): boolean {
  if (fontsChecked) return hasSansFont();
  fontsChecked = true;
  if (!hasSansFont()) {
    for (const candidate of FONT_CANDIDATES) {
      if (existsSync(candidate.path)) GlobalFonts.registerFromPath(candidate.path, candidate.family);
    }
  }
  return hasSansFont();
}

function hasSansFont(): boolean {
  return GlobalFonts.families.some((f) => f.family === 'DejaVu Sans' || f.family === 'Liberation Sans');
}
