/** The RNN demo's picture: the noisy input, then the RNN's and the MLP's predictions unrolled beyond it against the clean signal. */
import type { RnnDemoResult } from '../../engine/tfjs/architectures/rnn.ts';
import { TOLERANCE } from '../../engine/tfjs/architectures/rnn.ts';
import { createCard, drawCardHeading, toPngImage } from '../canvas.ts';
import { font, FONT_PX, THEME } from '../theme.ts';
import type { RenderedImage } from '../types.ts';

function firstMiss(prediction: number[], truth: number[]): number {
  const miss = prediction.findIndex((p, i) => Math.abs(p - truth[i]) > TOLERANCE);
  return miss < 0 ? prediction.length : miss;
}

/** Input (grey dots), clean continuation with its ± tolerance band, RNN (blue) and MLP (orange) unrolled; a tick where each first leaves the band. */
export async function renderRnnContinuation(r: RnnDemoResult): Promise<RenderedImage> {
  const width = 720;
  const height = 380;
  const card = createCard(width, height);
  const { ctx } = card;
  drawCardHeading(ctx, width, 'Continuing a noisy signal beyond the input', `each prediction is fed back as the next input · band = clean signal ± ${TOLERANCE}`);
  const plot = { left: 48, top: 70, width: width - 70, height: height - 140 };
  const total = r.observed.length + r.truth.length;
  // the band's edges are in range too, so its top and bottom are not flattened
  const all = [...r.observed, ...r.truth.map((v) => v + TOLERANCE), ...r.truth.map((v) => v - TOLERANCE), ...r.rnnPrediction, ...r.mlpPrediction].filter(Number.isFinite);
  const lo = Math.max(-3, Math.min(...all) - 0.2);
  const hi = Math.min(3, Math.max(...all) + 0.2);
  const xOf = (i: number) => plot.left + (i / (total - 1)) * plot.width;
  const yOf = (v: number) => plot.top + (1 - (Math.max(lo, Math.min(hi, v)) - lo) / (hi - lo)) * plot.height;
  ctx.strokeStyle = THEME.grid;
  ctx.lineWidth = 1;
  for (let v = Math.ceil(lo); v <= hi; v++) {
    ctx.beginPath(); ctx.moveTo(plot.left, yOf(v)); ctx.lineTo(plot.left + plot.width, yOf(v)); ctx.stroke();
    ctx.fillStyle = THEME.mutedText; ctx.font = font(FONT_PX.small); ctx.textBaseline = 'middle';
    ctx.fillText(String(v), plot.left - 22, yOf(v));
  }
  const start = r.observed.length;
  // tolerance band around the clean continuation
  ctx.fillStyle = 'rgba(43,138,62,0.13)';
  ctx.beginPath();
  r.truth.forEach((v, i) => (i === 0 ? ctx.moveTo(xOf(start + i), yOf(v + TOLERANCE)) : ctx.lineTo(xOf(start + i), yOf(v + TOLERANCE))));
  for (let i = r.truth.length - 1; i >= 0; i--) ctx.lineTo(xOf(start + i), yOf(r.truth[i] - TOLERANCE));
  ctx.closePath(); ctx.fill();
  ctx.strokeStyle = THEME.best; ctx.setLineDash([5, 4]); ctx.lineWidth = 1.5;
  ctx.beginPath(); r.truth.forEach((v, i) => (i === 0 ? ctx.moveTo(xOf(start + i), yOf(v)) : ctx.lineTo(xOf(start + i), yOf(v)))); ctx.stroke();
  ctx.setLineDash([]);
  // input ends here
  ctx.strokeStyle = THEME.axis; ctx.beginPath(); ctx.moveTo(xOf(start - 0.5), plot.top); ctx.lineTo(xOf(start - 0.5), plot.top + plot.height); ctx.stroke();
  ctx.fillStyle = THEME.mutedText; ctx.font = font(FONT_PX.small); ctx.textBaseline = 'top';
  ctx.textAlign = 'right';
  ctx.fillText('input (noisy) │ steps predicted →', xOf(start - 0.5) + 8, plot.top + plot.height + 6);
  ctx.textAlign = 'left';
  // steps ahead, so "how far did it stay in the band" can be read off
  ctx.textAlign = 'center';
  for (let step = 10; step <= r.truth.length; step += 10) {
    const x = xOf(start + step - 1);
    ctx.strokeStyle = THEME.axis; ctx.beginPath(); ctx.moveTo(x, plot.top + plot.height); ctx.lineTo(x, plot.top + plot.height + 4); ctx.stroke();
    ctx.fillStyle = THEME.mutedText;
    ctx.fillText(`+${step}`, x, plot.top + plot.height + 6);
  }
  ctx.textAlign = 'left';
  ctx.fillStyle = '#6e7781';
  r.observed.forEach((v, i) => { ctx.beginPath(); ctx.arc(xOf(i), yOf(v), 2.6, 0, 2 * Math.PI); ctx.fill(); });
  const lines = [
    { values: r.rnnPrediction, color: THEME.train, label: `RNN (reads ${r.observed.length} points)` },
    { values: r.mlpPrediction, color: THEME.test, label: 'MLP (fixed window of 8)' },
  ];
  for (const line of lines) {
    ctx.strokeStyle = line.color; ctx.lineWidth = 2.2;
    ctx.beginPath();
    ctx.moveTo(xOf(start - 1), yOf(r.observed[start - 1]));
    line.values.forEach((v, i) => ctx.lineTo(xOf(start + i), yOf(v)));
    ctx.stroke();
    const miss = firstMiss(line.values, r.truth);
    if (miss < line.values.length) {
      ctx.fillStyle = line.color;
      ctx.beginPath(); ctx.arc(xOf(start + miss), yOf(line.values[miss]), 5, 0, 2 * Math.PI); ctx.fill();
    }
  }
  // legend
  let lx = plot.left;
  const ly = height - 40;
  ctx.textBaseline = 'middle'; ctx.font = font(FONT_PX.label);
  for (const item of [...lines.map((l) => ({ color: l.color, label: l.label })), { color: THEME.best, label: 'clean signal' }]) {
    ctx.fillStyle = item.color; ctx.fillRect(lx, ly - 3, 18, 6);
    ctx.fillStyle = THEME.text; ctx.fillText(item.label, lx + 24, ly);
    lx += 24 + ctx.measureText(item.label).width + 22;
  }
  ctx.fillStyle = THEME.mutedText; ctx.font = font(FONT_PX.small);
  ctx.fillText('● where each first leaves the band', plot.left, ly + 20);
  return toPngImage(card.canvas, 'rnn-continuation.png',
    `A noisy signal (grey dots) and its continuation: the RNN (blue) stays within ±${TOLERANCE} of the clean signal for ${firstMiss(r.rnnPrediction, r.truth)} steps and the fixed-window MLP (orange) for ${firstMiss(r.mlpPrediction, r.truth)} steps on this series.`);
}
