/** The CNN demo's pictures: filters and feature maps, the confusion matrix, mistakes with the parameter comparison. */
import type { CnnDemoResult } from '../../engine/tfjs/architectures/cnn.ts';
import { createCard, drawCardHeading, toPngImage } from '../canvas.ts';
import { font, FONT_PX, THEME } from '../theme.ts';
import { formatPercent } from '../format.ts';
import type { RenderedImage } from '../types.ts';
import { drawGrid, maxAbsOf } from './grids.ts';

const LAYER_TITLES: Record<string, string> = {
  conv1: 'after conv 1 (ReLU)',
  pool1: 'after max-pool 1',
  conv2: 'after conv 2 (ReLU)',
  pool2: 'after max-pool 2',
};

/** Items per row when `count` items of `itemPx` with `gapPx` between them share `availablePx`: as many as fit, then balanced so the last row is not a stub. */
export function itemsPerRow(count: number, itemPx: number, gapPx: number, availablePx: number): number {
  const fit = Math.max(1, Math.floor((availablePx + gapPx) / (itemPx + gapPx)));
  const rows = Math.ceil(count / fit);
  return Math.max(1, Math.ceil(count / rows));
}

const CARD_WIDTH_PX = 720;
const MARGIN_PX = 12;
const FILTER_CELL_PX = 14;
const FILTER_GAP_PX = 22;
const FILTER_ROW_PX = 3 * FILTER_CELL_PX + 22;
const INPUT_PX = 64;
const MAP_PX = 44;
const MAP_GAP_PX = 14;
const MAP_ROW_PX = MAP_PX + 8;

/** First-layer filters (with the one preferring vertical strokes marked) and one test digit's feature maps through every layer; rows wrap so any filter count fits the card. */
export async function renderCnnFeatureMaps(result: CnnDemoResult): Promise<RenderedImage> {
  const width = CARD_WIDTH_PX;
  const layers = result.featureMaps;
  const filtersLeft = MARGIN_PX + INPUT_PX + 32;
  const filtersPerRow = itemsPerRow(result.filters.length, 3 * FILTER_CELL_PX, FILTER_GAP_PX, width - MARGIN_PX - filtersLeft);
  const filterRows = Math.ceil(result.filters.length / filtersPerRow);
  const mapsPerRow = (count: number) => itemsPerRow(count, MAP_PX, MAP_GAP_PX, width - 2 * MARGIN_PX);
  const layerHeights = layers.map((l) => 22 + Math.ceil(l.maps.length / mapsPerRow(l.maps.length)) * MAP_ROW_PX + 6);
  const top = 62;
  const filtersBottom = top + 20 + filterRows * FILTER_ROW_PX + 20;
  const inputBottom = top + 20 + INPUT_PX + 20;
  const mapsTop = Math.max(filtersBottom, inputBottom) + 10;
  const height = mapsTop + layerHeights.reduce((a, b) => a + b, 0) + 8;
  const card = createCard(width, height);
  const { ctx } = card;
  const best = result.verticalPreference.indexOf(Math.max(...result.verticalPreference));
  // -1 when no filter answers a vertical bar more than a horizontal one (the reply text says so too)
  const vertical = result.verticalPreference[best] > 0 ? best : -1;
  drawCardHeading(ctx, width, 'What the CNN learned', `first-layer 3×3 filters (blue +, orange −), then digit ${result.example.label} through each layer (dark = strong activation)`);
  ctx.textBaseline = 'top';
  // the input digit, on the left
  ctx.font = font(FONT_PX.label, 'bold');
  ctx.fillStyle = THEME.text;
  ctx.fillText('Input', MARGIN_PX, top);
  drawGrid(ctx, result.example.pixels, 16, MARGIN_PX, top + 20, INPUT_PX / 16, { kind: 'ink' });
  ctx.font = font(FONT_PX.small);
  ctx.fillStyle = THEME.mutedText;
  ctx.fillText(`a test ${result.example.label}`, MARGIN_PX, top + 20 + INPUT_PX + 4);
  // the filters, wrapped into balanced rows
  ctx.font = font(FONT_PX.label, 'bold');
  ctx.fillStyle = THEME.text;
  ctx.fillText(`Filters of conv 1 (${result.filters.length})`, filtersLeft, top);
  const scale = { kind: 'signed' as const, maxAbs: maxAbsOf(result.filters) };
  result.filters.forEach((filter, f) => {
    const left = filtersLeft + (f % filtersPerRow) * (3 * FILTER_CELL_PX + FILTER_GAP_PX);
    const y = top + 20 + Math.floor(f / filtersPerRow) * FILTER_ROW_PX;
    drawGrid(ctx, filter, 3, left, y, FILTER_CELL_PX, scale);
    ctx.font = font(FONT_PX.small, f === vertical ? 'bold' : 'normal');
    ctx.fillStyle = f === vertical ? THEME.best : THEME.mutedText;
    ctx.fillText(f === vertical ? `${f + 1} ▮` : `${f + 1}`, left, y + 3 * FILTER_CELL_PX + 4);
  });
  ctx.font = font(FONT_PX.small);
  ctx.fillStyle = vertical >= 0 ? THEME.best : THEME.mutedText;
  ctx.fillText(vertical >= 0 ? `▮ filter ${vertical + 1} responds most to a vertical bar` : 'no filter responds more to a vertical bar than to a horizontal one', filtersLeft, top + 20 + filterRows * FILTER_ROW_PX + 2);
  // each layer's maps
  let y = mapsTop;
  layers.forEach((layer, i) => {
    ctx.font = font(FONT_PX.label, 'bold');
    ctx.fillStyle = THEME.text;
    ctx.fillText(`${LAYER_TITLES[layer.name] ?? layer.name}: ${layer.maps.length} maps of ${layer.size}×${layer.size}`, MARGIN_PX, y);
    y += 22;
    const perRow = mapsPerRow(layer.maps.length);
    const max = Math.max(1e-6, ...layer.maps.flat());
    layer.maps.forEach((map, m) => {
      drawGrid(ctx, map, layer.size, MARGIN_PX + (m % perRow) * (MAP_PX + MAP_GAP_PX), y + Math.floor(m / perRow) * MAP_ROW_PX, MAP_PX / layer.size, { kind: 'ink', max });
    });
    y += layerHeights[i] - 22;
  });
  return toPngImage(card.canvas, 'cnn-feature-maps.png',
    `The ${result.filters.length} learned 3×3 filters of the first convolution (${vertical >= 0 ? `filter ${vertical + 1} responds most to vertical strokes` : 'none prefers vertical strokes'}) and the feature maps of a test digit ${result.example.label} after each convolution and pooling layer, shrinking from 16×16 to 4×4.`);
}

/** The test-set confusion matrix: rows = true digit, columns = predicted, darker = more; the diagonal holds the right answers. */
export async function renderConfusionMatrix(result: CnnDemoResult): Promise<RenderedImage> {
  const cell = 34;
  const left = 70;
  const top = 90;
  const width = left + 10 * cell + 30;
  const height = top + 10 * cell + 20;
  const card = createCard(width, height);
  const { ctx } = card;
  drawCardHeading(ctx, width, 'Confusion matrix (test set)', `accuracy ${formatPercent(result.testAccuracy)} · rows: true digit · columns: predicted`);
  const max = Math.max(...result.confusion.flat());
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  for (let t = 0; t < 10; t++) {
    for (let p = 0; p < 10; p++) {
      const count = result.confusion[t][p];
      const strength = count / max;
      ctx.fillStyle = t === p ? `rgba(8,119,189,${0.1 + 0.9 * strength})` : count > 0 ? `rgba(201,42,42,${0.15 + 0.85 * Math.min(1, (count / max) * 8)})` : '#f6f8fa';
      ctx.fillRect(left + p * cell, top + t * cell, cell - 1, cell - 1);
      if (count > 0) {
        ctx.fillStyle = t === p && strength > 0.6 ? '#ffffff' : THEME.text;
        ctx.font = font(FONT_PX.small);
        ctx.fillText(String(count), left + p * cell + cell / 2, top + t * cell + cell / 2);
      }
    }
    ctx.fillStyle = THEME.text;
    ctx.font = font(FONT_PX.label, 'bold');
    ctx.fillText(String(t), left - 14, top + t * cell + cell / 2);
    ctx.fillText(String(t), left + t * cell + cell / 2, top - 12);
  }
  ctx.save();
  ctx.font = font(FONT_PX.small);
  ctx.fillStyle = THEME.mutedText;
  ctx.translate(18, top + 5 * cell);
  ctx.rotate(-Math.PI / 2);
  ctx.fillText('true digit', 0, 0);
  ctx.restore();
  ctx.fillStyle = THEME.mutedText;
  ctx.font = font(FONT_PX.small);
  ctx.fillText('predicted', left + 5 * cell, top - 28);
  return toPngImage(card.canvas, 'cnn-confusion.png',
    `Confusion matrix of the CNN on ${result.confusion.flat().reduce((a, b) => a + b, 0)} test digits: blue diagonal cells are right answers, red off-diagonal cells are mistakes; accuracy ${formatPercent(result.testAccuracy)}.`);
}

/** A few misclassified test digits (true → predicted) and the parameter counts of the CNN and the MLP with their accuracies. */
export async function renderCnnMistakes(result: CnnDemoResult): Promise<RenderedImage> {
  const width = 640;
  const height = 300;
  const card = createCard(width, height);
  const { ctx } = card;
  drawCardHeading(ctx, width, 'Mistakes, and what weight sharing saves', 'some misclassified test digits (true → predicted)');
  const size = 56;
  ctx.textBaseline = 'top';
  if (result.misclassified.length === 0) {
    ctx.font = font(FONT_PX.label);
    ctx.fillStyle = THEME.text;
    ctx.fillText('No test digit was misclassified.', 12, 70);
  }
  result.misclassified.forEach((digit, i) => {
    const left = 12 + i * (size + 20);
    drawGrid(ctx, digit.pixels, 16, left, 62, size / 16, { kind: 'ink' });
    ctx.font = font(FONT_PX.label);
    ctx.fillStyle = THEME.danger;
    ctx.fillText(`${digit.label} → ${digit.predicted}`, left + 6, 62 + size + 6);
  });
  // parameter bars
  const barTop = 170;
  const rows = [
    { label: `CNN (conv–pool–conv–pool–dense)`, params: result.params, accuracy: result.testAccuracy, color: THEME.train },
    { label: `MLP (256–${result.mlp.hiddenUnits}–10)`, params: result.mlp.params, accuracy: result.mlp.testAccuracy, color: THEME.test },
  ];
  const maxParams = Math.max(...rows.map((r) => r.params));
  ctx.font = font(FONT_PX.label, 'bold');
  ctx.fillStyle = THEME.text;
  ctx.fillText('Parameters (bar) and test accuracy', 12, barTop - 4);
  rows.forEach((row, i) => {
    const y = barTop + 22 + i * 48;
    ctx.font = font(FONT_PX.small);
    ctx.fillStyle = THEME.text;
    ctx.fillText(row.label, 12, y);
    const barWidth = Math.max(2, (row.params / maxParams) * (width - 260));
    ctx.fillStyle = row.color;
    ctx.fillRect(12, y + 16, barWidth, 16);
    ctx.fillStyle = THEME.text;
    ctx.font = font(FONT_PX.label);
    ctx.fillText(`${row.params.toLocaleString('en-US')} parameters · ${Number.isFinite(row.accuracy) ? formatPercent(row.accuracy) : 'not trained'}`, 20 + barWidth, y + 16);
  });
  return toPngImage(card.canvas, 'cnn-mistakes.png',
    `${result.misclassified.length} misclassified test digits, and a bar chart: the CNN has ${result.params} parameters (test accuracy ${formatPercent(result.testAccuracy)}), the MLP ${result.mlp.params} (${Number.isFinite(result.mlp.testAccuracy) ? formatPercent(result.mlp.testAccuracy) : 'not trained'}).`);
}
