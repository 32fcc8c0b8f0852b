import { describe, expect, it } from 'vitest';
import { encodeOpaquePng } from '../../src/render/png.ts';
import { decode } from './helpers.ts';

describe('encodeOpaquePng', () => {
  it('round-trips every pixel exactly through a standard PNG decoder (Skia)', async () => {
    const width = 37, height = 23;
    const rgba = new Uint8ClampedArray(width * height * 4);
    let seed = 12345;
    for (let i = 0; i < rgba.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      rgba[i] = i % 4 === 3 ? 255 : seed >>> 24;
    }
    const decoded = await decode(await encodeOpaquePng(width, height, rgba));
    expect([decoded.width, decoded.height]).toEqual([width, height]);
    expect(Buffer.from(decoded.data).equals(Buffer.from(rgba))).toBe(true);
  });
});
