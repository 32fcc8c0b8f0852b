/**
 * Animated GIFs with gifenc. One 256-colour palette is quantised from a sample of frames (first,
 * middle, last) and applied to every frame, which is faster than per-frame palettes and keeps
 * colours from flickering between frames. Frames are streamed into the encoder one at a time, so
 * an animation never holds more than two frames' pixels at once.
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

/** The frames a palette is quantised from: first, middle and last. */
export function paletteSampleIndices(frameCount: number): number[] {
  return [...new Set([0, Math.floor(frameCount / 2), frameCount - 1])];
}

function samplePixels(picks: readonly GifFrame[]): Uint8ClampedArray {
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

/**
 * Maps opaque RGBA pixels (32-bit words, R in the low byte) to the nearest palette entry. Each
 * RGB565 cell's answer is cached in `cache` (−1 = not yet known); `nearest` fills it.
 */
class PaletteMapper {
  readonly cache = new Int16Array(65536).fill(-1);
  constructor(private readonly palette: readonly number[][]) {}

  /** The RGB565 cell of a pixel word. */
  static keyOf(word: number): number {
    return ((word & 0xf8) << 8) | ((word >>> 5) & 0x7e0) | ((word >>> 19) & 0x1f);
  }

  nearest(word: number): number {
    const r = word & 255, g = (word >>> 8) & 255, b = (word >>> 16) & 255;
    let best = Infinity, index = 0;
    for (let j = 0; j < this.palette.length; j++) {
      const c = this.palette[j];
      const d = (c[0] - r) ** 2 + (c[1] - g) ** 2 + (c[2] - b) ** 2;
      if (d < best) { best = d; index = j; }
    }
    this.cache[PaletteMapper.keyOf(word)] = index;
    return index;
  }
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
 * Writes frames (`size` in device pixels) into a looping GIF as they are drawn. After the first
 * frame, each frame holds only the rectangle that changed, with pixels that did not change left
 * transparent (the previous frame shows through), so mostly-still animations are small and quick
 * to encode. Throws as soon as the file would exceed `maxBytes`.
 */
export class GifWriter {
  private readonly encoder = gifenc.GIFEncoder();
  private readonly palette: number[][];
  private readonly mapper: PaletteMapper;
  private previous: Uint32Array | null = null;
  private frameCount = 0;

  /** `paletteSample`: a few frames (first, middle, last) that show every colour the animation uses. */
  constructor(private readonly size: { width: number; height: number; pixelRatio: number }, paletteSample: readonly GifFrame[], private readonly maxBytes = GIF_MAX_BYTES) {
    if (paletteSample.length === 0) throw new Error('GifWriter: no frames to take the palette from');
    const colours = gifenc.quantize(samplePixels(paletteSample), TRANSPARENT_INDEX, { format: 'rgb565' });
    this.mapper = new PaletteMapper(colours);
    this.palette = [...colours];
    while (this.palette.length < 256) this.palette.push([0, 0, 0]);
  }

  /** Appends a frame (its pixels may be reused by the caller afterwards only if it is not the previous frame). */
  add(frame: GifFrame): void {
    const { width, height } = this.size;
    const pixelCount = width * height;
    const current = wordsOf(frame, pixelCount);
    const previous = this.previous;
    const mapper = this.mapper;
    const cache = mapper.cache;
    if (!previous) {
      const index = new Uint8Array(pixelCount);
      for (let k = 0; k < pixelCount; k++) {
        const word = current[k];
        const cached = cache[((word & 0xf8) << 8) | ((word >>> 5) & 0x7e0) | ((word >>> 19) & 0x1f)];
        index[k] = cached >= 0 ? cached : mapper.nearest(word);
      }
      this.encoder.writeFrame(index, width, height, { palette: this.palette, delay: frame.delayMs, repeat: 0, dispose: 1 });
    } else {
      // A frame identical to the last still needs one (transparent) pixel to carry its delay.
      const box = changedBox(previous, current, width, height) ?? { left: 0, top: 0, width: 1, height: 1 };
      const index = new Uint8Array(box.width * box.height);
      let o = 0;
      for (let y = box.top; y < box.top + box.height; y++) {
        for (let k = y * width + box.left, end = k + box.width; k < end; k++) {
          const word = current[k];
          if (word === previous[k]) {
            index[o++] = TRANSPARENT_INDEX;
          } else {
            // RGB565 cell, inlined: (r >> 3) << 11 | (g >> 2) << 5 | b >> 3
            const cached = cache[((word & 0xf8) << 8) | ((word >>> 5) & 0x7e0) | ((word >>> 19) & 0x1f)];
            index[o++] = cached >= 0 ? cached : mapper.nearest(word);
          }
        }
      }
      writeFrameAt(this.encoder, index, box, frame.delayMs);
    }
    this.previous = current;
    this.frameCount++;
    if (this.encoder.bytesView().length > this.maxBytes) throw tooLarge(this.encoder.bytesView().length, this.maxBytes);
  }

  /** Ends the file and wraps it as a RenderedImage. */
  finish(name: string, alt: string): RenderedImage {
    if (this.frameCount === 0) throw new Error('GifWriter: no frames were added');
    this.encoder.finish();
    const data = Buffer.from(this.encoder.bytes());
    if (data.length > this.maxBytes) throw tooLarge(data.length, this.maxBytes);
    return { name, contentType: 'image/gif', data, alt, width: this.size.width, height: this.size.height, pixelRatio: this.size.pixelRatio };
  }
}

function tooLarge(bytes: number, maxBytes: number): Error {
  return new Error(`The animation is over ${(bytes / 1048576).toFixed(1)} MiB, more than the ${(maxBytes / 1048576).toFixed(0)} MiB limit: ask for fewer frames or a smaller width.`);
}

/** Encodes frames already drawn (`size` in device pixels) as a looping GIF; see GifWriter. */
export function encodeGif(frames: readonly GifFrame[], size: { width: number; height: number; pixelRatio: number }, name: string, alt: string, maxBytes = GIF_MAX_BYTES): RenderedImage {
  if (frames.length === 0) throw new Error('encodeGif: no frames to encode');
  const writer = new GifWriter(size, paletteSampleIndices(frames.length).map((i) => frames[i]), maxBytes);
  for (const frame of frames) writer.add(frame);
  return writer.finish(name, alt);
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
