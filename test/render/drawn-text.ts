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
