/** Test helpers: every string a renderer writes into its picture, and which names appear among them. */
import { createCanvas } from '@napi-rs/canvas';
import { vi } from 'vitest';

/**
 * Runs `draw` while recording every fillText / strokeText call on any @napi-rs/canvas context
 * (Chart.js titles, legends and ticks included): the words a viewer can read in the picture.
 */
export async function captureDrawnText<T>(draw: () => Promise<T>): Promise<{ value: T; texts: string[] }> {
  const contextPrototype = Object.getPrototypeOf(createCanvas(1, 1).getContext('2d')) as Record<'fillText' | 'strokeText', (text: string) => void>;
  const spies = [vi.spyOn(contextPrototype, 'fillText'), vi.spyOn(contextPrototype, 'strokeText')];
  try {
    const value = await draw();
    return { value, texts: spies.flatMap((spy) => spy.mock.calls.map((call) => String(call[0]))) };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The `names` that occur in `texts` as whole words, ignoring case ("elu" is not found in "value"). */
export function namesFoundIn(texts: readonly string[], names: readonly string[]): string[] {
  const joined = texts.join('\n');
  return [...new Set(names)].filter((name) => name.trim() !== '' && new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(name.trim())}(?![\\p{L}\\p{N}])`, 'iu').test(joined));
}

/** The ways a student could read a name: as written, without a "(…)" aside, the aside itself, and the id with spaces ("leaky-relu" → "leaky relu"). */
export function spellingsOf(id: string, label: string): string[] {
  const aside = /\(([^)]*)\)/.exec(label)?.[1];
  return [id, id.replace(/-/g, ' '), label, label.replace(/\s*\([^)]*\)\s*/g, ' ').trim(), ...(aside ? [aside] : [])];
}

/** A string drawn into a picture and where: (x, y) as passed to fillText, in layout px, with the font then set. */
export interface PlacedText {
  text: string;
  x: number;
  y: number;
  /** (x, y) through the context's transform: device pixels of the canvas drawn on. */
  deviceX: number;
  deviceY: number;
  font: string;
  textBaseline: string;
  textAlign: string;
}

/** Like captureDrawnText, with each string's position (fillText calls only). */
export async function capturePlacedText<T>(draw: () => Promise<T> | T): Promise<{ value: T; placed: PlacedText[] }> {
  const contextPrototype = Object.getPrototypeOf(createCanvas(1, 1).getContext('2d')) as { fillText: (text: string, x: number, y: number) => void };
  const original = contextPrototype.fillText;
  const placed: PlacedText[] = [];
  type Context = { font: string; textBaseline: string; textAlign: string; getTransform(): { a: number; b: number; c: number; d: number; e: number; f: number } };
  const spy = vi.spyOn(contextPrototype, 'fillText').mockImplementation(function (this: Context, text: string, x: number, y: number) {
    const m = this.getTransform();
    placed.push({ text: String(text), x, y, deviceX: m.a * x + m.c * y + m.e, deviceY: m.b * x + m.d * y + m.f, font: this.font, textBaseline: this.textBaseline, textAlign: this.textAlign });
    return original.call(this, text, x, y);
  });
  try {
    return { value: await draw(), placed };
  } finally {
    spy.mockRestore();
  }
}

/** The box a placed string covers (in the coordinates it was drawn with), from its font size, baseline, alignment and measured width. */
export function textBox(placed: PlacedText): { left: number; right: number; top: number; bottom: number } {
  const textAlign = placed.textAlign === 'right' || placed.textAlign === 'end' ? 'right' : placed.textAlign === 'center' ? 'center' : 'left';
  const size = Number(/(\d+(?:\.\d+)?)px/.exec(placed.font)?.[1] ?? 12);
  const ctx = createCanvas(1, 1).getContext('2d');
  ctx.font = placed.font;
  const width = ctx.measureText(placed.text).width;
  const left = textAlign === 'left' ? placed.x : textAlign === 'right' ? placed.x - width : placed.x - width / 2;
  const top = placed.textBaseline === 'top' ? placed.y
    : placed.textBaseline === 'bottom' ? placed.y - size
      : placed.textBaseline === 'middle' ? placed.y - size / 2
        : placed.y - size * 0.8;
  return { left, right: left + width, top, bottom: top + size };
}
