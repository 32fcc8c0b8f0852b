/** Axes for pixel-drawn plots (heatmaps, contours): frame, ticks, tick labels, axis names; y points up. */
import type { SKRSContext2D } from './canvas.ts';
import { font, FONT_PX, THEME } from './theme.ts';

/** A plot rectangle on the canvas, in px. */
export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Data → pixel mapping for a rectangle showing [x0, x1] × [y0, y1], y growing upwards. */
export interface AxisMapping {
  px(x: number): number;
  py(y: number): number;
}

export function axisMapping(rect: Rect, xDomain: readonly [number, number], yDomain: readonly [number, number]): AxisMapping {
  const sx = rect.width / (xDomain[1] - xDomain[0]);
  const sy = rect.height / (yDomain[1] - yDomain[0]);
  return {
    px: (x) => rect.left + (x - xDomain[0]) * sx,
    py: (y) => rect.top + (yDomain[1] - y) * sy,
  };
}

/** Round tick positions (steps of 1, 2 or 5 × 10ⁿ) giving about `target` intervals. */
export function niceTicks(lo: number, hi: number, target = 6): number[] {
  const raw = (hi - lo) / target;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step) ticks.push(Number(t.toFixed(10)));
  return ticks;
}

/** "−2" with a true minus sign, trimmed decimals. */
export function formatTick(t: number): string {
  const text = String(Number(t.toPrecision(6)));
  return t < 0 ? `−${text.slice(1)}` : text;
}

/** Frame, ticks and labels around `rect`. */
export function drawAxes(
  ctx: SKRSContext2D, rect: Rect, xDomain: readonly [number, number], yDomain: readonly [number, number],
  labels: [string, string], ticks?: { x: number[]; y: number[] },
): void {
  const map = axisMapping(rect, xDomain, yDomain);
  const xTicks = ticks?.x ?? niceTicks(xDomain[0], xDomain[1], Math.max(3, Math.round(rect.width / 70)));
  const yTicks = ticks?.y ?? niceTicks(yDomain[0], yDomain[1], Math.max(3, Math.round(rect.height / 60)));
  const bottom = rect.top + rect.height;
  ctx.save();
  ctx.strokeStyle = THEME.axis;
  ctx.lineWidth = 1;
  ctx.strokeRect(Math.round(rect.left) - 0.5, Math.round(rect.top) - 0.5, Math.round(rect.width) + 1, Math.round(rect.height) + 1);
  ctx.beginPath();
  for (const t of xTicks) {
    const x = Math.round(map.px(t)) + 0.5;
    ctx.moveTo(x, bottom);
    ctx.lineTo(x, bottom + 4);
  }
  for (const t of yTicks) {
    const y = Math.round(map.py(t)) + 0.5;
    ctx.moveTo(rect.left - 4, y);
    ctx.lineTo(rect.left, y);
  }
  ctx.stroke();
  ctx.fillStyle = THEME.mutedText;
  ctx.font = font(FONT_PX.tick);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of xTicks) ctx.fillText(formatTick(t), map.px(t), bottom + 6);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  let widest = 0;
  for (const t of yTicks) {
    const text = formatTick(t);
    widest = Math.max(widest, ctx.measureText(text).width);
    ctx.fillText(text, rect.left - 6, map.py(t));
  }
  ctx.fillStyle = THEME.text;
  ctx.font = font(FONT_PX.label);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.fillText(labels[0], rect.left + rect.width / 2, bottom + 8 + FONT_PX.tick);
  ctx.translate(rect.left - 10 - widest, rect.top + rect.height / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'bottom';
  ctx.fillText(labels[1], 0, 0);
  ctx.restore();
}

/** Space the axes need around a plot: left (tick labels + rotated name) and bottom (tick labels + name). */
export const AXIS_MARGIN = { left: 48, bottom: 40 } as const;
