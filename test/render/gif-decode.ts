/**
 * A small GIF89a decoder for tests and for looking at animations: decodes every frame (LZW),
 * places it at its offset, honours transparency and "do not dispose", and returns the picture a
 * viewer sees after each frame as RGBA.
 */

/** What a viewer sees after each frame, as RGBA pixels of the whole picture. */
export interface DecodedGif {
  width: number;
  height: number;
  frames: { rgba: Uint8ClampedArray; delayMs: number; box: { left: number; top: number; width: number; height: number } }[];
}

function readColorTable(data: Buffer, offset: number, sizeBits: number): number[][] {
  const count = 2 ** (sizeBits + 1);
  const table: number[][] = [];
  for (let i = 0; i < count; i++) table.push([data[offset + 3 * i], data[offset + 3 * i + 1], data[offset + 3 * i + 2]]);
  return table;
}

/** LZW-decodes a GIF image's code stream (variable code size, LSB first) into palette indices. */
function decodeLzw(minCodeSize: number, codes: Buffer, pixelCount: number): Uint8Array {
  const out = new Uint8Array(pixelCount);
  const clear = 1 << minCodeSize;
  const end = clear + 1;
  const prefix = new Int32Array(4096);
  const suffix = new Uint8Array(4096);
  const lengths = new Int32Array(4096);
  for (let i = 0; i < clear; i++) { prefix[i] = -1; suffix[i] = i; lengths[i] = 1; }
  let codeSize = minCodeSize + 1;
  let next = end + 1;
  let previous = -1;
  let bits = 0, bitCount = 0, bytePos = 0, o = 0;
  const firstOf = (code: number): number => { while (prefix[code] >= 0) code = prefix[code]; return suffix[code]; };
  const emit = (code: number): void => {
    const length = lengths[code];
    let at = o + length - 1;
    for (let c = code; c >= 0; c = prefix[c]) { if (at < pixelCount) out[at] = suffix[c]; at--; }
    o += length;
  };
  while (o < pixelCount) {
    while (bitCount < codeSize) {
      if (bytePos >= codes.length) return out;
      bits |= codes[bytePos++] << bitCount;
      bitCount += 8;
    }
    const code = bits & ((1 << codeSize) - 1);
    bits >>>= codeSize;
    bitCount -= codeSize;
    if (code === clear) { codeSize = minCodeSize + 1; next = end + 1; previous = -1; continue; }
    if (code === end) break;
    if (previous < 0) { emit(code); previous = code; continue; }
    const isKnown = code < next;
    if (next < 4096) {
      prefix[next] = previous;
      suffix[next] = firstOf(isKnown ? code : previous);
      lengths[next] = lengths[previous] + 1;
      next++;
      if (next === 1 << codeSize && codeSize < 12) codeSize++;
    }
    emit(code);
    previous = code;
  }
  return out;
}

/** Decodes every frame of a GIF and composites it as a viewer would (disposal 0/1: leave in place; 2: clear to transparent black). */
export function decodeGifFrames(data: Buffer): DecodedGif {
  if (data.subarray(0, 6).toString('latin1') !== 'GIF89a') throw new Error('not a GIF89a file');
  const width = data.readUInt16LE(6);
  const height = data.readUInt16LE(8);
  const packed = data[10];
  let offset = 13;
  let globalTable: number[][] = [];
  if (packed & 0x80) { globalTable = readColorTable(data, offset, packed & 7); offset += 3 * 2 ** ((packed & 7) + 1); }
  const screen = new Uint8ClampedArray(width * height * 4);
  const frames: DecodedGif['frames'] = [];
  let transparentIndex = -1, delayMs = 0, disposal = 0;
  while (offset < data.length) {
    const block = data[offset];
    if (block === 0x3b) break;
    if (block === 0x21) {
      if (data[offset + 1] === 0xf9) {
        const flags = data[offset + 3];
        disposal = (flags >> 2) & 7;
        delayMs = data.readUInt16LE(offset + 4) * 10;
        transparentIndex = flags & 1 ? data[offset + 6] : -1;
      }
      offset += 2;
      while (data[offset] !== 0) offset += data[offset] + 1;
      offset += 1;
    } else if (block === 0x2c) {
      const box = { left: data.readUInt16LE(offset + 1), top: data.readUInt16LE(offset + 3), width: data.readUInt16LE(offset + 5), height: data.readUInt16LE(offset + 7) };
      const local = data[offset + 9];
      offset += 10;
      let table = globalTable;
      if (local & 0x80) { table = readColorTable(data, offset, local & 7); offset += 3 * 2 ** ((local & 7) + 1); }
      if (local & 0x40) throw new Error('interlaced frames are not supported by this test decoder');
      const minCodeSize = data[offset++];
      const parts: Buffer[] = [];
      while (data[offset] !== 0) { parts.push(data.subarray(offset + 1, offset + 1 + data[offset])); offset += data[offset] + 1; }
      offset += 1;
      const indices = decodeLzw(minCodeSize, Buffer.concat(parts), box.width * box.height);
      for (let y = 0; y < box.height; y++) {
        for (let x = 0; x < box.width; x++) {
          const index = indices[y * box.width + x];
          if (index === transparentIndex) continue;
          const sx = box.left + x, sy = box.top + y;
          if (sx >= width || sy >= height) continue;
          const colour = table[index] ?? [0, 0, 0];
          const o = (sy * width + sx) * 4;
          screen[o] = colour[0]; screen[o + 1] = colour[1]; screen[o + 2] = colour[2]; screen[o + 3] = 255;
        }
      }
      frames.push({ rgba: screen.slice(), delayMs, box });
      if (disposal === 2) {
        for (let y = box.top; y < box.top + box.height; y++) screen.fill(0, (y * width + box.left) * 4, (y * width + box.left + box.width) * 4);
      }
      transparentIndex = -1; disposal = 0;
    } else {
      throw new Error(`unexpected GIF block 0x${block.toString(16)} at ${offset}`);
    }
  }
  return { width, height, frames };
}
