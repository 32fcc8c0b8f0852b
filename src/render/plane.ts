/**
 * The input plane (x1 across, x2 up) as a square plot: grid predictions written straight into
 * ImageData as a smooth heatmap, axes from the domain, and data points on top.
 */
import type { GridPrediction, Point, ProblemKind } from '../engine/types.ts';
import { createCanvas } from '@napi-rs/canvas';
import { devicePixelRect, pixelRatioOf, type Canvas, type SKRSContext2D } from './canvas.ts';
import { buildScoreLut, classRgbs, labelColor, probabilitiesToRgb, SCORE_LUT_SIZE, type Rgb } from './colors.ts';
import { drawAxes, niceTicks } from './axes.ts';

/** Where the plot square sits on the canvas, in px. */
export interface PlotRect {
  left: number;
  top: number;
  size: number;
}

/** Maps plane coordinates to canvas pixels; x2 grows upwards. */
export interface PlaneMapping {
  px(x1: number): number;
  py(x2: number): number;
}

/** Mapping for a square domain [lo, hi]² drawn into `rect` (y axis pointing up). */
export function planeMapping(rect: PlotRect, domain: readonly [number, number]): PlaneMapping {
  const [lo, hi] = domain;
  const scale = rect.size / (hi - lo);
  return {
    px: (x1) => rect.left + (x1 - lo) * scale,
    py: (x2) => rect.top + (hi - x2) * scale,
  };
}

export interface HeatmapOptions {
  /** Show only the predicted class (binary/multi-class) or 0.2-wide value bands (regression). */
  discretize?: boolean;
  /** Blend towards white (0–1) so points on top stay visible. */
  lighten?: number;
}

type CanvasImageData = ReturnType<SKRSContext2D['createImageData']>;
const imageDataCache = new Map<string, CanvasImageData>();

/**
 * A pixel buffer of the given size, reused from call to call: allocating and zeroing a fresh
 * megabyte-sized buffer for every heatmap (every frame of an animation) costs more than filling
 * it. Callers overwrite every pixel and put it before anything else can ask for the same size.
 */
function reusableImageData(ctx: SKRSContext2D, width: number, height: number): CanvasImageData {
  const key = `${width}x${height}`;
  let image = imageDataCache.get(key);
  if (!image) {
    if (imageDataCache.size >= 8) imageDataCache.clear();
    image = ctx.createImageData(width, height);
    imageDataCache.set(key, image);
  }
  return image;
}

const lutCache = new Map<number, Uint32Array>();

/** The score scale as opaque RGBA pixels packed in 32-bit words (one store per pixel instead of four). */
function packedScoreLut(lighten: number): Uint32Array {
  let packed = lutCache.get(lighten);
  if (!packed) {
    const lut = buildScoreLut(lighten);
    packed = new Uint32Array(SCORE_LUT_SIZE);
    const bytes = new Uint8Array(packed.buffer);
    for (let i = 0; i < SCORE_LUT_SIZE; i++) bytes.set([lut[i * 3], lut[i * 3 + 1], lut[i * 3 + 2], 255], i * 4);
    lutCache.set(lighten, packed);
  }
  return packed;
}

/**
 * Writes the grid as a heatmap filling `rect`: values are interpolated bilinearly between cell
 * centres (so the boundary is smooth, not blocky), then coloured. Binary scores and regression
 * values use the Playground scale on [−1, 1]; multi-class probabilities mix the class hues.
 */
export function writeHeatmap(ctx: SKRSContext2D, grid: GridPrediction, rect: PlotRect, options: HeatmapOptions = {}): void {
  // Colours are computed per layout px and the picture's pixel ratio is reached by Skia's bilinear
  // upscaling: the heatmap only holds a 100×100 grid's detail, so this looks the same at a quarter
  // of the per-pixel work of a 2x picture.
  const device = devicePixelRect(ctx, rect.left, rect.top, rect.size, rect.size);
  const ratio = pixelRatioOf(ctx);
  const size = ratio > 1 ? Math.round(rect.size) : device.width;
  const image = reusableImageData(ctx, size, size);
  const pixels = image.data;
  const resolution = grid.resolution;
  const channels = grid.channels;
  const values = grid.values;
  const discretize = options.discretize ?? false;
  const lighten = options.lighten ?? 0;
  const lut = packedScoreLut(lighten);
  const multiclass = grid.kind === 'multiclass';
  const hues = multiclass ? classRgbs(channels).map((c) => blendWhite(c, lighten)) : [];
  const mixed: Rgb = [0, 0, 0];
  const probabilities = new Float64Array(channels);

  // Per column/row: the two neighbouring cell indices and the interpolation weight.
  const index0 = new Int32Array(size);
  const index1 = new Int32Array(size);
  const weight = new Float64Array(size);
  for (let p = 0; p < size; p++) {
    let g = ((p + 0.5) * resolution) / size - 0.5;
    if (g < 0) g = 0;
    if (g > resolution - 1) g = resolution - 1;
    const i0 = Math.floor(g);
    index0[p] = i0;
    index1[p] = Math.min(i0 + 1, resolution - 1);
    weight[p] = g - i0;
  }

  if (!multiclass) {
    writeScalarPixels(new Uint32Array(pixels.buffer, pixels.byteOffset, size * size), size, values, resolution, index0, index1, weight, lut, discretize, grid.kind === 'regression');
  } else {
    let o = 0;
    for (let py = 0; py < size; py++) {
      const r0 = index0[py] * resolution;
      const r1 = index1[py] * resolution;
      const wy = weight[py];
      for (let px = 0; px < size; px++) {
        const c0 = index0[px];
        const c1 = index1[px];
        const wx = weight[px];
        const w00 = (1 - wx) * (1 - wy), w01 = wx * (1 - wy), w10 = (1 - wx) * wy, w11 = wx * wy;
        let best = 0;
        for (let c = 0; c < channels; c++) {
          probabilities[c] = values[(r0 + c0) * channels + c] * w00 + values[(r0 + c1) * channels + c] * w01
            + values[(r1 + c0) * channels + c] * w10 + values[(r1 + c1) * channels + c] * w11;
          if (probabilities[c] > probabilities[best]) best = c;
        }
        const rgb = discretize ? hues[best] : probabilitiesToRgb(probabilities, 0, channels, hues, mixed);
        pixels[o] = rgb[0];
        pixels[o + 1] = rgb[1];
        pixels[o + 2] = rgb[2];
        pixels[o + 3] = 255;
        o += 4;
      }
    }
  }
  if (ratio > 1) {
    const scratch = reusableScratchCanvas(size);
    scratch.getContext('2d').putImageData(image, 0, 0);
    ctx.save();
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(scratch, rect.left, rect.top, rect.size, rect.size);
    ctx.restore();
  } else {
    ctx.putImageData(image, device.left, device.top);
  }
}

const scratchCanvases = new Map<number, Canvas>();

/** A square scratch canvas of the given size, reused between heatmaps. */
function reusableScratchCanvas(size: number): Canvas {
  let canvas = scratchCanvases.get(size);
  if (!canvas) {
    if (scratchCanvases.size >= 8) scratchCanvases.clear();
    canvas = createCanvas(size, size);
    scratchCanvases.set(size, canvas);
  }
  return canvas;
}

/**
 * Binary scores and regression values: interpolate the two neighbouring grid rows once per pixel
 * row, then only horizontally per pixel, and look the colour up in the scale's table.
 */
function writeScalarPixels(
  pixels: Uint32Array, size: number, values: Float64Array, resolution: number,
  index0: Int32Array, index1: Int32Array, weight: Float64Array, lut: Uint32Array, discretize: boolean, isRegression: boolean,
): void {
  const row = new Float64Array(resolution);
  const lutMax = SCORE_LUT_SIZE - 1;
  let o = 0;
  for (let py = 0; py < size; py++) {
    const r0 = index0[py] * resolution;
    const r1 = index1[py] * resolution;
    const wy = weight[py];
    for (let c = 0; c < resolution; c++) row[c] = values[r0 + c] + (values[r1 + c] - values[r0 + c]) * wy;
    for (let px = 0; px < size; px++) {
      const a = row[index0[px]];
      let v = a + (row[index1[px]] - a) * weight[px];
      if (v !== v) v = 0; // NaN (a diverged network) shows as undecided grey
      if (discretize) v = isRegression ? Math.round(v * 5) / 5 : v >= 0 ? 1 : -1;
      if (v > 1) v = 1;
      else if (v < -1) v = -1;
      pixels[o++] = lut[((v + 1) * 0.5 * lutMax + 0.5) | 0];
    }
  }
}

function blendWhite(c: Rgb, t: number): Rgb {
  return [c[0] + (255 - c[0]) * t, c[1] + (255 - c[1]) * t, c[2] + (255 - c[2]) * t];
}

/** Frame, ticks (every 2 units on [−6, 6]), tick labels and the x1 / x2 axis names around a plot square. */
export function drawPlaneAxes(ctx: SKRSContext2D, rect: PlotRect, domain: readonly [number, number], labels: [string, string] = ['x1', 'x2']): void {
  const ticks = niceTicks(domain[0], domain[1], rect.size < 200 ? 3 : 6);
  drawAxes(ctx, { left: rect.left, top: rect.top, width: rect.size, height: rect.size }, domain, domain, labels, { x: ticks, y: ticks });
}

/** How a split's points are drawn: training = circles, validation = triangles, test = diamonds. */
export type PointRole = 'train' | 'val' | 'test';

/** The words for each split in a legend, next to its drawn marker. */
export const POINT_ROLE_LABEL: Record<PointRole, string> = {
  train: 'training',
  val: 'validation',
  test: 'test',
};

const POINT_OUTLINE = 'rgba(31,35,40,0.9)';

/**
 * Draws points in their label colour. Training points are filled circles with a thin grey outline
 * (so a point stays visible on a region of its own colour). Validation and test points are hollow
 * triangles and diamonds, a coloured line over a dark one: where the splits overlap (the spiral's
 * test points sit right on its training points) the training dot still shows through.
 */
export function drawPoints(ctx: SKRSContext2D, map: PlaneMapping, points: readonly Point[], kind: ProblemKind, role: PointRole, radiusPx: number): void {
  // Each marker is drawn once per colour into a small sprite and stamped at every point: stroking
  // hundreds of outlines one by one costs far more than copying a few pixels each.
  const ratio = pixelRatioOf(ctx);
  const sprites = new Map<string, MarkerSprite>();
  for (const p of points) {
    const color = labelColor(p.label, kind);
    let sprite = sprites.get(color);
    if (!sprite) sprites.set(color, (sprite = drawMarkerSprite(color, role, radiusPx, ratio)));
    // Snap to whole device pixels so the sprite is copied, not resampled.
    const x = Math.round((map.px(p.x1) - sprite.half) * ratio) / ratio;
    const y = Math.round((map.py(p.x2) - sprite.half) * ratio) / ratio;
    ctx.drawImage(sprite.canvas, x, y, sprite.size, sprite.size);
  }
}

interface MarkerSprite {
  canvas: Canvas;
  /** Side in layout px, and the marker's centre offset from the sprite's corner. */
  size: number;
  half: number;
}

/** One marker on a transparent square canvas at the given pixel ratio, centred on a whole device pixel. */
function drawMarkerSprite(color: string, role: PointRole, radiusPx: number, ratio: number): MarkerSprite {
  const half = Math.ceil((radiusPx * 1.4 + 3) * ratio) / ratio;
  const size = 2 * half;
  const canvas = createCanvas(Math.round(size * ratio), Math.round(size * ratio));
  const ctx = canvas.getContext('2d');
  ctx.scale(ratio, ratio);
  ctx.beginPath();
  tracePointShape(ctx, half, half, radiusPx, role);
  strokePointShapes(ctx, color, role, radiusPx);
  return { canvas, size, half };
}

/** Paints the current path of markers: filled circles for training, hollow outlines otherwise. */
function strokePointShapes(ctx: SKRSContext2D, color: string, role: PointRole, radiusPx: number): void {
  if (role === 'train') {
    ctx.fillStyle = color;
    ctx.fill();
    ctx.lineWidth = 1;
    ctx.strokeStyle = 'rgba(31,35,40,0.5)';
    ctx.stroke();
    return;
  }
  const line = Math.max(1.2, Math.min(2, radiusPx * 0.4));
  ctx.lineJoin = 'round';
  ctx.lineWidth = line + 1.2;
  ctx.strokeStyle = POINT_OUTLINE;
  ctx.stroke();
  ctx.lineWidth = line;
  ctx.strokeStyle = color;
  ctx.stroke();
}

/** One marker as in the plot (filled circle, hollow triangle or diamond), for legends. */
export function drawPointMarker(ctx: SKRSContext2D, x: number, y: number, radiusPx: number, role: PointRole, color: string): void {
  ctx.save();
  ctx.beginPath();
  tracePointShape(ctx, x, y, radiusPx, role);
  strokePointShapes(ctx, color, role, radiusPx);
  ctx.restore();
}

function tracePointShape(ctx: SKRSContext2D, x: number, y: number, r: number, role: PointRole): void {
  if (role === 'train') {
    ctx.moveTo(x + r, y);
    ctx.arc(x, y, r, 0, Math.PI * 2);
  } else if (role === 'test') {
    const d = r * 1.35;
    ctx.moveTo(x, y - d);
    ctx.lineTo(x + d, y);
    ctx.lineTo(x, y + d);
    ctx.lineTo(x - d, y);
    ctx.closePath();
  } else {
    const d = r * 1.3;
    ctx.moveTo(x, y - d);
    ctx.lineTo(x + d * 0.95, y + d * 0.7);
    ctx.lineTo(x - d * 0.95, y + d * 0.7);
    ctx.closePath();
  }
}
