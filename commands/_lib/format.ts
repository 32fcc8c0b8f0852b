import type { Metrics, TrainResult } from '../../src/engine/types.ts';
import type { ReplyImage } from '../../src/chat/types.ts';
import type { RenderedImage } from '../../src/render/types.ts';

/** "92.4%" */
export function percent(fraction: number | undefined): string {
  return fraction === undefined || !Number.isFinite(fraction) ? '–' : `${(fraction * 100).toFixed(1)}%`;
}

/** Loss to 3 significant places ("0.0123", "1.23"). */
export function lossText(value: number | undefined): string {
  if (value === undefined) return '–';
  if (!Number.isFinite(value)) return String(value);
  return value === 0 ? '0' : value.toPrecision(3);
}

/** "2 → 8 → 8 → 1" for a network's layer sizes. */
export function architecture(layerSizes: number[]): string {
  return layerSizes.join(' → ');
}

/** One line with the numbers a student looks at first. */
export function metricsLine(kind: TrainResult['kind'], m: Metrics): string {
  const loss = `test loss **${lossText(m.testLoss)}** (train ${lossText(m.trainLoss)}${m.valLoss !== undefined ? `, validation ${lossText(m.valLoss)}` : ''})`;
  if (kind === 'regression') return loss;
  const acc = `test accuracy **${percent(m.testAccuracy)}** (train ${percent(m.trainAccuracy)}${m.valAccuracy !== undefined ? `, validation ${percent(m.valAccuracy)}` : ''})`;
  return `${acc} · ${loss}`;
}

/** A rendered image as a chat attachment. */
export function toReplyImage(image: RenderedImage): ReplyImage {
  return { name: image.name, alt: image.alt, contentType: image.contentType, data: image.data };
}

/** "1.2 s" or "340 ms". */
export function duration(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}
