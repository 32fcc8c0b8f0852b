/** The autoencoder demo's pictures: the 2-D code plane coloured by digit, originals beside reconstructions, a decoded walk across the plane. */
import type { AutoencoderDemoResult } from '../../engine/tfjs/architectures/autoencoder.ts';
import { DIGIT_SIZE_PX } from '../../engine/digits.ts';
import { createCard, drawCardHeading, toPngImage, wrapText, type SKRSContext2D } from '../canvas.ts';
import { font, FONT_PX, THEME } from '../theme.ts';
import { formatPercent } from '../format.ts';
import type { RenderedImage } from '../types.ts';
import { drawGrid } from './grids.ts';

/** Ten distinguishable hues, one per digit (the project's class palette has eight). */
export const DIGIT_COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#4d4d4d', '#bcbd22', '#17becf'] as const;

/** Round tick values covering [lo, hi], about `count` of them. */
function ticksOf(lo: number, hi: number, count: number): number[] {
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-9; t += step) ticks.push(Number(t.toPrecision(6)));
  return ticks;
}

function tickLabel(value: number): string {
  return Math.abs(value) < 1e-9 ? '0' : String(Number(value.toPrecision(3)));
}

/** Middle `keep` share of the values (so a few far-out codes do not squeeze the rest into a corner). */
function robustRange(values: number[], keep: number): [number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  const cut = Math.floor(((1 - keep) / 2) * (sorted.length - 1));
  const lo = sorted[cut];
  const hi = sorted[sorted.length - 1 - cut];
  const pad = (hi - lo) * 0.06 || 1;
  return [lo - pad, hi + pad];
}

/** Test digits' codes as a scatter coloured by digit, each class centre marked with its digit, and a legend with each digit's nearest-centre accuracy. */
export async function renderLatentScatter(r: AutoencoderDemoResult): Promise<RenderedImage> {
  const width = 720;
  const height = 600;
  const card = createCard(width, height);
  const { ctx } = card;
  drawCardHeading(ctx, width, `The 2-number code of ${r.testCodes.length} test digits`,
    'colour = digit (the labels were not used in training) · circled number = centre of that digit\'s codes');
  const plot = { left: 58, top: 66, width: 500, height: 480 };
  const [xLo, xHi] = robustRange(r.testCodes.map((c) => c[0]), 0.99);
  const [yLo, yHi] = robustRange(r.testCodes.map((c) => c[1]), 0.99);
  const xOf = (v: number) => plot.left + ((v - xLo) / (xHi - xLo)) * plot.width;
  const yOf = (v: number) => plot.top + (1 - (v - yLo) / (yHi - yLo)) * plot.height;
  // grid and ticks
  ctx.font = font(FONT_PX.small);
  ctx.lineWidth = 1;
  for (const t of ticksOf(xLo, xHi, 6)) {
    ctx.strokeStyle = THEME.grid; ctx.beginPath(); ctx.moveTo(xOf(t), plot.top); ctx.lineTo(xOf(t), plot.top + plot.height); ctx.stroke();
    ctx.fillStyle = THEME.mutedText; ctx.textAlign = 'center'; ctx.textBaseline = 'top';
    ctx.fillText(tickLabel(t), xOf(t), plot.top + plot.height + 4);
  }
  for (const t of ticksOf(yLo, yHi, 6)) {
    ctx.strokeStyle = THEME.grid; ctx.beginPath(); ctx.moveTo(plot.left, yOf(t)); ctx.lineTo(plot.left + plot.width, yOf(t)); ctx.stroke();
    ctx.fillStyle = THEME.mutedText; ctx.textAlign = 'right'; ctx.textBaseline = 'middle';
    ctx.fillText(tickLabel(t), plot.left - 5, yOf(t));
  }
  ctx.strokeStyle = THEME.axis;
  ctx.strokeRect(plot.left - 0.5, plot.top - 0.5, plot.width + 1, plot.height + 1);
  ctx.fillStyle = THEME.mutedText; ctx.font = font(FONT_PX.label); ctx.textAlign = 'center'; ctx.textBaseline = 'top';
  ctx.fillText('code unit 1', plot.left + plot.width / 2, plot.top + plot.height + 20);
  const outside = r.testCodes.filter(([x, y]) => x < xLo || x > xHi || y < yLo || y > yHi).length;
  if (outside > 0) {
    ctx.font = font(FONT_PX.small); ctx.textAlign = 'left';
    ctx.fillText(`${outside} far-out code${outside === 1 ? '' : 's'} beyond the frame not drawn`, 12, height - 18);
    ctx.font = font(FONT_PX.label); ctx.textAlign = 'center';
  }
  ctx.save();
  ctx.translate(16, plot.top + plot.height / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'middle';
  ctx.fillText('code unit 2', 0, 0);
  ctx.restore();
  // points, clipped to the plot
  ctx.save();
  ctx.beginPath(); ctx.rect(plot.left, plot.top, plot.width, plot.height); ctx.clip();
  ctx.globalAlpha = 0.7;
  r.testCodes.forEach(([x, y], i) => {
    ctx.fillStyle = DIGIT_COLORS[r.testLabels[i]];
    ctx.beginPath(); ctx.arc(xOf(x), yOf(y), 2.4, 0, 2 * Math.PI); ctx.fill();
  });
  ctx.globalAlpha = 1;
  // class centres: the digit in its colour on a white disc
  ctx.textAlign = 'center'; ctx.textBaseline = 'middle'; ctx.font = font(FONT_PX.title, 'bold');
  r.centroids.forEach(([x, y], digit) => {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    ctx.fillStyle = '#ffffff'; ctx.strokeStyle = DIGIT_COLORS[digit]; ctx.lineWidth = 2;
    ctx.beginPath(); ctx.arc(xOf(x), yOf(y), 11, 0, 2 * Math.PI); ctx.fill(); ctx.stroke();
    ctx.fillStyle = DIGIT_COLORS[digit];
    ctx.fillText(String(digit), xOf(x), yOf(y) + 1);
  });
  ctx.restore();
  // legend: colour, digit, its nearest-centre accuracy
  const legendLeft = plot.left + plot.width + 24;
  ctx.textAlign = 'left'; ctx.textBaseline = 'middle';
  ctx.font = font(FONT_PX.label, 'bold'); ctx.fillStyle = THEME.text;
  ctx.fillText('digit', legendLeft, plot.top + 6);
  ctx.font = font(FONT_PX.small); ctx.fillStyle = THEME.mutedText;
  ctx.fillText('nearest centre', legendLeft, plot.top + 24);
  ctx.fillText('right', legendLeft, plot.top + 38);
  r.classCentroidAccuracy.forEach((accuracy, digit) => {
    const y = plot.top + 64 + digit * 26;
    ctx.fillStyle = DIGIT_COLORS[digit];
    ctx.beginPath(); ctx.arc(legendLeft + 7, y, 6, 0, 2 * Math.PI); ctx.fill();
    ctx.font = font(FONT_PX.label, 'bold'); ctx.fillStyle = THEME.text;
    ctx.fillText(String(digit), legendLeft + 20, y);
    ctx.font = font(FONT_PX.label); ctx.fillStyle = THEME.mutedText;
    ctx.fillText(formatPercent(accuracy), legendLeft + 40, y);
  });
  const totalTop = plot.top + 64 + 10 * 26 + 10;
  ctx.strokeStyle = THEME.border; ctx.beginPath(); ctx.moveTo(legendLeft, totalTop - 12); ctx.lineTo(width - 12, totalTop - 12); ctx.stroke();
  ctx.font = font(FONT_PX.label, 'bold'); ctx.fillStyle = THEME.text;
  ctx.fillText(`all ${formatPercent(r.centroidAccuracy)}`, legendLeft, totalTop + 4);
  ctx.font = font(FONT_PX.label); ctx.fillStyle = THEME.mutedText;
  ctx.fillText(`chance ${formatPercent(r.chanceAccuracy)}`, legendLeft, totalTop + 24);
  const best = r.classCentroidAccuracy.indexOf(Math.max(...r.classCentroidAccuracy));
  return toPngImage(card.canvas, 'autoencoder-code-plane.png',
    `Scatter of the 2-number codes of ${r.testCodes.length} test digits, one colour per digit, with each digit's centre marked: ${formatPercent(r.centroidAccuracy)} of the test digits lie nearest their own digit's centre (chance ${formatPercent(r.chanceAccuracy)}); digit ${best} is kept apart best (${formatPercent(r.classCentroidAccuracy[best])}).`);
}

function drawDigit(ctx: SKRSContext2D, pixels: ArrayLike<number>, left: number, top: number, sizePx: number): void {
  drawGrid(ctx, pixels, DIGIT_SIZE_PX, left, top, sizePx / DIGIT_SIZE_PX, { kind: 'ink' });
}

/** Test digits (two per class) above what the autoencoder rebuilt from their codes, with each one's error, and the mean-image baseline. */
export async function renderReconstructions(r: AutoencoderDemoResult): Promise<RenderedImage> {
  const size = 48;
  const gap = 10;
  const left = 84;
  const perRow = 10;
  const groups = Math.ceil(r.examples.length / perRow);
  const groupHeight = 2 * size + 30 + 18;
  const width = left + perRow * (size + gap) + 20;
  const height = 70 + groups * groupHeight + size + 20;
  const card = createCard(width, height);
  const { ctx } = card;
  drawCardHeading(ctx, width, 'Originals and their reconstructions (test digits)',
    `each rebuilt from 2 numbers · error per pixel ${r.testError.toFixed(3)} (PCA to 2 numbers: ${r.pcaError.toFixed(3)}, mean image: ${r.meanImageError.toFixed(3)})`);
  let top = 70;
  for (let g = 0; g < groups; g++) {
    const row = r.examples.slice(g * perRow, (g + 1) * perRow);
    ctx.font = font(FONT_PX.small); ctx.fillStyle = THEME.mutedText; ctx.textAlign = 'left'; ctx.textBaseline = 'middle';
    ctx.fillText('original', 12, top + size / 2);
    ctx.fillText('rebuilt', 12, top + size + 6 + size / 2);
    row.forEach((example, i) => {
      const x = left + i * (size + gap);
      drawDigit(ctx, example.pixels, x, top, size);
      drawDigit(ctx, example.reconstruction, x, top + size + 6, size);
      ctx.textAlign = 'center'; ctx.textBaseline = 'top'; ctx.font = font(FONT_PX.small);
      ctx.fillStyle = example.error > r.meanImageError ? THEME.danger : THEME.mutedText;
      ctx.fillText(example.error.toFixed(3), x + size / 2, top + 2 * size + 10);
    });
    top += groupHeight;
  }
  // the baseline: one mean image for every digit
  ctx.textAlign = 'left'; ctx.textBaseline = 'middle'; ctx.font = font(FONT_PX.small); ctx.fillStyle = THEME.mutedText;
  ctx.fillText('mean image', 12, top + size / 2);
  drawDigit(ctx, r.meanImage, left, top, size);
  ctx.font = font(FONT_PX.small); ctx.fillStyle = THEME.mutedText; ctx.textBaseline = 'top';
  const note = `The baseline answers every digit with this mean training image (error ${r.meanImageError.toFixed(3)} per pixel). Under each reconstruction: its own error, red when above the baseline's average.`;
  wrapText(ctx, note, width - (left + size + 12) - 16).forEach((line, i) => ctx.fillText(line, left + size + 12, top + 4 + i * 15));
  return toPngImage(card.canvas, 'autoencoder-reconstructions.png',
    `${r.examples.length} test digits, two of each from 0 to 9, above their reconstructions from a 2-number code: mean error per pixel ${r.testError.toFixed(3)} against ${r.pcaError.toFixed(3)} for a linear compression to 2 numbers (PCA) and ${r.meanImageError.toFixed(3)} for answering the mean image, which is drawn at the bottom.`);
}

/** Images decoded from a grid of points across the code plane: what each region of the plane stands for. */
export async function renderLatentWalk(r: AutoencoderDemoResult): Promise<RenderedImage> {
  const { xs, ys, images } = r.walk;
  const size = 44;
  const gap = 4;
  const left = 70;
  const top = 70;
  const width = left + xs.length * (size + gap) + 20;
  const height = top + ys.length * (size + gap) + 64;
  const card = createCard(width, height);
  const { ctx } = card;
  drawCardHeading(ctx, width, 'Walking across the code plane', 'each image is what the decoder draws from one point of the plane');
  images.forEach((image, i) => {
    const row = Math.floor(i / xs.length);
    const column = i % xs.length;
    drawDigit(ctx, image, left + column * (size + gap), top + row * (size + gap), size);
  });
  ctx.font = font(FONT_PX.small); ctx.fillStyle = THEME.mutedText;
  ctx.textAlign = 'center'; ctx.textBaseline = 'top';
  xs.forEach((x, column) => { if (column % 2 === 0) ctx.fillText(tickLabel(Number(x.toPrecision(2))), left + column * (size + gap) + size / 2, top + ys.length * (size + gap) + 2); });
  ctx.fillText('code unit 1 →', left + (xs.length * (size + gap)) / 2, top + ys.length * (size + gap) + 20);
  ctx.textAlign = 'left';
  ctx.fillText('the grid spans the middle 90 % of the test codes on each axis', 12, top + ys.length * (size + gap) + 40);
  ctx.textAlign = 'right'; ctx.textBaseline = 'middle';
  ys.forEach((y, row) => { if (row % 2 === 0) ctx.fillText(tickLabel(Number(y.toPrecision(2))), left - 6, top + row * (size + gap) + size / 2); });
  ctx.save();
  ctx.translate(14, top + (ys.length * (size + gap)) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = 'center';
  ctx.fillText('code unit 2 →', 0, 0);
  ctx.restore();
  return toPngImage(card.canvas, 'autoencoder-walk.png',
    `A ${ys.length}×${xs.length} grid of images the decoder draws from evenly spaced points of the code plane (code unit 1 from ${xs[0].toPrecision(2)} to ${xs[xs.length - 1].toPrecision(2)}, code unit 2 from ${ys[ys.length - 1].toPrecision(2)} to ${ys[0].toPrecision(2)}), showing what each region of the plane stands for.`);
}
