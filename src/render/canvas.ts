/** Canvas creation and encoding shared by every picture: opaque card background, PNG output. */
import { createCanvas, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';
import { encodeOpaquePng } from './png.ts';
import { ensureFonts, font, FONT_PX, THEME } from './theme.ts';
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

/**
 * The heading every picture starts with: a bold title at the top left and, when given, a muted
 * subtitle under it, each shortened with an ellipsis to fit the card. Leaves the context's text
 * baseline at 'top'.
 */
export function drawCardHeading(ctx: SKRSContext2D, widthPx: number, title: string, subtitle?: string): void {
  ctx.fillStyle = THEME.text;
  ctx.textBaseline = 'top';
  ctx.font = font(FONT_PX.title, 'bold');
  ctx.fillText(fitText(ctx, title, widthPx - 24), 12, 12);
  if (subtitle === undefined) return;
  ctx.font = font(FONT_PX.label);
  ctx.fillStyle = THEME.mutedText;
  ctx.fillText(fitText(ctx, subtitle, widthPx - 24), 12, 12 + FONT_PX.title + 6);
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
