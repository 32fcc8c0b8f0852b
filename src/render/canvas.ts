/** Canvas creation and encoding shared by every picture: opaque card background, PNG output. */
import { createCanvas, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';
import { encodeOpaquePng } from './png.ts';
import { ensureFonts, font, FONT_PX, THEME } from './theme.ts';
import type { RenderedImage } from './types.ts';

export type { Canvas, SKRSContext2D };

/**
 * Device pixels per layout px. The web chat shows pictures 500–820 CSS px wide and phones and
 * laptops have 2–3 device pixels per CSS px, so pictures laid out at 480–640 px are drawn with
 * twice the pixels to stay sharp. Layout code works in layout px only; this layer scales.
 */
export const DEFAULT_PIXEL_RATIO = 2;

/** A card: its canvas (device pixels) and a context already scaled so that drawing uses layout px. */
export interface Card {
  canvas: Canvas;
  ctx: SKRSContext2D;
  /** Size in layout px (the canvas is `pixelRatio` times larger). */
  widthPx: number;
  heightPx: number;
  pixelRatio: number;
}

/** Checks a requested pixel ratio: 1 to 3 device pixels per layout px. */
export function checkPixelRatio(pixelRatio: number | undefined): number {
  const ratio = pixelRatio ?? DEFAULT_PIXEL_RATIO;
  if (!Number.isFinite(ratio) || ratio < 1 || ratio > 3) throw new Error(`Option pixelRatio must be a number from 1 to 3; got ${pixelRatio}.`);
  return ratio;
}

/**
 * A new canvas of `widthPx` × `heightPx` layout px (`pixelRatio` times as many device pixels),
 * filled with the opaque card background and a thin border (visible on light chat themes).
 */
export function createCard(widthPx: number, heightPx: number, pixelRatio?: number): Card {
  ensureFonts();
  const ratio = checkPixelRatio(pixelRatio);
  const width = Math.round(widthPx);
  const height = Math.round(heightPx);
  const canvas = createCanvas(Math.round(width * ratio), Math.round(height * ratio));
  const ctx = canvas.getContext('2d');
  ctx.scale(ratio, ratio);
  ctx.fillStyle = THEME.background;
  ctx.fillRect(0, 0, width, height);
  ctx.strokeStyle = THEME.border;
  ctx.lineWidth = 1;
  ctx.strokeRect(0.5, 0.5, width - 1, height - 1);
  return { canvas, ctx, widthPx: width, heightPx: height, pixelRatio: ratio };
}

/** Device pixels per layout px of a context made by createCard (its current horizontal scale). */
export function pixelRatioOf(ctx: SKRSContext2D): number {
  const m = ctx.getTransform();
  return Math.hypot(m.a, m.b) || 1;
}

/**
 * Pixel-level pictures (heatmaps, contours) are written as ImageData, which ignores the context's
 * scale: this gives the device-pixel rectangle a layout-px rectangle covers, to fill and put back.
 */
export function devicePixelRect(ctx: SKRSContext2D, left: number, top: number, width: number, height: number): { left: number; top: number; width: number; height: number } {
  const ratio = pixelRatioOf(ctx);
  const x0 = Math.round(left * ratio), y0 = Math.round(top * ratio);
  return { left: x0, top: y0, width: Math.round((left + width) * ratio) - x0, height: Math.round((top + height) * ratio) - y0 };
}

/** Copies a card drawn at the same pixel ratio onto `ctx` with its top left at (leftPx, topPx), pixel for pixel. */
export function drawCardAt(ctx: SKRSContext2D, card: Pick<Card, 'canvas' | 'widthPx' | 'heightPx'>, leftPx = 0, topPx = 0): void {
  ctx.drawImage(card.canvas, leftPx, topPx, card.widthPx, card.heightPx);
}

/** Encodes a canvas as PNG and wraps it as a RenderedImage (width/height in device pixels). */
export async function toPngImage(canvas: Canvas, name: string, alt: string): Promise<RenderedImage> {
  const ctx = canvas.getContext('2d');
  const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  const data = await encodeOpaquePng(canvas.width, canvas.height, pixels);
  return { name, contentType: 'image/png', data, alt, width: canvas.width, height: canvas.height, pixelRatio: pixelRatioOf(ctx) };
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
