/**
 * The lecture's "other optimisers vs gradient descent" picture: a 2-D loss surface as filled
 * contours with the paths of several optimisers from the same start, as a PNG or a GIF in which
 * the paths grow step by step.
 */
import { createCanvas } from '@napi-rs/canvas';
import { optimizerInfo } from '../engine/optimizers.ts';
import {
  DEFAULT_PATH_OPTIMIZERS, getSurface, PATH_OPTIMIZER_NAMES, runOptimizerPath,
  type LossSurface, type OptimizerPath, type PathOptimizerName, type SurfaceName,
} from '../engine/surfaces.ts';
import { axisMapping, drawAxes, type AxisMapping, type Rect } from './axes.ts';
import { createCard, devicePixelRect, drawCardAt, toPngImage, wrapText, type Card, type SKRSContext2D } from './canvas.ts';
import { hexToRgb, mixRgb, type Rgb } from './colors.ts';
import { formatLoss } from './format.ts';
import { captureFrame, GifWriter } from './gif.ts';
import { font, FONT_PX, SERIES_COLORS, THEME } from './theme.ts';
import type { PixelRatioOption, RenderedImage } from './types.ts';

export interface OptimizerPathsOptions extends PixelRatioOption {
  /** Which optimisers to run (default: GD, momentum, AdaGrad, RMSProp, Adam). */
  optimizers?: readonly PathOptimizerName[];
  /** Steps per path (default: the surface's choice). */
  steps?: number;
  /** Per-optimiser learning rates overriding the surface's choices. */
  learningRates?: Partial<Record<PathOptimizerName, number>>;
  widthPx?: number;
  /** Quiz pictures: no optimiser names, learning rates or surface description (they would give the answer away). */
  hideNames?: boolean;
}

export interface OptimizerPathsGifOptions extends OptimizerPathsOptions {
  /** Number of frames (default 50). */
  frames?: number;
}

const OPTIMIZER_COLORS: Record<PathOptimizerName, string> = {
  sgd: SERIES_COLORS[4],
  momentum: SERIES_COLORS[0],
  nesterov: SERIES_COLORS[5],
  adagrad: SERIES_COLORS[2],
  rmsprop: SERIES_COLORS[3],
  adam: SERIES_COLORS[1],
};

/** "GD" for sgd on a surface (there is no sampling, so it is plain gradient descent). */
export function pathLabel(name: PathOptimizerName): string {
  return name === 'sgd' ? 'GD' : optimizerInfo[name].label;
}

function checkOptimizers(names: readonly string[]): PathOptimizerName[] {
  for (const name of names) {
    if (!(PATH_OPTIMIZER_NAMES as readonly string[]).includes(name)) {
      throw new Error(`Unknown optimizer '${name}' for a loss-surface path. Allowed: ${PATH_OPTIMIZER_NAMES.join(', ')}.`);
    }
  }
  if (names.length === 0) throw new Error(`Choose at least one optimizer. Allowed: ${PATH_OPTIMIZER_NAMES.join(', ')}.`);
  return [...names] as PathOptimizerName[];
}

function computePaths(surface: LossSurface, options: OptimizerPathsOptions): OptimizerPath[] {
  return checkOptimizers(options.optimizers ?? DEFAULT_PATH_OPTIMIZERS).map((name) =>
    runOptimizerPath(surface, name, { steps: options.steps, learningRate: options.learningRates?.[name] }));
}

interface PathsLayout {
  width: number;
  height: number;
  plot: Rect;
  titleLines: string[];
  legendTop: number;
  legendRows: number;
}

const MARGIN = { left: 56, right: 18, top: 12, bottom: 40 };
const LEGEND_ROW_PX = 22;

function layoutPicture(ctx: SKRSContext2D, surface: LossSurface, widthPx: number, pathCount: number): PathsLayout {
  const plotWidth = widthPx - MARGIN.left - MARGIN.right;
  const aspect = (surface.domain.y[1] - surface.domain.y[0]) / (surface.domain.x[1] - surface.domain.x[0]);
  const plotHeight = Math.round(Math.min(plotWidth * aspect, plotWidth * 1.1));
  ctx.font = font(FONT_PX.label);
  const titleLines = wrapText(ctx, surface.description, widthPx - 24);
  const headerPx = MARGIN.top + FONT_PX.title + 8 + titleLines.length * (FONT_PX.label + 4) + 10;
  const legendColumns = widthPx >= 560 ? 2 : 1;
  const legendRows = Math.ceil(pathCount / legendColumns);
  const legendTop = headerPx + plotHeight + MARGIN.bottom + 4;
  return {
    width: widthPx,
    height: legendTop + legendRows * LEGEND_ROW_PX + 10,
    plot: { left: MARGIN.left, top: headerPx, width: plotWidth, height: plotHeight },
    titleLines,
    legendTop,
    legendRows,
  };
}

const LOW: Rgb = [255, 255, 255];
const HIGH: Rgb = hexToRgb('#c5cbe3');
const CONTOUR: Rgb = hexToRgb('#98a1c4');
const BANDS = 14;

/**
 * Filled contours written straight into ImageData: f is log-scaled over the domain (so that both
 * the valley floor and the steep walls get bands) and split into equal bands; a pixel whose band
 * differs from its right or lower neighbour is drawn as a contour line.
 */
function writeContours(ctx: SKRSContext2D, surface: LossSurface, rect: Rect): void {
  const device = devicePixelRect(ctx, rect.left, rect.top, rect.width, rect.height);
  const w = device.width;
  const h = device.height;
  const [x0, x1] = surface.domain.x;
  const [y0, y1] = surface.domain.y;
  const f = new Float64Array(w * h);
  let min = Infinity, max = -Infinity;
  for (let j = 0; j < h; j++) {
    const y = y1 - ((j + 0.5) / h) * (y1 - y0);
    for (let i = 0; i < w; i++) {
      const v = surface.value(x0 + ((i + 0.5) / w) * (x1 - x0), y);
      f[j * w + i] = v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  const span = max - min || 1;
  const epsilon = span * 1e-3;
  const norm = Math.log1p(span / epsilon);
  const band = new Uint8Array(w * h);
  for (let k = 0; k < f.length; k++) band[k] = Math.min(BANDS - 1, Math.floor((Math.log1p((f[k] - min) / epsilon) / norm) * BANDS));
  const colors = Array.from({ length: BANDS }, (_, b) => mixRgb(LOW, HIGH, b / (BANDS - 1)));
  const image = ctx.createImageData(w, h);
  const pixels = image.data;
  for (let j = 0; j < h; j++) {
    for (let i = 0; i < w; i++) {
      const k = j * w + i;
      const b = band[k];
      const edge = (i + 1 < w && band[k + 1] !== b) || (j + 1 < h && band[k + w] !== b);
      const c = edge ? CONTOUR : colors[b];
      pixels[4 * k] = c[0];
      pixels[4 * k + 1] = c[1];
      pixels[4 * k + 2] = c[2];
      pixels[4 * k + 3] = 255;
    }
  }
  ctx.putImageData(image, device.left, device.top);
}

function drawMarkers(ctx: SKRSContext2D, surface: LossSurface, map: AxisMapping): void {
  ctx.save();
  ctx.font = font(FONT_PX.small, 'bold');
  ctx.textBaseline = 'middle';
  for (const [x, y] of surface.minima) {
    drawStar(ctx, map.px(x), map.py(y), 8);
    label(ctx, 'minimum', map.px(x) + 10, map.py(y));
  }
  for (const [x, y] of surface.saddles) {
    const px = map.px(x), py = map.py(y);
    ctx.strokeStyle = THEME.text;
    ctx.lineWidth = 2.5;
    ctx.beginPath();
    ctx.moveTo(px - 6, py - 6); ctx.lineTo(px + 6, py + 6);
    ctx.moveTo(px + 6, py - 6); ctx.lineTo(px - 6, py + 6);
    ctx.stroke();
    label(ctx, 'saddle', px + 9, py + 12);
  }
  const [sx, sy] = surface.start;
  ctx.fillStyle = THEME.text;
  ctx.beginPath();
  ctx.arc(map.px(sx), map.py(sy), 5, 0, Math.PI * 2);
  ctx.fill();
  label(ctx, 'start', map.px(sx) + 8, map.py(sy) - 12);
  ctx.restore();
}

function label(ctx: SKRSContext2D, text: string, x: number, y: number): void {
  const w = ctx.measureText(text).width;
  ctx.fillStyle = 'rgba(255,255,255,0.8)';
  ctx.fillRect(x - 2, y - FONT_PX.small / 2 - 2, w + 4, FONT_PX.small + 4);
  ctx.fillStyle = THEME.text;
  ctx.fillText(text, x, y);
}

function drawStar(ctx: SKRSContext2D, x: number, y: number, r: number): void {
  ctx.beginPath();
  for (let k = 0; k < 10; k++) {
    const radius = k % 2 === 0 ? r : r * 0.45;
    const angle = -Math.PI / 2 + (k * Math.PI) / 5;
    ctx.lineTo(x + radius * Math.cos(angle), y + radius * Math.sin(angle));
  }
  ctx.closePath();
  ctx.fillStyle = '#ffd43b';
  ctx.fill();
  ctx.strokeStyle = THEME.text;
  ctx.lineWidth = 1.2;
  ctx.stroke();
}

/**
 * Draws the part of each path from step `fromStep` to `toStep`, clipped to the plot. The animation
 * extends its trails frame by frame this way instead of redrawing every path from the start.
 * A quiz picture (`hideNames`) draws every path in one colour: /optimizers' colours would name the optimiser.
 */
function drawPathLines(ctx: SKRSContext2D, paths: readonly OptimizerPath[], map: AxisMapping, rect: Rect, fromStep = 0, toStep = Infinity, hideNames = false): void {
  ctx.save();
  ctx.beginPath();
  ctx.rect(rect.left, rect.top, rect.width, rect.height);
  ctx.clip();
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';
  for (const path of paths) {
    const last = Math.min(path.values.length - 1, toStep);
    if (last <= fromStep) continue;
    ctx.strokeStyle = hideNames ? SERIES_COLORS[0] : OPTIMIZER_COLORS[path.optimizer];
    ctx.lineWidth = 2.5;
    ctx.beginPath();
    ctx.moveTo(map.px(path.points[2 * fromStep]), map.py(path.points[2 * fromStep + 1]));
    for (let i = fromStep + 1; i <= last; i++) ctx.lineTo(map.px(path.points[2 * i]), map.py(path.points[2 * i + 1]));
    ctx.stroke();
  }
  ctx.restore();
}

/** A dot at the head of each path (its position at `upToStep`, the end by default), clipped to the plot. */
function drawPathHeads(ctx: SKRSContext2D, paths: readonly OptimizerPath[], map: AxisMapping, rect: Rect, upToStep = Infinity, hideNames = false): void {
  ctx.save();
  ctx.beginPath();
  ctx.rect(rect.left, rect.top, rect.width, rect.height);
  ctx.clip();
  for (const path of paths) {
    const last = Math.min(path.values.length - 1, upToStep);
    const color = hideNames ? SERIES_COLORS[0] : OPTIMIZER_COLORS[path.optimizer];
    ctx.fillStyle = color;
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.arc(map.px(path.points[2 * last]), map.py(path.points[2 * last + 1]), 5, 0, Math.PI * 2);
    ctx.fill();
    ctx.stroke();
  }
  ctx.restore();
}

function drawLegend(ctx: SKRSContext2D, layout: PathsLayout, paths: readonly OptimizerPath[], upToStep = Infinity, hideNames = false): void {
  const columns = Math.ceil(paths.length / layout.legendRows);
  const columnWidth = (layout.width - 24) / columns;
  ctx.save();
  ctx.font = font(FONT_PX.label);
  ctx.textBaseline = 'middle';
  paths.forEach((path, i) => {
    const column = Math.floor(i / layout.legendRows);
    const row = i % layout.legendRows;
    const x = 12 + column * columnWidth;
    const y = layout.legendTop + row * LEGEND_ROW_PX + LEGEND_ROW_PX / 2;
    ctx.strokeStyle = hideNames ? SERIES_COLORS[0] : OPTIMIZER_COLORS[path.optimizer];
    ctx.lineWidth = 3;
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.lineTo(x + 22, y);
    ctx.stroke();
    const step = Math.min(path.values.length - 1, upToStep);
    const diverged = path.stopReason === 'diverged' && step === path.values.length - 1;
    const value = diverged ? 'diverged' : `f = ${formatLoss(path.values[step])}`;
    ctx.fillStyle = THEME.text;
    ctx.fillText(hideNames ? `path ${i + 1}  ${value}` : `${pathLabel(path.optimizer)}  (lr ${path.learningRate})  ${value}`, x + 30, y);
  });
  ctx.restore();
}

function drawHeader(ctx: SKRSContext2D, surface: LossSurface, layout: PathsLayout, stepText: string, hideNames = false): void {
  ctx.save();
  ctx.fillStyle = THEME.text;
  ctx.font = font(FONT_PX.title, 'bold');
  ctx.textBaseline = 'top';
  ctx.fillText(hideNames ? `Which optimiser? · ${surface.label}` : `Optimiser paths · ${surface.label}`, 12, MARGIN.top);
  if (stepText) {
    ctx.textAlign = 'right';
    ctx.font = font(FONT_PX.label, 'bold');
    ctx.fillText(stepText, layout.width - 12, MARGIN.top + 2);
    ctx.textAlign = 'left';
  }
  ctx.font = font(FONT_PX.label);
  ctx.fillStyle = THEME.mutedText;
  if (!hideNames) layout.titleLines.forEach((line, i) => ctx.fillText(line, 12, MARGIN.top + FONT_PX.title + 8 + i * (FONT_PX.label + 4)));
  ctx.restore();
}

function drawBackground(surface: LossSurface, paths: readonly OptimizerPath[], widthPx: number, pixelRatio: number | undefined): { card: Card; layout: PathsLayout; map: AxisMapping } {
  const probe = createCanvas(10, 10).getContext('2d');
  const layout = layoutPicture(probe, surface, widthPx, paths.length);
  const card = createCard(layout.width, layout.height, pixelRatio);
  const { ctx } = card;
  writeContours(ctx, surface, layout.plot);
  drawAxes(ctx, layout.plot, surface.domain.x, surface.domain.y, ['x', 'y']);
  const map = axisMapping(layout.plot, surface.domain.x, surface.domain.y);
  drawMarkers(ctx, surface, map);
  return { card, layout, map };
}

function describePaths(surface: LossSurface, paths: readonly OptimizerPath[]): string {
  const outcomes = paths.map((p) => `${pathLabel(p.optimizer)} ${p.stopReason === 'diverged' ? 'diverged' : `ends at f = ${formatLoss(p.values[p.values.length - 1])}`}`);
  const steps = Math.max(...paths.map((p) => p.values.length - 1));
  return `Contour plot of the ${surface.label} loss surface with the paths of ${paths.map((p) => pathLabel(p.optimizer)).join(', ')} `
    + `from the same start (${surface.start.join(', ')}), ${steps} steps each: ${outcomes.join('; ')}. ${surface.description}`;
}

function resolve(surfaceName: SurfaceName, options: OptimizerPathsOptions): { surface: LossSurface; paths: OptimizerPath[]; widthPx: number } {
  const surface = getSurface(surfaceName);
  const widthPx = Math.max(360, Math.min(1200, Math.round(options.widthPx ?? 640)));
  return { surface, paths: computePaths(surface, options), widthPx };
}

/** Where an animation frame can differ from the one before: the step counter, the legend, and the plot around the paths' new stretch and old and new heads. */
function changedRegions(layout: PathsLayout, paths: readonly OptimizerPath[], map: AxisMapping, fromStep: number, toStep: number): Rect[] {
  const plot = layout.plot;
  let left = Infinity, right = -Infinity, top = Infinity, bottom = -Infinity;
  for (const path of paths) {
    const last = path.values.length - 1;
    for (let i = Math.min(fromStep, last); i <= Math.min(toStep, last); i++) {
      const x = map.px(path.points[2 * i]), y = map.py(path.points[2 * i + 1]);
      if (x < left) left = x;
      if (x > right) right = x;
      if (y < top) top = y;
      if (y > bottom) bottom = y;
    }
  }
  const pad = 10; // head radius, its outline and the line's half-width, with room for anti-aliasing
  const regions: Rect[] = [
    { left: 0, top: MARGIN.top - 2, width: layout.width, height: FONT_PX.title + 6 },
    { left: 0, top: layout.legendTop, width: layout.width, height: layout.legendRows * LEGEND_ROW_PX },
  ];
  const x0 = Math.max(plot.left, Math.floor(left - pad)), x1 = Math.min(plot.left + plot.width, Math.ceil(right + pad));
  const y0 = Math.max(plot.top, Math.floor(top - pad)), y1 = Math.min(plot.top + plot.height, Math.ceil(bottom + pad));
  if (x1 > x0 && y1 > y0) regions.push({ left: x0, top: y0, width: x1 - x0, height: y1 - y0 });
  return regions;
}

/** Reads a layout-px region of the canvas back into the same place of a full-frame RGBA buffer. */
function copyRegionInto(ctx: SKRSContext2D, region: Rect, target: Uint8ClampedArray, deviceWidth: number): void {
  const device = devicePixelRect(ctx, region.left, region.top, region.width, region.height);
  const width = Math.min(device.width, deviceWidth - device.left);
  const height = Math.min(device.height, target.length / 4 / deviceWidth - device.top);
  if (width <= 0 || height <= 0) return;
  const pixels = ctx.getImageData(device.left, device.top, width, height).data;
  for (let y = 0; y < height; y++) {
    target.set(pixels.subarray(y * width * 4, (y + 1) * width * 4), ((device.top + y) * deviceWidth + device.left) * 4);
  }
}

/** Optimiser paths over a loss surface as a PNG (`optimizers.png`). */
export async function renderOptimizerPaths(surfaceName: SurfaceName, options: OptimizerPathsOptions = {}): Promise<RenderedImage> {
  const { surface, paths, widthPx } = resolve(surfaceName, options);
  const { card, layout, map } = drawBackground(surface, paths, widthPx, options.pixelRatio);
  const { canvas, ctx } = card;
  drawHeader(ctx, surface, layout, '', options.hideNames);
  drawPathLines(ctx, paths, map, layout.plot, 0, Infinity, options.hideNames);
  drawPathHeads(ctx, paths, map, layout.plot, Infinity, options.hideNames);
  drawLegend(ctx, layout, paths, Infinity, options.hideNames);
  const alt = options.hideNames ? `Contour plot of the ${surface.label} loss surface with an optimiser's path from the start point (names hidden).` : describePaths(surface, paths);
  return toPngImage(canvas, 'optimizers.png', alt);
}

/** The same picture animated: the paths grow step by step, then the last frame holds (`optimizers.gif`). */
export async function renderOptimizerPathsGif(surfaceName: SurfaceName, options: OptimizerPathsGifOptions = {}): Promise<RenderedImage> {
  const { surface, paths, widthPx } = resolve(surfaceName, options);
  const frameCount = Math.max(2, Math.min(120, Math.round(options.frames ?? 50)));
  const background = drawBackground(surface, paths, widthPx, options.pixelRatio);
  const { layout, map } = background;
  const ratio = background.card.pixelRatio;
  const { canvas, ctx } = createCard(layout.width, layout.height, ratio);
  const steps = Math.max(...paths.map((p) => p.values.length - 1));
  const hideNames = options.hideNames ?? false;
  const drawOverlay = (step: number) => {
    drawHeader(ctx, surface, layout, `step ${step} of ${steps}`, hideNames);
    drawPathHeads(ctx, paths, map, layout.plot, step, hideNames);
    drawLegend(ctx, layout, paths, step, hideNames);
  };
  // The palette comes from the first frame (no path yet) and the last (every path complete).
  drawCardAt(ctx, background.card);
  drawPathLines(ctx, paths, map, layout.plot, 0, Infinity, hideNames);
  drawOverlay(steps);
  const lastFrame = captureFrame(canvas, 2500);
  // The trails only grow: keep them on the background's card and add each frame's new segments.
  // Only the step counter, the legend and the stretch of plot the paths moved through change from
  // one frame to the next, so only those regions are redrawn and read back.
  const trails = background.card;
  drawCardAt(ctx, trails);
  drawOverlay(0);
  const firstFrame = captureFrame(canvas, 90);
  const writer = new GifWriter({ width: canvas.width, height: canvas.height, pixelRatio: ratio }, [firstFrame, lastFrame]);
  writer.add(firstFrame);
  let shown: Uint8ClampedArray = firstFrame.rgba;
  let spare: Uint8ClampedArray = new Uint8ClampedArray(shown.length);
  let drawnStep = 0;
  for (let f = 1; f < frameCount - 1; f++) {
    // Ease-out in time: early steps (where paths differ most) get more frames.
    const t = f / (frameCount - 1);
    const step = Math.round(steps * (1 - (1 - t) ** 2));
    drawPathLines(trails.ctx, paths, map, layout.plot, drawnStep, step, hideNames);
    const regions = changedRegions(layout, paths, map, drawnStep, step);
    drawnStep = Math.max(drawnStep, step);
    ctx.save();
    ctx.beginPath();
    for (const r of regions) ctx.rect(r.left, r.top, r.width, r.height);
    ctx.clip();
    drawCardAt(ctx, trails);
    drawOverlay(step);
    ctx.restore();
    spare.set(shown);
    for (const r of regions) copyRegionInto(ctx, r, spare, canvas.width);
    writer.add({ rgba: spare, delayMs: 90 });
    [shown, spare] = [spare, shown];
  }
  writer.add(lastFrame);
  const alt = hideNames ? `Animation: contour plot of the ${surface.label} loss surface with optimiser paths growing from the start point (names hidden).` : `Animation: ${describePaths(surface, paths)}`;
  return writer.finish('optimizers.gif', alt);
}
