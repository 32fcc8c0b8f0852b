/**
 * Chart.js 4 on @napi-rs/canvas: registration, defaults that read well in chat (opaque card,
 * legible fonts, no animation), and a plugin for labelled vertical markers (best epoch, divergence).
 */
import { Chart, registerables, type ChartConfiguration, type ChartType, type Plugin } from 'chart.js';
import { createCanvas } from '@napi-rs/canvas';
import { createCard, pixelRatioOf, type Canvas, type SKRSContext2D } from './canvas.ts';
import { FONT_FAMILY, FONT_PX, THEME, font } from './theme.ts';

let registered = false;

function registerChartJs(): void {
  if (registered) return;
  registered = true;
  Chart.register(...registerables);
  Chart.defaults.font.family = FONT_FAMILY;
  Chart.defaults.font.size = FONT_PX.tick;
  Chart.defaults.color = THEME.mutedText;
  Chart.defaults.borderColor = THEME.grid;
  Chart.defaults.animation = false;
  Chart.defaults.responsive = false;
  Chart.defaults.devicePixelRatio = 1;
  Chart.defaults.events = [];
  Chart.defaults.plugins.tooltip.enabled = false;
  Chart.defaults.plugins.title.color = THEME.text;
  Chart.defaults.plugins.title.font = { size: FONT_PX.title, weight: 'bold', family: FONT_FAMILY };
  Chart.defaults.plugins.legend.labels.color = THEME.text;
  Chart.defaults.plugins.legend.labels.boxHeight = 3;
  Chart.defaults.plugins.legend.labels.font = { size: FONT_PX.label, family: FONT_FAMILY };
  Chart.defaults.elements.point.radius = 0;
  Chart.defaults.elements.line.borderWidth = 2;
}

/** A vertical line at data value `x` on the x axis, with a short label at the top of the plot. */
export interface VerticalMarker {
  x: number;
  color: string;
  label: string;
  dash?: number[];
}

/** Draws `options.plugins.markers.lines` after the datasets (Chart.js has no built-in annotation plugin). */
export const verticalMarkerPlugin: Plugin = {
  id: 'markers',
  afterDatasetsDraw(chart, _args, options: { lines?: VerticalMarker[] }) {
    const lines = options.lines ?? [];
    const { ctx, chartArea } = chart;
    const xScale = chart.scales.x;
    lines.forEach((marker, index) => {
      const x = Math.round(xScale.getPixelForValue(marker.x)) + 0.5;
      if (x < chartArea.left - 1 || x > chartArea.right + 1) return;
      ctx.save();
      ctx.strokeStyle = marker.color;
      ctx.lineWidth = 2;
      ctx.setLineDash(marker.dash ?? [6, 4]);
      ctx.beginPath();
      ctx.moveTo(x, chartArea.top);
      ctx.lineTo(x, chartArea.bottom);
      ctx.stroke();
      ctx.setLineDash([]);
      if (!marker.label) {
        ctx.restore();
        return;
      }
      ctx.font = font(FONT_PX.small, 'bold');
      const textWidth = ctx.measureText(marker.label).width;
      const onLeft = x + 6 + textWidth > chartArea.right;
      const textX = Math.max(chartArea.left + 3, onLeft ? x - 6 - textWidth : x + 6);
      const textY = chartArea.top + 4 + index * (FONT_PX.small + 8);
      ctx.fillStyle = 'rgba(255,255,255,0.85)';
      ctx.fillRect(textX - 3, textY - 2, textWidth + 6, FONT_PX.small + 5);
      ctx.fillStyle = marker.color;
      ctx.textBaseline = 'top';
      ctx.fillText(marker.label, textX, textY);
      ctx.restore();
    });
  },
};

/** What a rendered chart leaves behind besides pixels: where its plot area is and how epochs map to px. */
export interface ChartLayout {
  chartArea: { left: number; right: number; top: number; bottom: number };
  xToPx(x: number): number;
  yToPx(y: number): number;
}

/**
 * Draws a Chart.js configuration into a region of an existing canvas. Chart.js clears its canvas
 * when it draws and again when destroyed, so it draws on a scratch canvas that is copied over
 * before the chart is destroyed. The chart is drawn at the target's pixel ratio (Chart.js's own
 * devicePixelRatio), so it stays sharp. Returned coordinates are in the target's layout px.
 */
export function drawChart<T extends ChartType>(config: ChartConfiguration<T>, target: SKRSContext2D, leftPx: number, topPx: number, widthPx: number, heightPx: number): ChartLayout {
  registerChartJs();
  const width = Math.round(widthPx);
  const height = Math.round(heightPx);
  const scratch = createCanvas(width, height);
  const withRatio = { ...config, options: { ...config.options, devicePixelRatio: pixelRatioOf(target) } } as ChartConfiguration;
  const chart = new Chart(scratch.getContext('2d') as unknown as CanvasRenderingContext2D, withRatio);
  try {
    target.drawImage(scratch, Math.round(leftPx), Math.round(topPx), width, height);
    const area = chart.chartArea;
    const xScale = chart.scales.x;
    const yScale = chart.scales.y;
    return {
      chartArea: { left: area.left + leftPx, right: area.right + leftPx, top: area.top + topPx, bottom: area.bottom + topPx },
      xToPx: (x) => xScale.getPixelForValue(x) + leftPx,
      yToPx: (y) => yScale.getPixelForValue(y) + topPx,
    };
  } finally {
    chart.destroy();
  }
}

/** Renders a Chart.js configuration onto a new opaque card of the given size (layout px). */
export function renderChartCanvas<T extends ChartType>(config: ChartConfiguration<T>, widthPx: number, heightPx: number, pixelRatio?: number): { canvas: Canvas; layout: ChartLayout } {
  const card = createCard(widthPx, heightPx, pixelRatio);
  const layout = drawChart(config, card.ctx, 0, 0, widthPx, heightPx);
  redrawBorder(card.ctx, card.widthPx, card.heightPx);
  return { canvas: card.canvas, layout };
}

/** The card's thin border, drawn again after charts have been copied on top. */
export function redrawBorder(ctx: SKRSContext2D, widthPx: number, heightPx: number): void {
  ctx.strokeStyle = THEME.border;
  ctx.lineWidth = 1;
  ctx.strokeRect(0.5, 0.5, widthPx - 1, heightPx - 1);
}

/** Space between a chart and the edge of its card (stacked panels set the touching side to 0). */
export const CHART_PADDING = { left: 6, right: 16, top: 4, bottom: 4 } as const;

/** A chart's heading: the bold title, and under it muted line(s) saying how to read the chart. */
export function chartHeading(title: string, subtitle: string | string[]) {
  return {
    title: { display: true, text: title, padding: { top: 8, bottom: 2 } },
    subtitle: { display: true, text: subtitle, color: THEME.mutedText, font: { size: FONT_PX.label }, padding: { bottom: 6 } },
  };
}

/** An axis title, in the text colour at label size (tick labels stay muted, see registerChartJs). */
export function axisTitle(text: string) {
  return { display: true, text, color: THEME.text, font: { size: FONT_PX.label } };
}

/** Fixes a y axis's width so that stacked charts share the same plot area left edge. */
export function fixedAxisWidth(widthPx: number): { afterFit(scale: { width: number }): void } {
  return { afterFit(scale) { scale.width = widthPx; } };
}

/** Keeps at most `maxPoints` evenly spread points (always the first and last), so long runs stay fast to draw. */
export function thinOut<T>(items: readonly T[], maxPoints: number, keep?: (item: T) => boolean): T[] {
  if (items.length <= maxPoints) return items.slice();
  const stride = items.length / maxPoints;
  const out: T[] = [];
  let next = 0;
  items.forEach((item, i) => {
    if (i >= next || i === items.length - 1 || (keep && keep(item))) {
      out.push(item);
      if (i >= next) next += stride;
    }
  });
  return out;
}

/** Whether a positive series spans enough orders of magnitude to need a log axis. */
export function needsLogScale(values: readonly number[], ratio = 50): boolean {
  let min = Infinity, max = -Infinity;
  for (const v of values) {
    if (!(v > 0) || !Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return Number.isFinite(min) && max / min >= ratio;
}

/** Tick label for a log axis: only 1, 2 and 5 × 10ⁿ are labelled, in short form ("0.02", "1e-5"). */
export function logAxisTick(value: number): string {
  if (!(value > 0)) return '';
  const exponent = Math.floor(Math.log10(value) + 1e-9);
  const mantissa = Math.round(value / 10 ** exponent);
  if (![1, 2, 5].includes(mantissa) || Math.abs(value / 10 ** exponent - mantissa) > 1e-6) return '';
  if (exponent < -3 || exponent > 4) return `${mantissa}e${exponent}`;
  return String(Number((mantissa * 10 ** exponent).toPrecision(1)));
}

/**
 * Epoch-axis ticks: whole numbers, at most 9, and the last epoch always labelled. Chart.js adds the
 * axis's end (say 150) after the round ticks (…, 140), and the two labels then run into each
 * other; the round tick next to the end is dropped when it sits closer than 60 % of a step.
 */
export function epochTicks() {
  return {
    ticks: { maxTicksLimit: 9, precision: 0 },
    afterBuildTicks(scale: { ticks: { value: number }[] }) {
      const ticks = scale.ticks;
      if (ticks.length < 3) return;
      const step = ticks[ticks.length - 2].value - ticks[ticks.length - 3].value;
      const lastGap = ticks[ticks.length - 1].value - ticks[ticks.length - 2].value;
      if (step > 0 && lastGap < step * 0.6) scale.ticks = [...ticks.slice(0, -2), ticks[ticks.length - 1]];
    },
  };
}
