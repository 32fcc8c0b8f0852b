/**
 * Animated GIFs with gifenc. One 256-colour palette is quantised from a sample of frames (first,
 * middle, last) and applied to every frame, which is faster than per-frame palettes and keeps
 * colours from flickering between frames.
 */
import * as gifencNamespace from 'gifenc';
import type { GifencModule } from 'gifenc';

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

/** Encodes frames (`size` in device pixels) as a looping GIF. Throws when the result would exceed `maxBytes`. */
export function encodeGif(frames: readonly GifFrame[], size: { width: number; height: number; pixelRatio: number }, name: string, alt: string, maxBytes = GIF_MAX_BYTES): RenderedImage {
  const { width: widthPx, height: heightPx } = size;
  if (frames.length === 0) throw new Error('encodeGif: no frames to encode');
  const palette = gifenc.quantize(samplePixels(frames), 256, { format: 'rgb565' });
  const encoder = gifenc.GIFEncoder();
  frames.forEach((frame, i) => {
    const index = gifenc.applyPalette(frame.rgba, palette, 'rgb565');
    encoder.writeFrame(index, widthPx, heightPx, { palette: i === 0 ? palette : undefined, delay: frame.delayMs, repeat: 0 });
  });
  encoder.finish();
  const data = Buffer.from(encoder.bytes());
  if (data.length > maxBytes) throw new Error(`The animation is ${(data.length / 1048576).toFixed(1)} MiB, over the ${(maxBytes / 1048576).toFixed(0)} MiB limit: ask for fewer frames or a smaller width.`);
  return { name, contentType: 'image/gif', data, alt, width: widthPx, height: heightPx, pixelRatio: size.pixelRatio };
}
