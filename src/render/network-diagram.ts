/**
 * A Playground-style network diagram: one column per layer, each neuron a thumbnail of its output
 * over the input plane, links coloured by the sign of the weight and thickened by its magnitude.
 */
import { features as featureTable } from '../engine/features.ts';
import { neuronGrids } from '../engine/grid.ts';
import type { NetworkData } from '../engine/types.ts';
import { createCard, devicePixelRect, drawCardHeading, fitText, toPngImage, type SKRSContext2D } from './canvas.ts';
import { buildScoreLut, classRgbs, SCORE_LUT_SIZE } from './colors.ts';
import { describeNetwork } from './format.ts';
import { font, FONT_PX, PLAYGROUND, THEME } from './theme.ts';
import type { PixelRatioOption, RenderedImage } from './types.ts';

export interface NetworkDiagramOptions extends PixelRatioOption {
  widthPx?: number;
  /** Most neurons drawn per layer; the rest are summarised as "+N more" (default 12). */
  maxNeuronsShown?: number;
}

const THUMB_RESOLUTION = 28;
const LUT = buildScoreLut(0);

/** Index of weight w[l][to][from] in the flat parameter vector (per layer: weights [out][in], then biases). */
export function weightIndex(layerSizes: readonly number[], layer: number, to: number, from: number): number {
  let offset = 0;
  for (let l = 0; l < layer; l++) offset += layerSizes[l + 1] * layerSizes[l] + layerSizes[l + 1];
  return offset + to * layerSizes[layer] + from;
}

/**
 * Paints one neuron's outputs as a thumbnail. Values are shown on the Playground's [−1, 1] scale;
 * when a neuron's outputs go beyond ±1 (ReLU, raw features) they are divided by their largest
 * magnitude first, so the pattern stays visible instead of saturating.
 */
function paintThumbnail(ctx: SKRSContext2D, values: Float64Array, left: number, top: number, sizePx: number, hue?: [number, number, number]): void {
  const size = Math.max(1, Math.round(sizePx));
  const device = devicePixelRect(ctx, Math.round(left), Math.round(top), size, size);
  let maxAbs = 0;
  for (const v of values) if (Math.abs(v) > maxAbs) maxAbs = Math.abs(v);
  const scale = maxAbs > 1 ? 1 / maxAbs : 1;
  const image = ctx.createImageData(device.width, device.height);
  const px = image.data;
  const r = THUMB_RESOLUTION;
  // Bilinear between cell centres, so thumbnails look smooth rather than blocky.
  const cell = (p: number, n: number) => Math.max(0, Math.min(r - 1, ((p + 0.5) * r) / n - 0.5));
  for (let y = 0; y < device.height; y++) {
    const gy = cell(y, device.height);
    const r0 = Math.floor(gy), r1 = Math.min(r - 1, r0 + 1), wy = gy - r0;
    for (let x = 0; x < device.width; x++) {
      const gx = cell(x, device.width);
      const c0 = Math.floor(gx), c1 = Math.min(r - 1, c0 + 1), wx = gx - c0;
      const v = scale * ((values[r0 * r + c0] * (1 - wx) + values[r0 * r + c1] * wx) * (1 - wy)
        + (values[r1 * r + c0] * (1 - wx) + values[r1 * r + c1] * wx) * wy);
      const o = (y * device.width + x) * 4;
      if (hue) {
        // Probability of one class: light grey → that class's hue.
        const t = Math.max(0, Math.min(1, v));
        px[o] = 232 + (hue[0] - 232) * t;
        px[o + 1] = 234 + (hue[1] - 234) * t;
        px[o + 2] = 235 + (hue[2] - 235) * t;
      } else {
        const li = Math.max(0, Math.min(SCORE_LUT_SIZE - 1, Math.round(((v + 1) / 2) * (SCORE_LUT_SIZE - 1))));
        px[o] = LUT[li * 3];
        px[o + 1] = LUT[li * 3 + 1];
        px[o + 2] = LUT[li * 3 + 2];
      }
      px[o + 3] = 255;
    }
  }
  ctx.putImageData(image, device.left, device.top);
  ctx.strokeStyle = THEME.axis;
  ctx.lineWidth = 1;
  ctx.strokeRect(Math.round(left) - 0.5, Math.round(top) - 0.5, size + 1, size + 1);
}

function layerTitle(network: NetworkData, layer: number): string {
  const last = network.layerSizes.length - 1;
  const n = network.layerSizes[layer];
  if (layer === 0) return `${n} input${n === 1 ? '' : 's'}`;
  if (layer === last) return 'output';
  return `${n} neuron${n === 1 ? '' : 's'}`;
}

/** The network as a Playground-style diagram (`network.png`). */
export async function renderNetworkDiagram(network: NetworkData, options: NetworkDiagramOptions = {}): Promise<RenderedImage> {
  const sizes = network.layerSizes;
  const layers = sizes.length;
  const maxShown = Math.max(2, options.maxNeuronsShown ?? 12);
  const shown = sizes.map((n) => Math.min(n, maxShown));
  const tallest = Math.max(...shown);
  const widthPx = Math.max(360, Math.min(1400, Math.round(options.widthPx ?? Math.max(480, Math.min(900, 150 + layers * 110)))));
  const leftPad = 76; // room for feature names
  const outputBoxMax = 64;
  const rightPad = outputBoxMax / 2 + 18;
  const columnGap = (widthPx - leftPad - rightPad) / Math.max(1, layers - 1);
  const box = Math.round(Math.max(14, Math.min(44, columnGap * 0.42, 520 / (tallest * 1.35))));
  const outputBox = Math.round(Math.min(box * 1.6, outputBoxMax));
  const rowGap = Math.round(box * 0.35);
  const headerPx = 12 + FONT_PX.title + 8 + FONT_PX.small + 14;
  const bodyPx = Math.max(tallest * box + (tallest - 1) * rowGap, outputBox) + (sizes.some((n) => n > maxShown) ? 22 : 0);
  const footerPx = 50;
  const heightPx = headerPx + bodyPx + footerPx;
  const { canvas, ctx } = createCard(widthPx, heightPx, options.pixelRatio);

  const grids = neuronGrids(network, THUMB_RESOLUTION);
  const columnX = (l: number) => (layers === 1 ? widthPx / 2 : leftPad + l * columnGap);
  const boxSize = (l: number) => (l === layers - 1 ? outputBox : box);
  const boxTop = (l: number, j: number) => {
    const size = boxSize(l);
    const total = shown[l] * size + (shown[l] - 1) * rowGap;
    return headerPx + (bodyPx - (sizes.some((n) => n > maxShown) ? 22 : 0) - total) / 2 + j * (size + rowGap);
  };
  const boxLeft = (l: number) => columnX(l) - boxSize(l) / 2;

  // Links first, so the boxes sit on top of them.
  let maxWeight = 0;
  for (const w of network.params) if (Math.abs(w) > maxWeight) maxWeight = Math.abs(w);
  ctx.save();
  ctx.lineCap = 'round';
  for (let l = 0; l < layers - 1; l++) {
    for (let to = 0; to < shown[l + 1]; to++) {
      for (let from = 0; from < shown[l]; from++) {
        const w = network.params[weightIndex(sizes, l, to, from)];
        if (!Number.isFinite(w) || w === 0) continue;
        const strength = Math.min(1, Math.abs(w) / Math.max(1, Math.min(5, maxWeight)));
        ctx.strokeStyle = w > 0 ? PLAYGROUND.positive : PLAYGROUND.negative;
        ctx.globalAlpha = 0.35 + 0.6 * strength;
        ctx.lineWidth = 0.6 + 5 * strength;
        const x0 = boxLeft(l) + boxSize(l);
        const y0 = boxTop(l, from) + boxSize(l) / 2;
        const x1 = boxLeft(l + 1);
        const y1 = boxTop(l + 1, to) + boxSize(l + 1) / 2;
        const mid = (x0 + x1) / 2;
        ctx.beginPath();
        ctx.moveTo(x0, y0);
        ctx.bezierCurveTo(mid, y0, mid, y1, x1, y1);
        ctx.stroke();
      }
    }
  }
  ctx.restore();

  const softmaxHues = network.output === 'softmax' ? classRgbs(sizes[layers - 1]) : undefined;
  ctx.font = font(FONT_PX.small);
  for (let l = 0; l < layers; l++) {
    for (let j = 0; j < shown[l]; j++) {
      paintThumbnail(ctx, grids[l][j], boxLeft(l), boxTop(l, j), boxSize(l), l === layers - 1 ? softmaxHues?.[j] : undefined);
    }
    if (sizes[l] > shown[l]) {
      ctx.fillStyle = THEME.mutedText;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'top';
      ctx.fillText(`+${sizes[l] - shown[l]} more`, columnX(l), boxTop(l, shown[l] - 1) + boxSize(l) + 6);
    }
  }
  // Feature names left of the input boxes, layer names above the columns.
  ctx.fillStyle = THEME.text;
  ctx.font = font(FONT_PX.label);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  network.features.slice(0, shown[0]).forEach((name, j) => ctx.fillText(featureTable[name]?.label ?? name, boxLeft(0) - 6, boxTop(0, j) + box / 2));
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.font = font(FONT_PX.small, 'bold');
  for (let l = 0; l < layers; l++) ctx.fillText(layerTitle(network, l), columnX(l), headerPx - 4);

  ctx.textAlign = 'left';
  const params = network.params.length;
  drawCardHeading(ctx, widthPx, `Network · ${describeNetwork(network)} · ${params} parameters`);

  // Footer legend: link colours and what the boxes show.
  const footerY = headerPx + bodyPx + 12;
  ctx.font = font(FONT_PX.small);
  ctx.textBaseline = 'middle';
  let x = 12;
  for (const [color, text] of [[PLAYGROUND.positive, 'positive weight'], [PLAYGROUND.negative, 'negative weight']] as const) {
    ctx.strokeStyle = color;
    ctx.lineWidth = 4;
    ctx.beginPath();
    ctx.moveTo(x, footerY + 6);
    ctx.lineTo(x + 22, footerY + 6);
    ctx.stroke();
    ctx.fillStyle = THEME.text;
    ctx.fillText(text, x + 28, footerY + 6);
    x += 28 + ctx.measureText(text).width + 16;
  }
  ctx.fillStyle = THEME.mutedText;
  ctx.fillText(fitText(ctx, 'thicker = larger |w|', widthPx - x - 12), x, footerY + 6);
  ctx.fillText(fitText(ctx, 'Each box shows that neuron\'s output over the input plane (x1 across, x2 up).', widthPx - 24), 12, footerY + 24);

  const alt = `Diagram of a ${describeNetwork(network)} network with ${params} parameters: inputs ${network.features.join(', ')}; `
    + `${layers - 2} hidden layer${layers - 2 === 1 ? '' : 's'}${layers > 2 ? ` of ${sizes.slice(1, -1).join(', ')} ${network.activation} neurons` : ''}; `
    + `each neuron is drawn as a small map of its output over the input plane (orange negative, blue positive), `
    + `and links are blue for positive and orange for negative weights, thicker for larger weights.`
    + (sizes.some((n) => n > maxShown) ? ` Layers wider than ${maxShown} show their first ${maxShown} neurons.` : '');
  return toPngImage(canvas, 'network.png', alt);
}
