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

/** Axis ranges covering the whole run, so that frames share one scale. */
export function miniLossScale(history: readonly EpochEntry[]): MiniLossScale {
  const values = history.flatMap((e) => [e.trainLoss, e.testLoss]).filter((v) => Number.isFinite(v));
  const isLog = needsLogScale(values);
  const positive = values.filter((v) => v > 0);
  const high = values.length ? Math.max(...values) : 1;
  const low = isLog && positive.length ? Math.min(...positive) : 0;
  return {
    firstEpoch: history[0]?.epoch ?? 0,
    lastEpoch: Math.max(history[history.length - 1]?.epoch ?? 1, (history[0]?.epoch ?? 0) + 1),
    isLog,
    low,
    high: high > low ? high : low + 1,
  };
}

/** Draws frame, axis labels and the training (blue) and test (orange) loss up to `uptoEpoch`. */
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
  ctx.textBaseline = 'bottom';
  ctx.textAlign = 'left';
  ctx.fillText(`loss${scale.isLog ? ' (log)' : ''}`, rect.left, rect.top - 3);
  ctx.textAlign = 'right';
  ctx.fillText(formatLoss(scale.high), rect.left + rect.width, rect.top - 3);
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left';
  ctx.fillText(String(scale.firstEpoch), rect.left, rect.top + rect.height + 3);
  ctx.textAlign = 'right';
  ctx.fillText(`epoch ${scale.lastEpoch}`, rect.left + rect.width, rect.top + rect.height + 3);
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
