/** One chat-sized card: decision boundary, loss curve and the key numbers of a run. */
import type { Dataset, TrainResult } from '../engine/types.ts';
import { drawBoundaryPanel, drawPlaneLegend, PLANE_DOMAIN, shownRoles } from './boundary-panel.ts';
import { createCard, drawCardAt, drawCardHeading, fitText, toPngImage, wrapText, type SKRSContext2D } from './canvas.ts';
import { drawLossCurve } from './loss-curve.ts';
import { describeBoundary, epochLabel } from './decision-boundary.ts';
import { predictGrid } from '../engine/grid.ts';
import { datasetTitleName, describeNetwork, formatLoss, formatPercent } from './format.ts';
import { font, FONT_PX, THEME } from './theme.ts';
import type { PixelRatioOption, RenderedImage } from './types.ts';

const STOP_WORDS: Record<TrainResult['stopReason'], string> = {
  epochs: 'ran all epochs',
  'early-stopping': 'early stopping',
  'target-loss': 'target loss reached',
  diverged: 'diverged',
  'time-limit': 'time limit',
  cancelled: 'cancelled',
};

function batchLabel(result: TrainResult): string {
  const b = result.spec.batchSize;
  return b === 'full' ? 'full batch (GD)' : b === 1 ? 'batch 1 (SGD)' : `batch ${b}`;
}

/** Boundary + loss curve + key numbers in one 800 px card (`summary.png`). */
export async function renderSummaryCard(result: TrainResult, dataset: Dataset, options: PixelRatioOption = {}): Promise<RenderedImage> {
  const widthPx = 800;
  const headerPx = 12 + FONT_PX.title + 12;
  const plotSize = 330;
  const heightPx = headerPx + plotSize + 40 + 44;
  const { canvas, ctx, pixelRatio } = createCard(widthPx, heightPx, options.pixelRatio);

  drawCardHeading(ctx, widthPx, `${datasetTitleName(dataset)} · ${describeNetwork(result.network)} · ${epochLabel(result)}`);

  const grid = predictGrid(result.network, 100, PLANE_DOMAIN);
  const rect = { left: 46, top: headerPx, size: plotSize };
  drawBoundaryPanel(ctx, rect, dataset, { grid });
  drawPlaneLegend(ctx, 12, headerPx + plotSize + 38, rect.left + plotSize, dataset.kind, dataset.classes, shownRoles(dataset));

  const rightLeft = rect.left + plotSize + 20;
  const rightWidth = widthPx - rightLeft - 8;
  const chartHeight = 250;
  const loss = drawLossCurve(result, { widthPx: rightWidth, heightPx: chartHeight, showAccuracy: false, title: '', compact: true, pixelRatio });
  drawCardAt(ctx, loss.card, rightLeft, headerPx - 12);

  const f = result.final;
  const isClassification = result.kind !== 'regression';
  const rows: [string, string][] = [
    ...(isClassification ? [['test acc', formatPercent(f.testAccuracy)], ['train acc', formatPercent(f.trainAccuracy)]] as [string, string][] : []),
    ['test loss', formatLoss(f.testLoss)],
    ['train loss', formatLoss(f.trainLoss)],
    ['epochs', String(result.history.length)],
    ['params', String(result.params)],
  ];
  const numbersTop = headerPx + chartHeight - 2;
  const numbersHeight = drawNumbers(ctx, rightLeft + 8, numbersTop, rightWidth - 16, rows);
  const details = `${result.spec.optimizer}, lr ${result.spec.learningRate}, ${batchLabel(result)} · ${STOP_WORDS[result.stopReason]} · ${Math.round(result.timing.trainMs)} ms`;
  ctx.font = font(FONT_PX.small);
  ctx.fillStyle = THEME.mutedText;
  // The stop message adds nothing when the run simply ran all its epochs ("ran all epochs" is already said).
  const saysMore = result.stopMessage && result.stopReason !== 'epochs';
  const lines = [details, ...(saysMore ? wrapText(ctx, result.stopMessage, rightWidth - 16) : [])].slice(0, 3);
  lines.forEach((line, i) => {
    ctx.fillStyle = i > 0 && result.stopReason === 'diverged' ? THEME.danger : THEME.mutedText;
    ctx.fillText(fitText(ctx, line, rightWidth - 16), rightLeft + 8, numbersTop + numbersHeight + 6 + i * (FONT_PX.small + 5));
  });
  const alt = `Summary of a training run. ${describeBoundary(result, dataset, grid, false)} Beside it, the loss per epoch. Key numbers: `
    + rows.map(([k, v]) => `${k} ${v}`).join(', ') + `; ${details}.`;
  return toPngImage(canvas, 'summary.png', alt);
}

/** Key/value pairs in two columns; returns the height used. */
function drawNumbers(ctx: SKRSContext2D, left: number, top: number, width: number, rows: [string, string][]): number {
  const columns = 2;
  const perColumn = Math.ceil(rows.length / columns);
  const columnWidth = width / columns;
  const rowPx = 21;
  ctx.save();
  ctx.textBaseline = 'top';
  rows.forEach(([key, value], i) => {
    const x = left + Math.floor(i / perColumn) * columnWidth;
    const y = top + (i % perColumn) * rowPx;
    ctx.font = font(FONT_PX.label);
    ctx.fillStyle = THEME.mutedText;
    ctx.fillText(key, x, y + 1);
    ctx.font = font(FONT_PX.title, 'bold');
    ctx.fillStyle = THEME.text;
    ctx.fillText(fitText(ctx, value, columnWidth - 84), x + 76, y - 1);
  });
  ctx.restore();
  return perColumn * rowPx;
}
