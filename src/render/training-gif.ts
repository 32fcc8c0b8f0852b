/**
 * The training animation: the decision boundary evolving over the run's snapshots, with the
 * epoch, the losses and a small loss curve growing beside it. Loops; stays under 8 MiB.
 */
import { predictGrid } from '../engine/grid.ts';
import type { Dataset, TrainResult } from '../engine/types.ts';
import { drawBoundaryPanel, PLANE_DOMAIN } from './boundary-panel.ts';
import { createCard, drawCardAt, drawCardHeading, fitText, type SKRSContext2D } from './canvas.ts';
import { datasetTitleName, describeNetwork, describeTestScore, formatLoss } from './format.ts';
import { captureFrame, GifWriter, paletteSampleIndices, type GifFrame } from './gif.ts';
import { drawMiniLoss, MINI_LOSS_LABEL_PX, miniLossScale } from './mini-loss.ts';
import { drawAxes, niceTicks, type Rect } from './axes.ts';
import type { PlotRect } from './plane.ts';
import { font, FONT_PX, THEME } from './theme.ts';
import type { PixelRatioOption, RenderedImage } from './types.ts';

export interface TrainingGifOptions extends PixelRatioOption {
  /** Frames (20–60, default 40); fewer when the result has fewer snapshots. */
  frames?: number;
  /** Picture width in px (default 480). */
  widthPx?: number;
  /** Grid cells per side for each frame's boundary (default 80). */
  resolution?: number;
}

/** Evenly spread indices into `count` items, `wanted` of them (all when there are fewer). */
export function pickFrameIndices(count: number, wanted: number): number[] {
  if (count <= wanted) return Array.from({ length: count }, (_, i) => i);
  return Array.from({ length: wanted }, (_, i) => Math.round((i * (count - 1)) / (wanted - 1)));
}

/** Lines of the text block beside the boundary: epoch (bold, larger), training loss, test loss, test accuracy. */
const SIDE_LINES = 4;
const SIDE_LINE_PX = FONT_PX.label + 7;

/** Boundary square on the left; a text block and, under it with a clear gap, a mini loss chart on the right. */
export function trainingGifLayout(widthPx: number): { plot: PlotRect; heightPx: number; sideLeft: number; sideWidth: number; textTop: number; chartRect: Rect } {
  const axisLeft = 34;
  const sideWidth = Math.round(Math.max(160, widthPx * 0.36));
  const size = widthPx - axisLeft - sideWidth - 20;
  const headerPx = 12 + FONT_PX.title + 8 + FONT_PX.small + 8;
  const plot = { left: axisLeft, top: headerPx, size };
  const sideLeft = axisLeft + size + 20;
  const textHeight = (FONT_PX.title + 8) + (SIDE_LINES - 1) * SIDE_LINE_PX;
  const chartTop = headerPx + textHeight + 18;
  const chartLeft = sideLeft + MINI_LOSS_LABEL_PX;
  return {
    plot,
    heightPx: headerPx + size + 30,
    sideLeft,
    sideWidth,
    textTop: headerPx,
    chartRect: { left: chartLeft, top: chartTop, width: widthPx - chartLeft - 14, height: headerPx + size - chartTop },
  };
}

const FRAME_DELAY_MS = 110;
const LAST_FRAME_DELAY_MS = 2500;

/** Animated decision boundary over training as a GIF (`training.gif`); needs `result.snapshots`. */
export async function renderTrainingGif(result: TrainResult, dataset: Dataset, options: TrainingGifOptions = {}): Promise<RenderedImage> {
  const animation = prepareTrainingAnimation(result, dataset, options);
  // The palette comes from the first, middle and last frames; those are drawn first and kept.
  const sampled = new Map(paletteSampleIndices(animation.frameCount).map((i) => [i, animation.drawFrame(i)]));
  const writer = new GifWriter({ width: animation.deviceWidth, height: animation.deviceHeight, pixelRatio: animation.pixelRatio }, [...sampled.values()]);
  for (let i = 0; i < animation.frameCount; i++) writer.add(sampled.get(i) ?? animation.drawFrame(i));
  return writer.finish('training.gif', animation.alt);
}

/** The animation's frames, its size in layout px and in device pixels (the frames' size), and its alt text. */
export interface TrainingFrames {
  frames: GifFrame[];
  widthPx: number;
  heightPx: number;
  deviceWidth: number;
  deviceHeight: number;
  pixelRatio: number;
  alt: string;
}

/** The animation's frames as RGBA pixels, all drawn up front (for tests and previews; renderTrainingGif streams them). */
export function drawTrainingFrames(result: TrainResult, dataset: Dataset, options: TrainingGifOptions = {}): TrainingFrames {
  const { drawFrame, frameCount, ...rest } = prepareTrainingAnimation(result, dataset, options);
  return { ...rest, frames: Array.from({ length: frameCount }, (_, i) => drawFrame(i)) };
}

/** A training animation ready to draw: `drawFrame(i)` draws frame i of `frameCount` (in any order). */
export interface TrainingAnimation extends Omit<TrainingFrames, 'frames'> {
  frameCount: number;
  drawFrame(index: number): GifFrame;
}

/** Checks the options, lays the animation out and draws what all frames share (heading, axes). */
export function prepareTrainingAnimation(result: TrainResult, dataset: Dataset, options: TrainingGifOptions = {}): TrainingAnimation {
  if (result.snapshots.length === 0) {
    throw new Error('This run has no snapshots to animate: train it with snapshotEvery > 0 (e.g. epochs / 40).');
  }
  const requested = options.frames ?? 40;
  if (!Number.isInteger(requested) || requested < 2 || requested > 120) throw new Error(`Option frames must be a whole number from 2 to 120; got ${requested}.`);
  const widthPx = Math.max(360, Math.min(1000, Math.round(options.widthPx ?? 480)));
  const resolution = options.resolution ?? 80;
  const snapshots = pickFrameIndices(result.snapshots.length, requested).map((i) => result.snapshots[i]);

  const { plot, heightPx, sideLeft, sideWidth, textTop, chartRect } = trainingGifLayout(widthPx);
  const size = plot.size;
  const background = createCard(widthPx, heightPx, options.pixelRatio);
  drawCardHeading(background.ctx, widthPx, `Training · ${datasetTitleName(dataset)} · ${describeNetwork(result.network)}`, describeShownPoints(dataset));
  const ticks = niceTicks(PLANE_DOMAIN[0], PLANE_DOMAIN[1], 3);
  drawAxes(background.ctx, { left: plot.left, top: plot.top, width: size, height: size }, PLANE_DOMAIN, PLANE_DOMAIN, ['', ''], { x: ticks, y: ticks });

  const { canvas, ctx } = createCard(widthPx, heightPx, background.pixelRatio);
  const scale = miniLossScale(result.history);
  const lastEpoch = result.history[result.history.length - 1]?.epoch ?? 0;
  const accuracyByEpoch = new Map(result.history.map((e) => [e.epoch, e.testAccuracy]));
  const drawFrame = (i: number): GifFrame => {
    const snapshot = snapshots[i];
    drawCardAt(ctx, background);
    const grid = predictGrid({ ...result.network, params: snapshot.params }, resolution, PLANE_DOMAIN);
    // Training points only: test points would double the clutter in a small moving picture.
    drawBoundaryPanel(ctx, plot, dataset, { grid, axes: false, showVal: false, showTest: false });
    const accuracy = accuracyByEpoch.get(snapshot.epoch);
    drawSideText(ctx, sideLeft, textTop, sideWidth - 12, [
      [`epoch ${snapshot.epoch} / ${lastEpoch}`, THEME.text, true],
      [`train loss ${formatLoss(snapshot.trainLoss)}`, THEME.train, false],
      [`test loss ${formatLoss(snapshot.testLoss)}`, THEME.test, false],
      [accuracy !== undefined ? `test acc ${(accuracy * 100).toFixed(1)}%` : '', THEME.text, false],
    ]);
    drawMiniLoss(ctx, chartRect, result.history, scale, snapshot.epoch);
    return captureFrame(canvas, i === snapshots.length - 1 ? LAST_FRAME_DELAY_MS : FRAME_DELAY_MS);
  };

  const first = snapshots[0];
  const last = snapshots[snapshots.length - 1];
  const alt = `Animation in ${snapshots.length} frames of the decision boundary of a ${describeNetwork(result.network)} network learning the ${datasetTitleName(dataset)} dataset, `
    + `from epoch ${first.epoch} to epoch ${last.epoch}: the orange and blue regions reshape to fit the points while a small chart beside it shows `
    + `training loss going from ${formatLoss(first.trainLoss)} to ${formatLoss(last.trainLoss)} and test loss from ${formatLoss(first.testLoss)} to ${formatLoss(last.testLoss)}. `
    + `Final ${describeTestScore(result)}.`;
  return { frameCount: snapshots.length, drawFrame, widthPx, heightPx, deviceWidth: canvas.width, deviceHeight: canvas.height, pixelRatio: background.pixelRatio, alt };
}

/** "250 training points (test points hidden)": the animation draws training points only. */
export function describeShownPoints(dataset: Dataset): string {
  const hidden = [...(dataset.val.length > 0 ? ['validation'] : []), ...(dataset.test.length > 0 ? ['test'] : [])];
  return `${dataset.train.length} training points${hidden.length ? ` (${hidden.join(' and ')} points hidden)` : ''}`;
}

function drawSideText(ctx: SKRSContext2D, left: number, top: number, maxWidth: number, lines: [string, string, boolean][]): void {
  ctx.save();
  ctx.textBaseline = 'top';
  lines.forEach(([text, color, bold], i) => {
    ctx.font = font(bold ? FONT_PX.title : FONT_PX.label, bold ? 'bold' : 'normal');
    ctx.fillStyle = color;
    ctx.fillText(fitText(ctx, text, maxWidth), left, i === 0 ? top : top + FONT_PX.title + 8 + (i - 1) * SIDE_LINE_PX);
  });
  ctx.restore();
}
