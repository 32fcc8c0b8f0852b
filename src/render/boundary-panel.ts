/**
 * The input plane with a network's predictions as a heatmap and the data on top: the building
 * block of the decision boundary, the dataset view, the training animation and the summary card.
 */
import { DOMAIN_RADIUS } from '../engine/datasets.ts';
import type { Dataset, GridPrediction, ProblemKind } from '../engine/types.ts';
import type { SKRSContext2D } from './canvas.ts';
import { classColor, scoreToHex } from './colors.ts';
import { drawPlaneAxes, drawPointMarker, drawPoints, planeMapping, POINT_ROLE_LABEL, writeHeatmap, type PlotRect } from './plane.ts';
import { font, FONT_PX, PLAYGROUND, THEME } from './theme.ts';

/** The Playground's input domain, [−6, 6]². */
export const PLANE_DOMAIN: [number, number] = [-DOMAIN_RADIUS, DOMAIN_RADIUS];

/** Heatmap lightening: points in full colour stay visible on regions of their own colour. */
export const HEATMAP_LIGHTEN = 0.15;

export interface BoundaryPanelOptions {
  grid?: GridPrediction;
  discretize?: boolean;
  showTrain?: boolean;
  showVal?: boolean;
  showTest?: boolean;
  /** Draw tick labels and axis names (off for tiny thumbnails). */
  axes?: boolean;
}

/** Point radius that stays visible but does not cover the boundary: smaller for small plots and dense sets. */
export function pointRadiusFor(sizePx: number, pointCount = 500): number {
  const densityFactor = Math.min(1, Math.sqrt(500 / Math.max(1, pointCount)));
  return Math.max(2, Math.min(5, (sizePx / 105) * Math.max(0.6, densityFactor)));
}

/** Draws heatmap (or a plain background), axes and points into the square `rect`. */
export function drawBoundaryPanel(ctx: SKRSContext2D, rect: PlotRect, dataset: Dataset, options: BoundaryPanelOptions = {}): void {
  if (options.grid) {
    // Discretized regions are flat full colour, so they are lightened more to keep same-coloured points visible.
    writeHeatmap(ctx, options.grid, rect, { discretize: options.discretize, lighten: options.discretize ? 0.35 : HEATMAP_LIGHTEN });
  } else {
    ctx.fillStyle = '#f4f5f6';
    ctx.fillRect(rect.left, rect.top, rect.size, rect.size);
  }
  if (options.axes ?? true) drawPlaneAxes(ctx, rect, PLANE_DOMAIN);
  const map = planeMapping(rect, PLANE_DOMAIN);
  const shownCount = (options.showTrain ?? true ? dataset.train.length : 0) + (options.showVal ?? true ? dataset.val.length : 0) + (options.showTest ?? true ? dataset.test.length : 0);
  const radius = pointRadiusFor(rect.size, shownCount);
  ctx.save();
  ctx.beginPath();
  ctx.rect(rect.left, rect.top, rect.size, rect.size);
  ctx.clip();
  // Hollow validation and test markers go on top of the filled training dots, which show through them.
  if (options.showTrain ?? true) drawPoints(ctx, map, dataset.train, dataset.kind, 'train', radius);
  if (options.showVal ?? true) drawPoints(ctx, map, dataset.val, dataset.kind, 'val', radius);
  if (options.showTest ?? true) drawPoints(ctx, map, dataset.test, dataset.kind, 'test', radius);
  ctx.restore();
}

/** Which point shapes a panel shows, for its legend. */
export function shownRoles(dataset: Dataset, options: BoundaryPanelOptions = {}): ('train' | 'val' | 'test')[] {
  const roles: ('train' | 'val' | 'test')[] = [];
  if ((options.showTrain ?? true) && dataset.train.length > 0) roles.push('train');
  if ((options.showVal ?? true) && dataset.val.length > 0) roles.push('val');
  if ((options.showTest ?? true) && dataset.test.length > 0) roles.push('test');
  return roles;
}

/** Legend line: each split's marker drawn as in the plot, then the colour meaning. Returns the height used. */
export function drawPlaneLegend(ctx: SKRSContext2D, left: number, top: number, maxWidth: number, kind: ProblemKind, classes: number, roles: readonly ('train' | 'val' | 'test')[]): number {
  ctx.save();
  ctx.font = font(FONT_PX.label);
  ctx.textBaseline = 'middle';
  const items: { swatch?: string; marker?: 'train' | 'val' | 'test'; text: string }[] = roles.map((r) => ({ marker: r, text: POINT_ROLE_LABEL[r] }));
  if (kind === 'binary') {
    items.push({ swatch: PLAYGROUND.negative, text: '−1' }, { swatch: PLAYGROUND.positive, text: '+1' });
  } else if (kind === 'multiclass') {
    for (let c = 0; c < classes; c++) items.push({ swatch: classColor(c), text: `class ${c}` });
  } else {
    items.push({ swatch: scoreToHex(-1), text: '−1' }, { swatch: scoreToHex(0), text: '0' }, { swatch: scoreToHex(1), text: '+1' });
  }
  let x = left;
  let y = top + 10;
  for (const item of items) {
    const width = (item.swatch || item.marker ? 18 : 0) + ctx.measureText(item.text).width + 14;
    if (x + width > left + maxWidth && x > left) {
      x = left;
      y += 20;
    }
    if (item.swatch) {
      ctx.fillStyle = item.swatch;
      ctx.fillRect(x, y - 6, 13, 13);
      x += 18;
    } else if (item.marker) {
      drawPointMarker(ctx, x + 6, y, 4.5, item.marker, LEGEND_MARKER_COLOR);
      x += 18;
    }
    ctx.fillStyle = THEME.text;
    ctx.fillText(item.text, x, y);
    x += ctx.measureText(item.text).width + 14;
  }
  ctx.restore();
  return y - top + 12;
}

/** Markers in the legend are drawn in a neutral grey: their shape tells the split, the plot's colours the class. */
const LEGEND_MARKER_COLOR = '#8c959f';

/** Fraction of grid cells predicted as each class (binary: [−1 share, +1 share]). */
export function classShares(grid: GridPrediction): number[] {
  const cells = grid.resolution * grid.resolution;
  if (grid.kind === 'binary') {
    let positive = 0;
    for (let i = 0; i < cells; i++) if (grid.values[i] >= 0) positive++;
    return [1 - positive / cells, positive / cells];
  }
  const counts = new Array<number>(grid.channels).fill(0);
  for (let i = 0; i < cells; i++) {
    let best = 0;
    for (let c = 1; c < grid.channels; c++) if (grid.values[i * grid.channels + c] > grid.values[i * grid.channels + best]) best = c;
    counts[best]++;
  }
  return counts.map((n) => n / cells);
}
