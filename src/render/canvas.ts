/** Canvas creation and encoding shared by every picture: opaque card background, PNG output. */
import { createCanvas, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';
import { encodeOpaquePng } from './png.ts';
import { ensureFonts, THEME } from './theme.ts';
import type { RenderedImage } from './types.ts';

export type { Canvas, SKRSContext2D };

/** A new canvas filled with the opaque card background and a thin border (visible on light chat themes). */
export function createCard(widthPx: number, heightPx: number): { canvas: Canvas; ctx: SKRSContext2D } {
  ensureFonts();
  const canvas = createCanvas(Math.round(widthPx), Math.round(heightPx));
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = THEME.background;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.strokeStyle = THEME.border;
  ctx.lineWidth = 1;
  ctx.strokeRect(0.5, 0.5, canvas.width - 1, canvas.height - 1);
  return { canvas, ctx };
}

/** Encodes a canvas as PNG and wraps it as a RenderedImage. */
export async function toPngImage(canvas: Canvas, name: string, alt: string): Promise<RenderedImage> {
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  const data = await encodeOpaquePng(canvas.width, canvas.height, pixels);
  return { name, contentType: 'image/png', data, alt, width: canvas.width, height: canvas.height };
}

/** Text with an ellipsis when it would be wider than maxWidthPx. */
export function fitText(ctx: SKRSContext2D, text: string, maxWidthPx: number): string {
  if (ctx.measureText(text).width <= maxWidthPx) return text;
  let end = text.length;
  while (end > 1 && ctx.measureText(`${text.slice(0, end)}…`).width > maxWidthPx) end--;
  return `${text.slice(0, end)}…`;
}

/** Splits text into lines no wider than maxWidthPx (at the context's current font). */
export function wrapText(ctx: SKRSContext2D, text: string, maxWidthPx: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && ctx.measureText(candidate).width > maxWidthPx) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines;
}
