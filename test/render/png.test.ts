import { describe, expect, it } from 'vitest';
import { inflateSync } from 'node:zlib';
import { adler32, encodeOpaquePng } from '../../src/render/png.ts';
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

describe('encodeOpaquePng on a picture large enough to be compressed in parallel bands', () => {
  it('still round-trips every pixel and ends with the zlib checksum of the filtered rows', async () => {
    const width = 1201, height = 997; // ~3.6 MB of filtered rows: several bands
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      rgba[o] = (x * 3) & 255; rgba[o + 1] = (y * 5) & 255; rgba[o + 2] = (x ^ y) & 255; rgba[o + 3] = 255;
    }
    const png = await encodeOpaquePng(width, height, rgba);
    const decoded = await decode(png);
    expect([decoded.width, decoded.height]).toEqual([width, height]);
    expect(Buffer.from(decoded.data).equals(Buffer.from(rgba))).toBe(true);
    // Node's own inflate checks the stream, including the Adler-32 trailer.
    const idatStart = png.indexOf('IDAT') + 4;
    const idatLength = png.readUInt32BE(idatStart - 8);
    expect(inflateSync(png.subarray(idatStart, idatStart + idatLength)).length).toBe((width * 3 + 1) * height);
  });

  it('computes Adler-32 as RFC 1950 defines it ("Wikipedia" → 0x11E60398)', () => {
    expect(adler32(Buffer.from('Wikipedia', 'latin1'))).toBe(0x11e60398);
  });
});
