/** The attention demo's pictures: the attention weights of one test example (and their test-set mean) as heatmaps, and test examples with the training curve. */
import type { AttentionDemoResult, SequenceExample } from '../../engine/tfjs/architectures/attention.ts';
import { mirroredPosition, tokenLetter } from '../../engine/tfjs/architectures/attention.ts';
import { createCard, drawCardHeading, toPngImage, type SKRSContext2D } from '../canvas.ts';
import { hexToRgb, mixRgb, rgbToHex } from '../colors.ts';
import { formatPercent } from '../format.ts';
import { font, FONT_PX, THEME } from '../theme.ts';
import type { RenderedImage } from '../types.ts';

const HEAT_LOW = hexToRgb('#ffffff');
const HEAT_HIGH = hexToRgb('#08306b');
const RIGHT = '#2b8a3e';
const RIGHT_FILL = '#e6f4ea';
const WRONG_FILL = '#fde8e8';

/** White (weight 0) to dark blue (weight 1). */
function heatColor(weight: number): string {
  return rgbToHex(mixRgb(HEAT_LOW, HEAT_HIGH, Math.max(0, Math.min(1, weight)) ** 0.8));
}

/** Where renderAttentionWeights draws the example's heatmap (layout px): its top-left corner and cell size. */
export const EXAMPLE_HEATMAP = { left: 74, top: 120, cellPx: 38 } as const;

interface HeatmapLayout {
  left: number;
  top: number;
  cellPx: number;
  /** Letters above each key column (the input) and beside each query row (the prediction); undefined = positions only. */
  example?: SequenceExample;
  showValues: boolean;
}

/** An L×L grid of weights[query][key]; the mirrored cell of every row framed in green. */
function drawHeatmap(ctx: SKRSContext2D, weights: number[][], layout: HeatmapLayout): void {
  const { left, top, cellPx, example } = layout;
  const L = weights.length;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  for (let q = 0; q < L; q++)
    for (let k = 0; k < L; k++) {
      const w = weights[q][k];
      ctx.fillStyle = heatColor(w);
      ctx.fillRect(left + k * cellPx, top + q * cellPx, cellPx - 1, cellPx - 1);
      if (layout.showValues && w >= 0.05) {
        ctx.fillStyle = w > 0.45 ? '#ffffff' : THEME.text;
        ctx.font = font(FONT_PX.small);
        ctx.fillText(w.toFixed(2).replace(/^0/, ''), left + k * cellPx + cellPx / 2, top + q * cellPx + cellPx / 2);
      }
    }
  ctx.strokeStyle = RIGHT;
  ctx.lineWidth = 2;
  for (let q = 0; q < L; q++) ctx.strokeRect(left + mirroredPosition(q, L) * cellPx + 1, top + q * cellPx + 1, cellPx - 3, cellPx - 3);
  // key axis (top): position, and the input letter when there is one example
  for (let k = 0; k < L; k++) {
    const x = left + k * cellPx + cellPx / 2;
    ctx.fillStyle = THEME.mutedText;
    ctx.font = font(FONT_PX.small);
    ctx.fillText(String(k + 1), x, top - (example ? 30 : 10));
    if (example) {
      ctx.fillStyle = THEME.text;
      ctx.font = font(FONT_PX.label, 'bold');
      ctx.fillText(tokenLetter(example.input[k]), x, top - 13);
    }
  }
  // query axis (left): position, and the predicted letter
  for (let q = 0; q < L; q++) {
    const y = top + q * cellPx + cellPx / 2;
    ctx.fillStyle = THEME.mutedText;
    ctx.font = font(FONT_PX.small);
    ctx.fillText(String(q + 1), left - (example ? 32 : 10), y);
    if (example) {
      const right = example.predicted[q] === example.target[q];
      ctx.fillStyle = right ? THEME.text : THEME.danger;
      ctx.font = font(FONT_PX.label, 'bold');
      ctx.fillText(tokenLetter(example.predicted[q]), left - 14, y);
    }
  }
  ctx.textAlign = 'left';
}

/** A row of letter boxes; `marks[i]` colours box i green (right) or red (wrong), none = neutral. */
function drawTokenRow(ctx: SKRSContext2D, tokens: number[], left: number, top: number, boxPx: number, marks?: boolean[]): void {
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  tokens.forEach((token, i) => {
    const x = left + i * boxPx;
    ctx.fillStyle = marks === undefined ? '#f6f8fa' : marks[i] ? RIGHT_FILL : WRONG_FILL;
    ctx.fillRect(x, top, boxPx - 2, boxPx - 2);
    ctx.strokeStyle = marks === undefined ? THEME.border : marks[i] ? RIGHT : THEME.danger;
    ctx.lineWidth = 1;
    ctx.strokeRect(x + 0.5, top + 0.5, boxPx - 3, boxPx - 3);
    ctx.fillStyle = marks !== undefined && !marks[i] ? THEME.danger : THEME.text;
    ctx.font = font(FONT_PX.label, 'bold');
    ctx.fillText(tokenLetter(token), x + (boxPx - 2) / 2, top + (boxPx - 2) / 2 + 1);
  });
  ctx.textAlign = 'left';
}

function marksOf(example: SequenceExample): boolean[] {
  return example.predicted.map((token, i) => token === example.target[i]);
}

function mirroredWeightOf(example: SequenceExample & { weights: number[][] }): number {
  return example.weights.reduce((sum, row, q) => sum + row[mirroredPosition(q, row.length)], 0) / example.weights.length;
}

/**
 * The attention weights of one test example (rows = output positions asking, columns = input
 * positions looked at, input letters on top, predicted letters on the left), the same averaged
 * over the test set, and the example's input → prediction → target.
 */
export async function renderAttentionWeights(r: AttentionDemoResult): Promise<RenderedImage> {
  const width = 720;
  const height = 560;
  const L = r.sequenceLength;
  const card = createCard(width, height);
  const { ctx } = card;
  drawCardHeading(ctx, width, 'Where each output position looks: attention weights', 'row = query (output position), column = key (input position) · each row sums to 1 · darker = more weight');
  const cell = EXAMPLE_HEATMAP.cellPx;
  const grid = EXAMPLE_HEATMAP;
  ctx.textBaseline = 'alphabetic';
  ctx.font = font(FONT_PX.label, 'bold');
  ctx.fillStyle = THEME.text;
  ctx.fillText('One test sequence', grid.left - 60, 74);
  ctx.font = font(FONT_PX.small);
  ctx.fillStyle = THEME.mutedText;
  ctx.textAlign = 'right';
  ctx.fillText('key', grid.left - 6, grid.top - 30 + 4);
  ctx.fillText('input', grid.left - 6, grid.top - 13 + 4);
  ctx.textAlign = 'left';
  drawHeatmap(ctx, r.example.weights, { left: grid.left, top: grid.top, cellPx: cell, example: r.example, showValues: true });
  ctx.save();
  ctx.translate(16, grid.top + (L * cell) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = 'center';
  ctx.font = font(FONT_PX.small);
  ctx.fillStyle = THEME.mutedText;
  ctx.fillText('query (output position) and its predicted letter ↓', 0, 0);
  ctx.restore();
  // the test-set mean, smaller, on the right
  const meanCell = 20;
  const meanLeft = grid.left + L * cell + 90;
  ctx.textBaseline = 'alphabetic';
  ctx.font = font(FONT_PX.label, 'bold');
  ctx.fillStyle = THEME.text;
  ctx.fillText(`Mean over ${r.testSequences} test sequences`, meanLeft - 20, 74);
  drawHeatmap(ctx, r.meanWeights, { left: meanLeft, top: grid.top - 12, cellPx: meanCell, showValues: false });
  // colour scale
  const barTop = grid.top - 12 + L * meanCell + 22;
  for (let i = 0; i <= 100; i++) {
    ctx.fillStyle = heatColor(i / 100);
    ctx.fillRect(meanLeft + i * 1.6, barTop, 2, 10);
  }
  ctx.strokeStyle = THEME.border;
  ctx.lineWidth = 1;
  ctx.strokeRect(meanLeft - 0.5, barTop - 0.5, 162, 11);
  ctx.font = font(FONT_PX.small);
  ctx.fillStyle = THEME.mutedText;
  ctx.textBaseline = 'top';
  ctx.fillText('weight 0', meanLeft, barTop + 14);
  ctx.textAlign = 'right';
  ctx.fillText('1', meanLeft + 162, barTop + 14);
  ctx.textAlign = 'left';
  ctx.strokeStyle = RIGHT;
  ctx.lineWidth = 2;
  ctx.strokeRect(meanLeft + 1, barTop + 40, 14, 14);
  ctx.fillStyle = THEME.text;
  ctx.font = font(FONT_PX.small);
  const legend = ['the mirrored position: what', 'reversing needs each output', 'position to read'];
  legend.forEach((line, i) => ctx.fillText(line, meanLeft + 22, barTop + 40 + i * 15));
  ctx.fillText(`mean weight there: ${r.mirroredAttention.toFixed(2)}`, meanLeft + 22, barTop + 40 + legend.length * 15 + 6);
  ctx.fillText(`(${(1 / L).toFixed(3)} if spread evenly)`, meanLeft + 22, barTop + 40 + legend.length * 15 + 21);
  // the example as rows of letters
  const rowsTop = grid.top + L * cell + 28;
  const box = 28;
  const rows: { label: string; tokens: number[]; marks?: boolean[] }[] = [
    { label: 'input', tokens: r.example.input },
    { label: 'predicted', tokens: r.example.predicted, marks: marksOf(r.example) },
    { label: 'target', tokens: r.example.target },
  ];
  rows.forEach((row, i) => {
    const top = rowsTop + i * (box + 6);
    ctx.font = font(FONT_PX.label);
    ctx.fillStyle = THEME.text;
    ctx.textBaseline = 'middle';
    ctx.fillText(row.label, 14, top + box / 2);
    drawTokenRow(ctx, row.tokens, grid.left + 8, top, box, row.marks);
  });
  const right = marksOf(r.example).filter(Boolean).length;
  return toPngImage(card.canvas, 'attention-weights.png',
    `Heatmap of the attention weights for the test sequence ${r.example.input.map(tokenLetter).join('')}: each output position puts on average ${mirroredWeightOf(r.example).toFixed(2)} of its attention on the mirrored input position (the anti-diagonal); the model answered ${r.example.predicted.map(tokenLetter).join('')} for the target ${r.example.target.map(tokenLetter).join('')} (${right} of ${L} letters right). Beside it, the weights averaged over ${r.testSequences} test sequences.`);
}

/** A few test sequences (input → predicted, wrong letters red) and the test token accuracy and training loss per epoch. */
export async function renderAttentionExamples(r: AttentionDemoResult): Promise<RenderedImage> {
  const width = 720;
  const height = 360;
  const card = createCard(width, height);
  const { ctx } = card;
  drawCardHeading(ctx, width, 'Reversing test sequences, and how training went', `test: ${formatPercent(r.testTokenAccuracy)} of letters and ${formatPercent(r.testSequenceAccuracy)} of whole sequences right (guessing: ${formatPercent(r.chanceTokenAccuracy)} of letters)`);
  const box = 20;
  const top = 84;
  ctx.font = font(FONT_PX.small);
  ctx.fillStyle = THEME.mutedText;
  ctx.textBaseline = 'alphabetic';
  ctx.fillText('input', 14, top - 8);
  ctx.fillText('predicted (red = wrong, target below)', 14 + r.sequenceLength * box + 30, top - 8);
  r.examples.forEach((example, i) => {
    const y = top + i * (box + 22);
    drawTokenRow(ctx, example.input, 14, y, box);
    ctx.fillStyle = THEME.mutedText;
    ctx.font = font(FONT_PX.label);
    ctx.textBaseline = 'middle';
    ctx.fillText('→', 14 + r.sequenceLength * box + 8, y + box / 2);
    const marks = marksOf(example);
    drawTokenRow(ctx, example.predicted, 14 + r.sequenceLength * box + 30, y, box, marks);
    ctx.font = font(FONT_PX.small);
    ctx.textAlign = 'center';
    ctx.fillStyle = THEME.danger;
    marks.forEach((right, p) => {
      if (!right) ctx.fillText(tokenLetter(example.target[p]), 14 + r.sequenceLength * box + 30 + p * box + (box - 2) / 2, y + box + 7);
    });
    ctx.textAlign = 'left';
  });
  drawTrainingCurve(ctx, r, { left: 444, top: 84, width: 236, height: 200 });
  return toPngImage(card.canvas, 'attention-examples.png',
    `${r.examples.length} test sequences with the model's reversal (${r.examples.reduce((n, e) => n + marksOf(e).filter((m) => !m).length, 0)} wrong letters among them), and a chart of the test letter accuracy per epoch rising to ${formatPercent(r.testTokenAccuracy)} against ${formatPercent(r.chanceTokenAccuracy)} for guessing.`);
}

/** Test token accuracy (blue, left axis 0–100 %) and mean training loss (orange, right axis) per epoch, with the guessing level dashed. */
function drawTrainingCurve(ctx: SKRSContext2D, r: AttentionDemoResult, plot: { left: number; top: number; width: number; height: number }): void {
  const epochs = r.history.length;
  ctx.strokeStyle = THEME.axis;
  ctx.lineWidth = 1;
  ctx.strokeRect(plot.left, plot.top, plot.width, plot.height);
  ctx.font = font(FONT_PX.small);
  ctx.textBaseline = 'middle';
  for (const v of [0, 0.5, 1]) {
    const y = plot.top + (1 - v) * plot.height;
    ctx.fillStyle = THEME.train;
    ctx.textAlign = 'right';
    ctx.fillText(`${v * 100}%`, plot.left - 4, y);
    ctx.strokeStyle = THEME.grid;
    ctx.beginPath(); ctx.moveTo(plot.left, y); ctx.lineTo(plot.left + plot.width, y); ctx.stroke();
  }
  ctx.textAlign = 'left';
  if (epochs === 0) {
    ctx.fillStyle = THEME.mutedText;
    ctx.fillText('no epoch finished', plot.left + 10, plot.top + plot.height / 2);
    return;
  }
  const xOf = (epoch: number) => plot.left + (epochs === 1 ? plot.width / 2 : ((epoch - 1) / (epochs - 1)) * plot.width);
  const chanceY = plot.top + (1 - r.chanceTokenAccuracy) * plot.height;
  ctx.setLineDash([4, 4]);
  ctx.strokeStyle = THEME.mutedText;
  ctx.beginPath(); ctx.moveTo(plot.left, chanceY); ctx.lineTo(plot.left + plot.width, chanceY); ctx.stroke();
  ctx.setLineDash([]);
  ctx.fillStyle = THEME.mutedText;
  ctx.textBaseline = 'bottom';
  ctx.textAlign = 'right';
  // at the right end: the accuracy curve starts near guessing on the left
  ctx.fillText('guessing', plot.left + plot.width - 4, chanceY - 2);
  ctx.textAlign = 'left';
  const maxLoss = Math.max(...r.history.map((h) => h.trainLoss), 1e-6);
  const series = [
    { color: THEME.train, y: (h: (typeof r.history)[number]) => plot.top + (1 - h.testTokenAccuracy) * plot.height },
    { color: THEME.test, y: (h: (typeof r.history)[number]) => plot.top + (1 - h.trainLoss / maxLoss) * plot.height },
  ];
  for (const s of series) {
    ctx.strokeStyle = s.color;
    ctx.fillStyle = s.color;
    ctx.lineWidth = 2;
    ctx.beginPath();
    r.history.forEach((h, i) => (i === 0 ? ctx.moveTo(xOf(h.epoch), s.y(h)) : ctx.lineTo(xOf(h.epoch), s.y(h))));
    ctx.stroke();
    for (const h of r.history) { ctx.beginPath(); ctx.arc(xOf(h.epoch), s.y(h), 3, 0, 2 * Math.PI); ctx.fill(); }
  }
  ctx.textBaseline = 'top';
  ctx.textAlign = 'center';
  ctx.fillStyle = THEME.mutedText;
  for (const h of r.history) if (epochs <= 12 || h.epoch % 5 === 0 || h.epoch === 1) ctx.fillText(String(h.epoch), xOf(h.epoch), plot.top + plot.height + 4);
  ctx.fillText('epoch', plot.left + plot.width / 2, plot.top + plot.height + 18);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = THEME.test;
  ctx.fillText(maxLoss.toFixed(2), plot.left + plot.width + 4, plot.top);
  ctx.fillText('0', plot.left + plot.width + 4, plot.top + plot.height);
  const legendY = plot.top + plot.height + 44;
  ctx.fillStyle = THEME.train; ctx.fillRect(plot.left, legendY - 3, 16, 6);
  ctx.fillStyle = THEME.text; ctx.fillText('test letter accuracy', plot.left + 22, legendY);
  ctx.fillStyle = THEME.test; ctx.fillRect(plot.left + 150, legendY - 3, 16, 6);
  ctx.fillStyle = THEME.text; ctx.fillText('training loss', plot.left + 172, legendY);
}
