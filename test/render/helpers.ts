/** Test helpers: decode rendered images and inspect their pixels as a viewer would see them. */
import { createCanvas, loadImage } from '@napi-rs/canvas';
import type { RenderedImage } from '../../src/render/types.ts';

export interface DecodedImage {
  /** Size in device pixels. */
  width: number;
  height: number;
  data: Uint8ClampedArray;
  /** Device pixels per layout px: pixel() and findPixels() take and give layout px, as the renderers' layouts do. */
  ratio: number;
}

/** Decodes a PNG (or a GIF's first frame) back into RGBA pixels; `ratio` defaults to the image's pixelRatio (1 for a bare buffer). */
export async function decode(image: RenderedImage | Buffer, ratio?: number): Promise<DecodedImage> {
  const data = Buffer.isBuffer(image) ? image : image.data;
  const img = await loadImage(data);
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const pixels = ctx.getImageData(0, 0, img.width, img.height).data;
  return { width: img.width, height: img.height, data: new Uint8ClampedArray(pixels), ratio: ratio ?? (Buffer.isBuffer(image) ? 1 : image.pixelRatio ?? 1) };
}

export type Rgba = [number, number, number, number];

/** The colour at layout position (x, y) (the device pixel under it). */
export function pixel(image: DecodedImage, x: number, y: number): Rgba {
  const dx = Math.min(image.width - 1, Math.max(0, Math.round(x * image.ratio)));
  const dy = Math.min(image.height - 1, Math.max(0, Math.round(y * image.ratio)));
  const o = (dy * image.width + dx) * 4;
  return [image.data[o], image.data[o + 1], image.data[o + 2], image.data[o + 3]];
}

/** Layout size of a decoded image. */
export function layoutSize(image: DecodedImage): { width: number; height: number } {
  return { width: image.width / image.ratio, height: image.height / image.ratio };
}

/** Blue-ish in the Playground sense: clearly more blue than red. */
export function isBlue([r, , b]: Rgba): boolean {
  return b > r + 40;
}

/** Orange-ish: clearly more red than blue. */
export function isOrange([r, , b]: Rgba): boolean {
  return r > b + 40;
}

/** Colour distance (max channel difference). */
export function colorDistance(a: Rgba, b: readonly number[]): number {
  return Math.max(Math.abs(a[0] - b[0]), Math.abs(a[1] - b[1]), Math.abs(a[2] - b[2]));
}

/** Device pixels in a rectangle (layout px) matching a predicate, returned at their layout position. */
export function findPixels(image: DecodedImage, region: { left: number; top: number; width: number; height: number }, match: (p: Rgba) => boolean): { x: number; y: number }[] {
  const found: { x: number; y: number }[] = [];
  const r = image.ratio;
  for (let y = Math.max(0, Math.floor(region.top * r)); y < Math.min(image.height, (region.top + region.height) * r); y++) {
    for (let x = Math.max(0, Math.floor(region.left * r)); x < Math.min(image.width, (region.left + region.width) * r); x++) {
      const o = (y * image.width + x) * 4;
      if (match([image.data[o], image.data[o + 1], image.data[o + 2], image.data[o + 3]])) found.push({ x: x / r, y: y / r });
    }
  }
  return found;
}

export function centroid(points: readonly { x: number; y: number }[]): { x: number; y: number } {
  const sum = points.reduce((s, p) => ({ x: s.x + p.x, y: s.y + p.y }), { x: 0, y: 0 });
  return { x: sum.x / points.length, y: sum.y / points.length };
}

/** Walks a GIF's block structure: the number of frames, their delays and whether it loops. */
export function parseGif(data: Buffer): { width: number; height: number; frames: number; delaysMs: number[]; loops: boolean } {
  if (data.subarray(0, 6).toString('latin1') !== 'GIF89a') throw new Error('not a GIF89a file');
  const width = data.readUInt16LE(6);
  const height = data.readUInt16LE(8);
  let offset = 13;
  const packed = data[10];
  if (packed & 0x80) offset += 3 * 2 ** ((packed & 7) + 1);
  let frames = 0;
  let loops = false;
  const delaysMs: number[] = [];
  const skipSubBlocks = () => {
    while (data[offset] !== 0) offset += data[offset] + 1;
    offset += 1;
  };
  while (offset < data.length) {
    const block = data[offset];
    if (block === 0x3b) break;
    if (block === 0x21) {
      const label = data[offset + 1];
      if (label === 0xf9) delaysMs.push(data.readUInt16LE(offset + 4) * 10);
      if (label === 0xff && data.subarray(offset + 3, offset + 14).toString('latin1') === 'NETSCAPE2.0') loops = true;
      offset += 2;
      skipSubBlocks();
    } else if (block === 0x2c) {
      frames++;
      const localPacked = data[offset + 9];
      offset += 10;
      if (localPacked & 0x80) offset += 3 * 2 ** ((localPacked & 7) + 1);
      offset += 1; // LZW minimum code size
      skipSubBlocks();
    } else {
      throw new Error(`unexpected GIF block 0x${block.toString(16)} at ${offset}`);
    }
  }
  return { width, height, frames, delaysMs, loops };
}

/** One animation frame's RGBA pixels (device size) as a DecodedImage, so pixel() and findPixels() work in layout px. */
export function frameAsImage(rgba: Uint8ClampedArray, deviceWidth: number, deviceHeight: number, ratio: number): DecodedImage {
  return { width: deviceWidth, height: deviceHeight, data: rgba, ratio };
}
