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

/** First-layer filters (with the one preferring vertical strokes marked) and one test digit's feature maps through every layer. */
export async function renderCnnFeatureMaps(result: CnnDemoResult): Promise<RenderedImage> {
  const width = 720;
  const filterCell = 14;
  const layers = result.featureMaps;
  const mapPx = 44;
  const perRow = 12;
  const layerHeights = layers.map((l) => Math.ceil(l.maps.length / perRow) * (mapPx + 8) + 24);
  const height = 70 + 3 * filterCell + 40 + 20 + layerHeights.reduce((a, b) => a + b, 0) + 16;
  const card = createCard(width, height);
  const { ctx } = card;
  const vertical = result.verticalPreference.indexOf(Math.max(...result.verticalPreference));
  drawCardHeading(ctx, width, 'What the CNN learned', `first-layer 3×3 filters (blue +, orange −), then digit ${result.example.label} through each layer (dark = strong activation)`);
  let y = 62;
  ctx.font = font(FONT_PX.label, 'bold');
  ctx.fillStyle = THEME.text;
  ctx.fillText('Filters of conv 1', 12, y);
  y += 20;
  const scale = { kind: 'signed' as const, maxAbs: maxAbsOf(result.filters) };
  result.filters.forEach((filter, f) => {
    const left = 12 + f * (3 * filterCell + 26);
    drawGrid(ctx, filter, 3, left, y, filterCell, scale);
    ctx.font = font(FONT_PX.small, f === vertical ? 'bold' : 'normal');
    ctx.fillStyle = f === vertical ? THEME.best : THEME.mutedText;
    ctx.fillText(f === vertical ? `${f + 1} ▮` : `${f + 1}`, left, y + 3 * filterCell + 4);
  });
  y += 3 * filterCell + 22;
  ctx.font = font(FONT_PX.small);
  ctx.fillStyle = THEME.mutedText;
  ctx.fillText(`▮ filter ${vertical + 1} responds most to a vertical bar`, 12, y);
  y += 24;
  // the input digit, then each layer's maps
  drawGrid(ctx, result.example.pixels, 16, width - 12 - 64, 62, 4, { kind: 'ink' });
  ctx.font = font(FONT_PX.small);
  ctx.fillText('input', width - 12 - 64, 62 + 64 + 4);
  for (const layer of layers) {
    ctx.font = font(FONT_PX.label, 'bold');
    ctx.fillStyle = THEME.text;
    ctx.fillText(`${LAYER_TITLES[layer.name] ?? layer.name}: ${layer.maps.length} maps of ${layer.size}×${layer.size}`, 12, y);
    y += 20;
    const max = Math.max(1e-6, ...layer.maps.flat());
    layer.maps.forEach((map, m) => {
      drawGrid(ctx, map, layer.size, 12 + (m % perRow) * (mapPx + 14), y + Math.floor(m / perRow) * (mapPx + 8), mapPx / layer.size, { kind: 'ink', max });
    });
    y += Math.ceil(layer.maps.length / perRow) * (mapPx + 8) + 4;
  }
  return toPngImage(card.canvas, 'cnn-feature-maps.png',
    `The ${result.filters.length} learned 3×3 filters of the first convolution (filter ${vertical + 1} responds most to vertical strokes) and the feature maps of a test digit ${result.example.label} after each convolution and pooling layer, shrinking from 16×16 to 4×4.`);
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
        ctx.fillStyle = t === p && strength > 0.5 ? '#ffffff' : THEME.text;
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
