/**
 * A small loss chart drawn directly with canvas calls (no Chart.js): fast enough to redraw for
 * every frame of an animation, with the x range fixed to the whole run so the curve grows.
 */
import type { EpochEntry } from '../engine/types.ts';
import type { Rect } from './axes.ts';
import type { SKRSContext2D } from './canvas.ts';
import { needsLogScale } from './chart.ts';
import { formatLoss } from './format.ts';
import { font, FONT_PX, THEME } from './theme.ts';

export interface MiniLossScale {
  firstEpoch: number;
  lastEpoch: number;
  isLog: boolean;
  low: number;
  high: number;
}

/**
 * Axis ranges covering the whole run, so that frames share one scale. The loss axis spans the
 * run's lowest to highest loss (with a little room), not 0 to the highest: a loss that falls from
 * 0.69 to 0.45 then fills the chart instead of a thin band at its top.
 */
export function miniLossScale(history: readonly EpochEntry[]): MiniLossScale {
  const values = history.flatMap((e) => [e.trainLoss, e.testLoss]).filter((v) => Number.isFinite(v));
  const isLog = needsLogScale(values);
  const positive = values.filter((v) => v > 0);
  let high = values.length ? Math.max(...values) : 1;
  let low = isLog ? (positive.length ? Math.min(...positive) : high / 10) : values.length ? Math.min(...values) : 0;
  if (isLog) {
    const pad = (high / low) ** 0.04;
    low /= pad;
    high *= pad;
  } else {
    const pad = (high - low) * 0.06 || Math.max(Math.abs(high) * 0.1, 0.05);
    low = low >= 0 ? Math.max(0, low - pad) : low - pad;
    high += pad;
  }
  return {
    firstEpoch: history[0]?.epoch ?? 0,
    lastEpoch: Math.max(history[history.length - 1]?.epoch ?? 1, (history[0]?.epoch ?? 0) + 1),
    isLog,
    low,
    high: high > low ? high : low + 1,
  };
}

/** Width the mini chart needs left of its plot for the loss labels. */
export const MINI_LOSS_LABEL_PX = 38;

/**
 * Draws the frame, the loss range (top and bottom labels, left of the plot), the epoch range
 * (under it), and the training (blue) and test (orange) loss up to `uptoEpoch`, each ending in a dot.
 */
export function drawMiniLoss(ctx: SKRSContext2D, rect: Rect, history: readonly EpochEntry[], scale: MiniLossScale, uptoEpoch: number): void {
  const px = (epoch: number) => rect.left + ((epoch - scale.firstEpoch) / (scale.lastEpoch - scale.firstEpoch)) * rect.width;
  const py = (loss: number) => {
    const t = scale.isLog
      ? (Math.log(Math.max(loss, scale.low)) - Math.log(scale.low)) / (Math.log(scale.high) - Math.log(scale.low))
      : (loss - scale.low) / (scale.high - scale.low);
    return rect.top + rect.height * (1 - Math.max(0, Math.min(1, t)));
  };
  ctx.save();
  ctx.fillStyle = '#fafbfc';
  ctx.fillRect(rect.left, rect.top, rect.width, rect.height);
  ctx.strokeStyle = THEME.axis;
  ctx.lineWidth = 1;
  ctx.strokeRect(Math.round(rect.left) - 0.5, Math.round(rect.top) - 0.5, Math.round(rect.width) + 1, Math.round(rect.height) + 1);
  ctx.font = font(FONT_PX.small);
  ctx.fillStyle = THEME.mutedText;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'top';
  ctx.fillText(formatLoss(scale.high), rect.left - 4, rect.top - 1);
  ctx.textBaseline = 'bottom';
  ctx.fillText(formatLoss(scale.low), rect.left - 4, rect.top + rect.height + 1);
  ctx.save();
  ctx.translate(rect.left - 10, rect.top + rect.height / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText(scale.isLog ? 'loss (log)' : 'loss', 0, 0);
  ctx.restore();
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left';
  ctx.fillText(`epoch ${scale.firstEpoch}`, rect.left, rect.top + rect.height + 3);
  ctx.textAlign = 'right';
  ctx.fillText(String(scale.lastEpoch), rect.left + rect.width, rect.top + rect.height + 3);
  ctx.beginPath();
  ctx.rect(rect.left, rect.top, rect.width, rect.height);
  ctx.clip();
  ctx.lineWidth = 2;
  ctx.lineJoin = 'round';
  for (const [key, color] of [['testLoss', THEME.test], ['trainLoss', THEME.train]] as const) {
    ctx.strokeStyle = color;
    ctx.beginPath();
    let started = false;
    let lastX = 0, lastY = 0;
    for (const e of history) {
      if (e.epoch > uptoEpoch) break;
      const v = e[key];
      if (!Number.isFinite(v)) continue;
      lastX = px(e.epoch);
      lastY = py(v);
      if (started) ctx.lineTo(lastX, lastY);
      else ctx.moveTo(lastX, lastY);
      started = true;
    }
    ctx.stroke();
    if (started) {
      ctx.fillStyle = color;
      ctx.beginPath();
      ctx.arc(lastX, lastY, 3.5, 0, Math.PI * 2);
      ctx.fill();
    }
  }
  ctx.restore();
}
