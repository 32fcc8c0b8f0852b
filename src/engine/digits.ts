/**
 * A generated 10-class digits set of 16×16 grey images, made offline with no download: each digit
 * is drawn with one of the fonts @napi-rs/canvas has (Liberation and DejaVu, regular or bold,
 * filled and stroked with a random pen width), through a random affine transform (rotation, scale,
 * shear, shift), then Gaussian pixel noise is added. Seeded, so the same seed gives the same
 * images; train and test come from different seed streams, so no test image is a train image.
 */
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { createRng, type Rng } from './rng.ts';

/** Side of one image in pixels. */
export const DIGIT_SIZE_PX = 16;
/** Pixels per image. */
export const DIGIT_PIXELS = DIGIT_SIZE_PX * DIGIT_SIZE_PX;
/** Classes: the digits 0–9. */
export const DIGIT_CLASSES = 10;

/** A set of digit images: `pixels` holds `count` images of 16×16 values in [0, 1] (1 = ink), row by row. */
export interface DigitSet {
  pixels: Float32Array;
  labels: Int32Array;
  count: number;
}

/** Font families the canvas library is asked for; only those it reports installed are used. */
const WANTED_FAMILIES = ['DejaVu Sans', 'DejaVu Serif', 'DejaVu Sans Mono', 'Liberation Sans', 'Liberation Serif', 'Liberation Mono', 'Liberation Sans Narrow'];
const SYSTEM_FONT_FILES = ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf'];

let families: string[] | undefined;

/** The font families digits are drawn with: the wanted ones the canvas library has (registering DejaVu from the system when it has none). */
export function digitFontFamilies(): string[] {
  if (families) return families;
  const installed = () => new Set(GlobalFonts.families.map((f) => f.family));
  let have = installed();
  if (!WANTED_FAMILIES.some((f) => have.has(f))) {
    for (const file of SYSTEM_FONT_FILES) GlobalFonts.registerFromPath(file);
    have = installed();
  }
  families = WANTED_FAMILIES.filter((f) => have.has(f));
  if (families.length === 0) families = [...have].slice(0, 4);
  if (families.length === 0) throw new Error('no fonts available to draw the digits set');
  return families;
}

/** Drawing resolution: digits are drawn at 2× and averaged down, which smooths thin strokes. */
const OVERSAMPLE = 2;

function drawDigits(count: number, rng: Rng): DigitSet {
  const side = DIGIT_SIZE_PX * OVERSAMPLE;
  const canvas = createCanvas(side, side);
  const ctx = canvas.getContext('2d');
  const fonts = digitFontFamilies();
  const pixels = new Float32Array(count * DIGIT_PIXELS);
  const labels = new Int32Array(count);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  for (let n = 0; n < count; n++) {
    const digit = n % DIGIT_CLASSES;
    labels[n] = digit;
    const family = fonts[rng.int(fonts.length)];
    const weight = rng.next() < 0.4 ? 'bold' : 'normal';
    const sizePx = side * rng.uniform(0.72, 0.95);
    const angle = rng.uniform(-0.21, 0.21); // ±12°
    const shear = rng.uniform(-0.2, 0.2);
    const stretch = rng.uniform(0.85, 1.15);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, side, side);
    ctx.translate(side / 2 + rng.uniform(-2.5, 2.5), side / 2 + rng.uniform(-2.5, 2.5));
    ctx.rotate(angle);
    ctx.transform(stretch, 0, shear, 1, 0, 0);
    ctx.font = `${weight} ${sizePx.toFixed(1)}px "${family}"`;
    ctx.fillStyle = '#fff';
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = rng.uniform(0, 1.6);
    ctx.fillText(String(digit), 0, side * 0.04);
    if (ctx.lineWidth > 0.3) ctx.strokeText(String(digit), 0, side * 0.04);
    const data = ctx.getImageData(0, 0, side, side).data;
    const noise = rng.uniform(0.03, 0.12);
    const base = n * DIGIT_PIXELS;
    for (let y = 0; y < DIGIT_SIZE_PX; y++) {
      for (let x = 0; x < DIGIT_SIZE_PX; x++) {
        let sum = 0;
        for (let dy = 0; dy < OVERSAMPLE; dy++)
          for (let dx = 0; dx < OVERSAMPLE; dx++) sum += data[((y * OVERSAMPLE + dy) * side + x * OVERSAMPLE + dx) * 4];
        const value = sum / (255 * OVERSAMPLE * OVERSAMPLE) + rng.normal(0, noise * noise);
        pixels[base + y * DIGIT_SIZE_PX + x] = Math.min(1, Math.max(0, value));
      }
    }
  }
  // shuffle so that batches and "the first k" are not in digit order
  const order = Array.from({ length: count }, (_, i) => i);
  rng.shuffleInPlace(order);
  const shuffledPixels = new Float32Array(pixels.length);
  const shuffledLabels = new Int32Array(count);
  order.forEach((from, to) => {
    shuffledPixels.set(pixels.subarray(from * DIGIT_PIXELS, (from + 1) * DIGIT_PIXELS), to * DIGIT_PIXELS);
    shuffledLabels[to] = labels[from];
  });
  return { pixels: shuffledPixels, labels: shuffledLabels, count };
}

/** Largest set one call may draw (keeps a job's memory and time bounded). */
export const MAX_DIGITS = 20_000;

const cache = new Map<string, DigitSet>();
const CACHE_ENTRIES = 8;

/**
 * `count` digit images (equal numbers of each class, shuffled) for `seed` and `part`; train and
 * test use different seed streams. Cached in memory per (seed, part, count).
 */
export function generateDigits(count: number, seed: number, part: 'train' | 'test'): DigitSet {
  if (!Number.isInteger(count) || count < DIGIT_CLASSES || count > MAX_DIGITS) throw new Error(`digit count must be a whole number from ${DIGIT_CLASSES} to ${MAX_DIGITS}`);
  const key = `${seed}:${part}:${count}`;
  const hit = cache.get(key);
  if (hit) return hit;
  // the test stream is offset far from any train seed, so the two never share a stream
  const set = drawDigits(count, createRng((seed * 2 + (part === 'test' ? 1 : 0)) ^ 0x5eed_d161));
  cache.set(key, set);
  if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
  return set;
}
