/**
 * The decision boundary: the network's output over the input plane in the Playground's palette,
 * with training and test points on top (regression: the predicted surface with a colour bar).
 */
import { datasets as datasetTable } from '../engine/datasets.ts';
import { predictGrid } from '../engine/grid.ts';
import type { Dataset, GridPrediction, TrainResult } from '../engine/types.ts';
import { AXIS_MARGIN } from './axes.ts';
import { drawBoundaryPanel, drawPlaneLegend, classShares, HEATMAP_LIGHTEN, PLANE_DOMAIN, shownRoles } from './boundary-panel.ts';
import { createCard, drawCardHeading, toPngImage, type SKRSContext2D } from './canvas.ts';
import { mixRgb, rgbToHex, scoreToRgb } from './colors.ts';
import { className, datasetTitleName, describeNetwork, describeSplit, describeTestScore, finalEpoch, formatPercent } from './format.ts';
import type { PlotRect } from './plane.ts';
import { font, FONT_PX, THEME } from './theme.ts';
import type { PixelRatioOption, RenderedImage } from './types.ts';

export interface DecisionBoundaryOptions extends PixelRatioOption {
  /** Show only the predicted class (the Playground's "discretize output"). */
  discretize?: boolean;
  /** Picture width in px (default 480). */
  widthPx?: number;
  /** Grid cells per side (default 100). */
  resolution?: number;
  /** For quiz pictures: the title and alt text name neither the dataset nor the activation (architecture only). */
  hideNames?: boolean;
}

/** "epoch 500" or "epoch 231 (best, restored by early stopping)". */
export function epochLabel(result: TrainResult): string {
  return result.stopReason === 'early-stopping' ? `epoch ${result.bestEpoch} (early stopping)` : `epoch ${finalEpoch(result)}`;
}

const COLOR_BAR_PX = 64;

function drawColorBar(ctx: SKRSContext2D, left: number, top: number, height: number): void {
  const barWidth = 14;
  for (let y = 0; y < height; y++) {
    ctx.fillStyle = rgbToHex(mixRgb(scoreToRgb(1 - (2 * (y + 0.5)) / height), [255, 255, 255], HEATMAP_LIGHTEN));
    ctx.fillRect(left, top + y, barWidth, 1);
  }
  ctx.strokeStyle = THEME.axis;
  ctx.strokeRect(left - 0.5, top - 0.5, barWidth + 1, height + 1);
  ctx.fillStyle = THEME.mutedText;
  ctx.font = font(FONT_PX.tick);
  ctx.textBaseline = 'middle';
  for (const v of [1, 0.5, 0, -0.5, -1]) ctx.fillText(v < 0 ? `−${-v}` : String(v), left + barWidth + 5, top + ((1 - v) / 2) * height);
}

/** Title and subtitle of a boundary picture; with `hideNames` the title names neither the dataset nor the activation. */
export function boundaryHeading(result: TrainResult, dataset: Dataset, options: Pick<DecisionBoundaryOptions, 'discretize' | 'hideNames'> = {}): { title: string; subtitle: string } {
  const kindWord = dataset.kind === 'regression' ? 'Predicted surface' : 'Decision boundary';
  const network = describeNetwork(result.network, { hideNames: options.hideNames });
  return {
    title: options.hideNames ? `${kindWord} · ${network}` : `${kindWord} · ${datasetTitleName(dataset)} · ${network}`,
    subtitle: `${epochLabel(result)} · ${describeTestScore(result)}${options.discretize ? ' · discretized' : ''}`,
  };
}

/** Where the plot square and the legend go in a boundary picture of the given width. */
export function boundaryLayout(widthPx: number, kind: Dataset['kind']): { widthPx: number; heightPx: number; rect: PlotRect; legendTop: number } {
  const width = Math.max(320, Math.min(1200, Math.round(widthPx)));
  const rightPx = kind === 'regression' ? COLOR_BAR_PX : 16;
  const size = width - AXIS_MARGIN.left - rightPx;
  const headerPx = 12 + FONT_PX.title + 6 + FONT_PX.label + 10;
  const legendTop = headerPx + size + AXIS_MARGIN.bottom;
  return { widthPx: width, heightPx: legendTop + 48, rect: { left: AXIS_MARGIN.left, top: headerPx, size }, legendTop };
}

/** Decision boundary (classification) or predicted surface (regression) as a PNG (`boundary.png`). */
export async function renderDecisionBoundary(result: TrainResult, dataset: Dataset, options: DecisionBoundaryOptions = {}): Promise<RenderedImage> {
  const grid = predictGrid(result.network, options.resolution ?? 100, PLANE_DOMAIN);
  const isRegression = dataset.kind === 'regression';
  const { widthPx, heightPx, rect, legendTop } = boundaryLayout(options.widthPx ?? 480, dataset.kind);
  const size = rect.size;
  const roles = shownRoles(dataset);
  const { canvas, ctx } = createCard(widthPx, heightPx, options.pixelRatio);

  const heading = boundaryHeading(result, dataset, options);
  drawCardHeading(ctx, widthPx, heading.title, heading.subtitle);

  drawBoundaryPanel(ctx, rect, dataset, { grid, discretize: options.discretize });
  if (isRegression) drawColorBar(ctx, rect.left + size + 14, rect.top, size);
  const legendHeight = drawPlaneLegend(ctx, 12, legendTop, widthPx - 24, dataset.kind, dataset.classes, roles);
  if (legendTop + legendHeight + 8 > heightPx) {
    // Rare: a long multi-class legend wrapped onto a third line; redraw taller.
    return renderDecisionBoundaryTall(result, dataset, options);
  }
  return toPngImage(canvas, 'boundary.png', describeBoundary(result, dataset, grid, options.discretize ?? false, options.hideNames ?? false));
}

async function renderDecisionBoundaryTall(result: TrainResult, dataset: Dataset, options: DecisionBoundaryOptions): Promise<RenderedImage> {
  return renderDecisionBoundary(result, dataset, { ...options, widthPx: Math.round((options.widthPx ?? 480) * 1.25) });
}

/** Alt text: what the picture shows and the facts a sighted student would read off it (`hideNames`: without dataset and activation names). */
export function describeBoundary(result: TrainResult, dataset: Dataset, grid: GridPrediction, discretized: boolean, hideNames = false): string {
  const onData = hideNames ? '' : ` on the ${datasetTitleName(dataset)} dataset`;
  const head = `${dataset.kind === 'regression' ? 'Predicted surface' : 'Decision boundary'} of a ${describeNetwork(result.network, { hideNames })} network${onData} at ${epochLabel(result)}, ${describeTestScore(result)}${discretized ? ', discretized' : ''}.`;
  let body: string;
  if (dataset.kind === 'binary') {
    const [negative, positive] = classShares(grid);
    body = `Orange regions are predicted −1 (${formatPercent(negative)} of the plane), blue regions +1 (${formatPercent(positive)}).`;
  } else if (dataset.kind === 'multiclass') {
    body = `Each colour is the predicted class: ${classShares(grid).map((s, c) => `${className('multiclass', c)} ${formatPercent(s)}`).join(', ')} of the plane.`;
  } else {
    body = 'Colour shows the predicted value from orange (−1) through grey (0) to blue (+1); points are coloured by their target.';
  }
  const points = `${describeSplit(dataset)} are drawn on top (training as circles, validation as triangles, test as diamonds).${hideNames || dataset.source ? '' : ` ${datasetTable[dataset.name].description}`}`;
  return `${head} ${body} ${points}`;
}

/** The grid used for a result's boundary (exported for the summary card and animation). */
export function boundaryGrid(result: TrainResult, resolution = 100): GridPrediction {
  return predictGrid(result.network, resolution, PLANE_DOMAIN);
}
