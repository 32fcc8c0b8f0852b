/** Small pixel grids drawn cell by cell: digit images (ink dark on white), signed weights (orange–blue) and count matrices. */
import type { SKRSContext2D } from '../canvas.ts';
import { rgbToHex, scoreToHex } from '../colors.ts';
import { THEME } from '../theme.ts';

/** How a grid's values become colours. */
export type GridScale =
  | { kind: 'ink'; max?: number }
  | { kind: 'signed'; maxAbs: number };

/** Colour of one value: 'ink' maps 0 → white, max → near black; 'signed' maps −maxAbs → orange, 0 → grey, +maxAbs → blue. */
export function gridColor(value: number, scale: GridScale): string {
  if (scale.kind === 'signed') return scoreToHex(scale.maxAbs > 0 ? value / scale.maxAbs : 0);
  const t = Math.max(0, Math.min(1, value / (scale.max && scale.max > 0 ? scale.max : 1)));
  const level = 255 - 225 * t;
  return rgbToHex([level, level, level]);
}

/** Draws `values` (row by row, `columns` wide) as square cells of `cellPx` at (left, top), with a thin frame. */
export function drawGrid(ctx: SKRSContext2D, values: ArrayLike<number>, columns: number, left: number, top: number, cellPx: number, scale: GridScale): void {
  const rows = Math.ceil(values.length / columns);
  for (let i = 0; i < values.length; i++) {
    ctx.fillStyle = gridColor(values[i], scale);
    ctx.fillRect(left + (i % columns) * cellPx, top + Math.floor(i / columns) * cellPx, Math.ceil(cellPx), Math.ceil(cellPx));
  }
  ctx.strokeStyle = THEME.border;
  ctx.lineWidth = 1;
  ctx.strokeRect(left - 0.5, top - 0.5, columns * cellPx + 1, rows * cellPx + 1);
}

/** Largest |value| over several arrays (1 when all are zero, so scales never divide by zero). */
export function maxAbsOf(arrays: ArrayLike<number>[]): number {
  let max = 0;
  for (const a of arrays) for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]));
  return max > 0 ? max : 1;
}
