/**
 * Animated GIFs with gifenc. One 256-colour palette is quantised from a sample of frames (first,
 * middle, last) and applied to every frame, which is faster than per-frame palettes and keeps
 * colours from flickering between frames.
 */
import * as gifencNamespace from 'gifenc';
import type { GifEncoderStream, GifencModule } from 'gifenc';

// gifenc ships CommonJS for Node (functions on the default export) and ESM for bundlers such as
// Vite (named exports); accept both shapes.
const gifenc: GifencModule = 'quantize' in gifencNamespace ? (gifencNamespace as unknown as GifencModule) : (gifencNamespace as unknown as { default: GifencModule }).default;
import type { Canvas } from './canvas.ts';
import type { RenderedImage } from './types.ts';

/** Chat platforms reject large uploads; Discord's default limit is 8 MiB. */
export const GIF_MAX_BYTES = 8 * 1024 * 1024;

/** One frame: RGBA pixels of the whole picture and how long it stays, in ms. */
export interface GifFrame {
  rgba: Uint8ClampedArray;
  delayMs: number;
}

/** Copies the current pixels of a canvas as a frame. */
export function captureFrame(canvas: Canvas, delayMs: number): GifFrame {
  const ctx = canvas.getContext('2d');
  const rgba = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  return { rgba: new Uint8ClampedArray(rgba.buffer, rgba.byteOffset, rgba.byteLength), delayMs };
}

function samplePixels(frames: readonly GifFrame[]): Uint8ClampedArray {
  const picks = [...new Set([0, Math.floor(frames.length / 2), frames.length - 1])].map((i) => frames[i]);
  const total = picks.reduce((n, f) => n + f.rgba.length, 0);
  const sample = new Uint8ClampedArray(total);
  let offset = 0;
  for (const f of picks) {
    sample.set(f.rgba, offset);
    offset += f.rgba.length;
  }
  return sample;
}

/** Palette index kept free for "unchanged since the previous frame" (transparent). */
const TRANSPARENT_INDEX = 255;

/** Maps opaque RGBA pixels (32-bit words, R in the low byte) to the nearest palette entry, cached per RGB565 cell. */
function createPaletteMapper(palette: readonly number[][]): (word: number) => number {
  const cache = new Int16Array(65536).fill(-1);
  return (word) => {
    const r = word & 255, g = (word >>> 8) & 255, b = (word >>> 16) & 255;
    const key = ((r >> 3) << 11) | ((g >> 2) << 5) | (b >> 3);
    let index = cache[key];
    if (index < 0) {
      let best = Infinity;
      for (let j = 0; j < palette.length; j++) {
        const c = palette[j];
        const d = (c[0] - r) ** 2 + (c[1] - g) ** 2 + (c[2] - b) ** 2;
        if (d < best) { best = d; index = j; }
      }
      cache[key] = index;
    }
    return index;
  };
}

/** The smallest rectangle holding every pixel that differs between two frames, or null when none does. */
function changedBox(previous: Uint32Array, current: Uint32Array, widthPx: number, heightPx: number): { left: number; top: number; width: number; height: number } | null {
  let top = -1, bottom = -1, left = widthPx, right = -1;
  for (let y = 0; y < heightPx; y++) {
    const row = y * widthPx;
    let x = 0;
    while (x < widthPx && previous[row + x] === current[row + x]) x++;
    if (x === widthPx) continue;
    if (top < 0) top = y;
    bottom = y;
    if (x < left) left = x;
    let xr = widthPx - 1;
    while (xr > right && previous[row + xr] === current[row + xr]) xr--;
    if (xr > right) right = xr;
  }
  return top < 0 ? null : { left, top, width: right - left + 1, height: bottom - top + 1 };
}

function wordsOf(frame: GifFrame, pixelCount: number): Uint32Array {
  const { rgba } = frame;
  return rgba.byteOffset % 4 === 0 ? new Uint32Array(rgba.buffer, rgba.byteOffset, pixelCount) : new Uint32Array(new Uint8Array(rgba).buffer);
}

/**
 * Encodes frames (`size` in device pixels) as a looping GIF. After the first frame, each frame
 * holds only the rectangle that changed, with pixels that did not change left transparent (the
 * previous frame shows through), so mostly-still animations are small and quick to encode.
 * Throws when the result would exceed `maxBytes`.
 */
export function encodeGif(frames: readonly GifFrame[], size: { width: number; height: number; pixelRatio: number }, name: string, alt: string, maxBytes = GIF_MAX_BYTES): RenderedImage {
  const { width: widthPx, height: heightPx } = size;
  if (frames.length === 0) throw new Error('encodeGif: no frames to encode');
  const colours = gifenc.quantize(samplePixels(frames), TRANSPARENT_INDEX, { format: 'rgb565' });
  const toIndex = createPaletteMapper(colours);
  const palette = [...colours];
  while (palette.length < 256) palette.push([0, 0, 0]);
  const encoder = gifenc.GIFEncoder();
  const pixelCount = widthPx * heightPx;
  let previous: Uint32Array | null = null;
  frames.forEach((frame, i) => {
    const current = wordsOf(frame, pixelCount);
    if (!previous) {
      const index = new Uint8Array(pixelCount);
      for (let k = 0; k < pixelCount; k++) index[k] = toIndex(current[k]);
      encoder.writeFrame(index, widthPx, heightPx, { palette, delay: frame.delayMs, repeat: 0, dispose: 1 });
    } else {
      // A frame identical to the last still needs one (transparent) pixel to carry its delay.
      const box = changedBox(previous, current, widthPx, heightPx) ?? { left: 0, top: 0, width: 1, height: 1 };
      const index = new Uint8Array(box.width * box.height);
      let o = 0;
      for (let y = box.top; y < box.top + box.height; y++) {
        for (let k = y * widthPx + box.left, end = k + box.width; k < end; k++) {
          index[o++] = current[k] === previous[k] ? TRANSPARENT_INDEX : toIndex(current[k]);
        }
      }
      writeFrameAt(encoder, index, box, frame.delayMs);
    }
    previous = current;
  });
  encoder.finish();
  const data = Buffer.from(encoder.bytes());
  if (data.length > maxBytes) throw new Error(`The animation is ${(data.length / 1048576).toFixed(1)} MiB, over the ${(maxBytes / 1048576).toFixed(0)} MiB limit: ask for fewer frames or a smaller width.`);
  return { name, contentType: 'image/gif', data, alt, width: widthPx, height: heightPx, pixelRatio: size.pixelRatio };
}

/**
 * Writes a frame covering only `box`. gifenc always places frames at (0, 0), so the image
 * descriptor it has just written (after the 8-byte graphic control extension) gets the box's
 * left and top patched in.
 */
function writeFrameAt(encoder: GifEncoderStream, index: Uint8Array, box: { left: number; top: number; width: number; height: number }, delayMs: number): void {
  const start = encoder.bytesView().length;
  encoder.writeFrame(index, box.width, box.height, { delay: delayMs, transparent: true, transparentIndex: TRANSPARENT_INDEX, dispose: 1 });
  const bytes = encoder.bytesView();
  const descriptor = start + 8;
  if (bytes[start] !== 0x21 || bytes[start + 1] !== 0xf9 || bytes[descriptor] !== 0x2c) throw new Error('encodeGif: unexpected gifenc frame layout');
  bytes[descriptor + 1] = box.left & 255;
  bytes[descriptor + 2] = box.left >> 8;
  bytes[descriptor + 3] = box.top & 255;
  bytes[descriptor + 4] = box.top >> 8;
}
