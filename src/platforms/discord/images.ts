import { createCanvas, loadImage } from '@napi-rs/canvas';
import type { ReplyImage } from '../../chat/types.ts';

/** What became of one image that had to fit Discord's per-file upload limit. */
export interface FittedImage {
  image: ReplyImage | null;
  /** Said to the user when the image was changed or dropped. */
  note?: string;
}

const SMALLEST_WIDTH_PX = 64;
const MAX_ATTEMPTS = 6;

async function encodeScaledPng(source: Buffer, scale: number): Promise<{ data: Buffer; width: number; height: number }> {
  const image = await loadImage(source);
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0, width, height);
  return { data: await canvas.encode('png'), width, height };
}

function pngName(name: string): string {
  return name.replace(/\.(gif|png)$/i, '') + '.png';
}

/**
 * Makes an image fit `limitBytes` (the interaction's attachment_size_limit): a GIF that is too
 * large becomes a PNG still of its first frame; a PNG that is too large is scaled down (area
 * shrinks with the byte ratio) until it fits; if nothing fits, the image is dropped with a note.
 */
export async function fitImageToLimit(image: ReplyImage, limitBytes: number): Promise<FittedImage> {
  if (image.data.length <= limitBytes) return { image };
  try {
    let data = image.data;
    let width = Number.POSITIVE_INFINITY;
    let scale = 1;
    const wasGif = image.contentType === 'image/gif';
    for (let attempt = 0; attempt < MAX_ATTEMPTS && width >= SMALLEST_WIDTH_PX; attempt++) {
      const encoded = await encodeScaledPng(image.data, scale);
      data = encoded.data;
      width = encoded.width;
      if (data.length <= limitBytes) {
        const how = wasGif && scale === 1 ? 'as a still PNG instead of an animation' : `scaled down to ${encoded.width}×${encoded.height}`;
        return {
          image: { name: pngName(image.name), alt: image.alt, contentType: 'image/png', data },
          note: `_${image.name} was too large for this server's upload limit, so it is shown ${how}._`,
        };
      }
      // PNG size grows roughly with pixel count: shrink the area by the byte ratio, with a margin
      scale *= Math.sqrt((limitBytes * 0.8) / data.length);
    }
  } catch {
    // fall through: an image we cannot decode cannot be shrunk
  }
  return { image: null, note: `_${image.name} was too large for this server's upload limit and was left out._` };
}
