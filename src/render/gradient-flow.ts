/**
 * Mean |∂L/∂w| of each weight layer per epoch on a log axis: when the first layers' lines sit
 * orders of magnitude below the last layer's, the gradient is vanishing on its way back.
 */
import type { ChartConfiguration, ChartDataset } from 'chart.js';
import type { TrainResult } from '../engine/types.ts';
import { toPngImage } from './canvas.ts';
import { axisTitle, epochTicks, CHART_PADDING, chartHeading, renderChartCanvas, thinOut } from './chart.ts';
import { describeNetwork, wrapByChars } from './format.ts';
import type { PixelRatioOption, RenderedImage } from './types.ts';

type XY = { x: number; y: number | null };

/** From light (input side) to dark (output side), so depth reads as a gradient of colour. */
const LAYER_RAMP = ['#f59f00', '#e8590c', '#c2255c', '#9c36b5', '#5f3dc4', '#1971c2', '#0c8599', '#2b8a3e', '#5c940d', '#343a40'];

function layerColor(index: number, count: number): string {
  if (count <= 1) return LAYER_RAMP[LAYER_RAMP.length - 2];
  const at = Math.round((index / (count - 1)) * (LAYER_RAMP.length - 1));
  return LAYER_RAMP[at];
}

/** Name of weight layer `index` of `count` (input side first), e.g. "input → hidden 1". */
export function weightLayerLabel(index: number, count: number): string {
  const from = index === 0 ? 'input' : `hidden ${index}`;
  const to = index === count - 1 ? 'output' : `hidden ${index + 1}`;
  return `${from} → ${to}`;
}

/** Final ratio first-layer / last-layer mean |gradient|, or undefined when not measurable. */
export function firstToLastGradientRatio(result: TrainResult): number | undefined {
  for (let i = result.history.length - 1; i >= 0; i--) {
    const norms = result.history[i].gradNorms;
    if (norms.length < 2) return undefined;
    const first = norms[0];
    const last = norms[norms.length - 1];
    if (Number.isFinite(first) && Number.isFinite(last) && last > 0) return first / last;
  }
  return undefined;
}

function describeRatio(ratio: number): string {
  if (ratio === 0) return 'the first layer gets no gradient at all';
  if (ratio >= 0.1) return `the first layer's gradient is ${ratio.toPrecision(2)}× the last layer's`;
  return `the first layer's gradient is 1/${Math.round(1 / ratio).toLocaleString('en-US')} of the last layer's`;
}

export interface GradientFlowOptions extends PixelRatioOption {
  widthPx?: number;
  heightPx?: number;
  /** For quiz pictures: title and alt text do not name the activation (architecture only). */
  hideNames?: boolean;
}

/** The chart's title; with `hideNames` it gives the architecture without the activation. */
export function gradientFlowTitle(result: TrainResult, options: { hideNames?: boolean } = {}): string {
  return `Mean |gradient| per layer · ${describeNetwork(result.network, { hideNames: options.hideNames })}`;
}

/** Mean |gradient| per weight layer across epochs (log scale) as a PNG (`gradients.png`). */
export async function renderGradientFlow(result: TrainResult, options: GradientFlowOptions = {}): Promise<RenderedImage> {
  const layerCount = result.history.reduce((n, e) => Math.max(n, e.gradNorms.length), 0);
  const history = thinOut(result.history, 600);
  const datasets: ChartDataset<'line', XY[]>[] = [];
  for (let layer = 0; layer < layerCount; layer++) {
    const color = layerColor(layer, layerCount);
    datasets.push({
      label: weightLayerLabel(layer, layerCount),
      data: history.map((e) => {
        const v = e.gradNorms[layer];
        return { x: e.epoch, y: v !== undefined && v > 0 && Number.isFinite(v) ? v : null };
      }),
      borderColor: color,
      backgroundColor: color,
    });
  }
  const ratio = firstToLastGradientRatio(result);
  const subtitle = ratio === undefined ? 'one weight layer only: nothing to compare' : `at the end, ${describeRatio(ratio)}`;
  const lastEpoch = result.history.length > 0 ? result.history[result.history.length - 1].epoch : 1;
  const config: ChartConfiguration<'line', XY[]> = {
    type: 'line',
    data: { datasets },
    options: {
      parsing: false,
      layout: { padding: CHART_PADDING },
      plugins: {
        ...chartHeading(
          gradientFlowTitle(result, options),
          wrapByChars(subtitle, Math.floor((options.widthPx ?? 640) / 7.6)),
        ),
        legend: { position: 'bottom', labels: { boxWidth: 22, padding: 10 } },
      },
      scales: {
        x: {
          type: 'linear',
          min: result.history[0]?.epoch ?? 0,
          max: Math.max(lastEpoch, 1),
          title: axisTitle('epoch'),
          ...epochTicks(),
        },
        y: {
          type: 'logarithmic',
          title: axisTitle('mean |∂L/∂w| (log scale)'),
          ticks: { autoSkip: false, callback: (v) => formatLogTick(Number(v)) },
          afterBuildTicks: (scale) => {
            const ticks = logAxisTicks(scale.min, scale.max);
            if (ticks.length > 0) scale.ticks = ticks.map((value) => ({ value }));
          },
        },
      },
    },
  };
  const { canvas } = renderChartCanvas(config, options.widthPx ?? 640, options.heightPx ?? 420, options.pixelRatio);
  const activation = result.network.activation;
  const alt = layerCount === 0
    ? 'Gradient flow chart: no gradient norms were recorded.'
    : `Gradient flow of a ${describeNetwork(result.network, { hideNames: options.hideNames })} network: mean absolute gradient of each of ${layerCount} weight layers per epoch on a log scale; ${subtitle}.`
      + (ratio !== undefined && ratio < 0.01 ? ` The early layers learn far more slowly: a vanishing gradient${options.hideNames ? '' : ` (${activation})`}.` : '');
  return toPngImage(canvas, 'gradients.png', alt);
}

/**
 * Tick values for a log axis on [min, max] with at least 3 labels: one per power of ten when the
 * range spans two decades or more (every decade of the gap between layers is labelled), else
 * 1-2-5 steps, else 1-2-3-5, else every digit, else evenly spaced values for a range narrower than 1 to 9.
 */
export function logAxisTicks(min: number, max: number, maxTicks = 10): number[] {
  if (!(min > 0) || !(max >= min) || !Number.isFinite(max)) return [];
  const low = Math.floor(Math.log10(min));
  const high = Math.ceil(Math.log10(max));
  const inRange = (v: number) => v >= min * 0.999 && v <= max * 1.001;
  for (const mantissas of [[1], [1, 2, 5], [1, 2, 3, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9]]) {
    const ticks: number[] = [];
    for (let e = low; e <= high; e++) for (const m of mantissas) if (inRange(m * 10 ** e)) ticks.push(Number((m * 10 ** e).toPrecision(12)));
    if (ticks.length < 3) continue;
    if (ticks.length <= maxTicks) return ticks;
    const step = Math.ceil(ticks.length / maxTicks);
    return ticks.filter((_, i) => i % step === 0);
  }
  const step = (max - min) / 3;
  return [min, min + step, min + 2 * step, max].map((v) => Number(v.toPrecision(2)));
}

/** Short label for a log-axis tick: "0.05", "2", "3e-5". */
export function formatLogTick(value: number): string {
  if (!(value > 0)) return '';
  const exponent = Math.floor(Math.log10(value) + 1e-9);
  const mantissa = Number((value / 10 ** exponent).toPrecision(2));
  if (exponent >= -3 && exponent <= 3) return String(Number(value.toPrecision(2)));
  return `${mantissa}e${exponent}`;
}
