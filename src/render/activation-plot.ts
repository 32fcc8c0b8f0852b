/**
 * Activation functions g(x) (solid) and their derivatives g'(x) (dashed) on [−5, 5], with the
 * fact that matters marked on the curve (sigmoid's maximum gradient 0.25, ReLU's zero gradient
 * for x < 0, ...). Several activations can be overlaid for comparison.
 */
import type { ChartConfiguration, ChartDataset, Plugin } from 'chart.js';
import { activations } from '../engine/activations.ts';
import { ACTIVATION_NAMES, type ActivationName } from '../engine/types.ts';
import { toPngImage } from './canvas.ts';
import { axisTitle, CHART_PADDING, chartHeading, renderChartCanvas } from './chart.ts';
import { wrapByChars } from './format.ts';
import { font, FONT_PX, SERIES_COLORS, THEME } from './theme.ts';
import type { PixelRatioOption, RenderedImage } from './types.ts';

export interface ActivationPlotOptions extends PixelRatioOption {
  widthPx?: number;
  heightPx?: number;
  /** x range (default [−5, 5]). */
  range?: [number, number];
  /**
   * For "which activation is this?" quiz pictures: no name, formula, notes or annotated fact
   * anywhere in the picture or its alt text; the legend says only g(x) and g′(x) ("curve 1: g(x)", ...
   * when several are overlaid).
   */
  hideNames?: boolean;
}

type XY = { x: number; y: number | null };

/** A point on a curve with a short label drawn next to it. */
interface Annotation {
  x: number;
  y: number;
  text: string;
  /** Which side of the point the label goes. */
  align: 'left' | 'right';
}

/** The fact worth pointing at for each activation, as a marked point on g or g'. */
export function activationAnnotations(name: ActivationName): Annotation[] {
  switch (name) {
    case 'sigmoid': return [{ x: 0, y: 0.25, text: "max g′ = 0.25 at x = 0", align: 'right' }];
    case 'tanh': return [{ x: 0, y: 1, text: "max g′ = 1 at x = 0", align: 'right' }, { x: 3, y: 1 - Math.tanh(3) ** 2, text: "g′ ≈ 0 for |x| > 3", align: 'right' }];
    case 'relu': return [{ x: -2.5, y: 0, text: "g′ = 0 for x < 0 (no gradient)", align: 'right' }];
    case 'leaky-relu': return [{ x: -2.5, y: 0.01, text: "g′ = 0.01 for x < 0", align: 'right' }];
    case 'binary-step': return [{ x: -2.5, y: 0, text: "g′ = 0 everywhere: no learning signal", align: 'right' }];
    case 'identity': return [{ x: 2, y: 1, text: "g′ = 1 everywhere", align: 'right' }];
    case 'softplus': return [{ x: 0, y: 0.5, text: "g′(x) = σ(x)", align: 'right' }];
    case 'elu': return [{ x: -4, y: Math.expm1(-4), text: "g → −1 as x → −∞", align: 'right' }];
    case 'selu': return [{ x: -4, y: activations.selu.f(-4), text: "g → −λα ≈ −1.76", align: 'right' }, { x: 3, y: activations.selu.df(3, activations.selu.f(3)), text: "g′ = λ ≈ 1.05 for x > 0", align: 'right' }];
    case 'gelu': return [{ x: -0.75, y: activations.gelu.f(-0.75), text: "min g ≈ −0.17", align: 'left' }];
  }
}

/** A label's box in chart px. */
interface LabelBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Where an annotation's label may go around its point, in order of preference (the annotation's side first). */
function candidateBoxes(x: number, y: number, widthPx: number, heightPx: number, align: 'left' | 'right'): LabelBox[] {
  const right = x + 10, left = x - 10 - widthPx, centre = x - widthPx / 2;
  const above = y - 14 - heightPx / 2, below = y + 14 - heightPx / 2, higher = y - 22 - heightPx;
  const xs = align === 'right' ? [right, left, centre] : [left, right, centre];
  const boxes: LabelBox[] = [];
  for (const top of [above, below, higher]) for (const l of xs) boxes.push({ left: l, top, right: l + widthPx, bottom: top + heightPx });
  return boxes;
}

/**
 * How bad a label position is: outside the plot or across an axis line (x = 0, y = 0) rules it
 * out; otherwise each curve point under the label costs a little.
 */
function labelCost(box: LabelBox, area: LabelBox, axisX: number | null, axisY: number | null, curvePoints: readonly { x: number; y: number }[]): number {
  if (box.left < area.left + 2 || box.right > area.right - 2 || box.top < area.top + 2 || box.bottom > area.bottom - 2) return Infinity;
  let cost = 0;
  if (axisX !== null && box.left - 2 < axisX && box.right + 2 > axisX) cost += 1000;
  if (axisY !== null && box.top - 2 < axisY && box.bottom + 2 > axisY) cost += 1000;
  for (const p of curvePoints) if (p.x >= box.left - 3 && p.x <= box.right + 3 && p.y >= box.top - 3 && p.y <= box.bottom + 3) cost += 1;
  return cost;
}

/** Splits a label into two lines at its most central space (for when one line fits nowhere). */
function splitInTwo(text: string): string[] {
  const spaces = [...text.matchAll(/ /g)].map((m) => m.index ?? 0);
  if (spaces.length === 0) return [text];
  const at = spaces.reduce((best, i) => (Math.abs(i - text.length / 2) < Math.abs(best - text.length / 2) ? i : best));
  return [text.slice(0, at), text.slice(at + 1)];
}

const annotationPlugin: Plugin = {
  id: 'annotations',
  afterDatasetsDraw(chart, _args, options: { items?: Annotation[] }) {
    const { ctx, chartArea } = chart;
    const xScale = chart.scales.x, yScale = chart.scales.y;
    const axisX = xScale.min < 0 && xScale.max > 0 ? xScale.getPixelForValue(0) : null;
    const axisY = yScale.min < 0 && yScale.max > 0 ? yScale.getPixelForValue(0) : null;
    const curvePoints = chart.data.datasets.flatMap((_, i) => chart.getDatasetMeta(i).data.map((e) => ({ x: e.x, y: e.y })))
      .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
    for (const a of options.items ?? []) {
      const x = xScale.getPixelForValue(a.x);
      const y = yScale.getPixelForValue(a.y);
      ctx.save();
      ctx.fillStyle = THEME.text;
      ctx.strokeStyle = '#ffffff';
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.arc(x, y, 5, 0, Math.PI * 2);
      ctx.fill();
      ctx.stroke();
      ctx.font = font(FONT_PX.label, 'bold');
      // Try the label on one line, then on two; keep the cheapest place (off the axes, off the curves).
      let best: { lines: string[]; box: LabelBox; cost: number } | null = null;
      for (const lines of [[a.text], splitInTwo(a.text)]) {
        const width = Math.max(...lines.map((line) => ctx.measureText(line).width)) + 6;
        const height = lines.length * (FONT_PX.label + 3) + 3;
        for (const box of candidateBoxes(x, y, width, height, a.align)) {
          const cost = labelCost(box, chartArea, axisX, axisY, curvePoints) + (lines.length - 1) * 3;
          if (!best || cost < best.cost) best = { lines, box, cost };
        }
        if (best && best.cost < 1000) break;
      }
      if (best && Number.isFinite(best.cost)) {
        const { box, lines } = best;
        ctx.fillStyle = 'rgba(255,255,255,0.9)';
        ctx.fillRect(box.left, box.top, box.right - box.left, box.bottom - box.top);
        ctx.fillStyle = THEME.text;
        ctx.textBaseline = 'top';
        lines.forEach((line, i) => ctx.fillText(line, box.left + 3, box.top + 3 + i * (FONT_PX.label + 3)));
      }
      ctx.restore();
    }
  },
};

/**
 * Samples a function on [lo, hi]; where it jumps (binary step, ReLU′) the line is broken with a
 * gap instead of drawing a misleading vertical segment.
 */
function sample(fn: (x: number) => number, lo: number, hi: number, count = 401): XY[] {
  const step = (hi - lo) / (count - 1);
  const out: XY[] = [];
  let previous: number | null = null;
  for (let i = 0; i < count; i++) {
    const x = lo + i * step;
    const y = fn(x);
    if (previous !== null && Math.abs(y - previous) > 0.25) out.push({ x: x - step / 2, y: null });
    out.push({ x, y: Number.isFinite(y) ? y : null });
    previous = y;
  }
  return out;
}

function checkNames(names: readonly string[]): ActivationName[] {
  if (names.length === 0) throw new Error(`Choose at least one activation. Allowed: ${ACTIVATION_NAMES.join(', ')}.`);
  for (const n of names) {
    if (!(ACTIVATION_NAMES as readonly string[]).includes(n)) throw new Error(`Unknown activation '${n}'. Allowed: ${ACTIVATION_NAMES.join(', ')}.`);
  }
  return [...new Set(names)] as ActivationName[];
}

/** Every word an activation plot writes besides tick labels: heading, legend entries and annotated facts. */
export interface ActivationPlotTexts {
  title: string;
  subtitle: string;
  /** Per activation, in order: the g(x) and g′(x) legend entries. */
  legend: { g: string; derivative: string }[];
  annotations: Annotation[];
}

const HOW_TO_READ = 'solid = g(x), dashed = derivative g′(x)';

/** The texts of an activation plot; with `hideNames` none of them names an activation or states its formula or facts. */
export function activationPlotTexts(list: readonly ActivationName[], options: { hideNames?: boolean } = {}): ActivationPlotTexts {
  const single = list.length === 1;
  if (options.hideNames) {
    return {
      title: single ? 'An activation function and its derivative' : 'Activation functions compared',
      subtitle: HOW_TO_READ,
      legend: list.map((_, i) => (single ? { g: 'g(x)', derivative: 'g′(x)' } : { g: `curve ${i + 1}: g(x)`, derivative: `curve ${i + 1}: g′(x)` })),
      annotations: [],
    };
  }
  return {
    title: single ? `Activation: ${activations[list[0]].label}` : `Activations: ${list.map((n) => activations[n].label).join(' vs ')}`,
    subtitle: single ? activations[list[0]].notes : HOW_TO_READ,
    legend: list.map((name) => {
      const def = activations[name];
      return single
        ? { g: `g(x) = ${def.formula.replace(/^g\(x\) = /, '')}`, derivative: 'g′(x)' }
        : { g: `${def.label}: g(x)`, derivative: `${def.label}: g′(x)` };
    }),
    annotations: single ? activationAnnotations(list[0]) : [],
  };
}

/** g(x) and g'(x) of one or several activations as a PNG (`activation.png`). */
export async function renderActivationPlot(names: ActivationName[], options: ActivationPlotOptions = {}): Promise<RenderedImage> {
  const list = checkNames(names);
  const [lo, hi] = options.range ?? [-5, 5];
  const single = list.length === 1;
  const texts = activationPlotTexts(list, { hideNames: options.hideNames });
  const datasets: ChartDataset<'line', XY[]>[] = [];
  list.forEach((name, i) => {
    const def = activations[name];
    const color = single ? THEME.train : SERIES_COLORS[i % SERIES_COLORS.length];
    const derivativeColor = single ? THEME.test : color;
    datasets.push({ label: texts.legend[i].g, data: sample(def.f, lo, hi), borderColor: color, backgroundColor: color, borderWidth: 2.5, order: 2 });
    datasets.push({ label: texts.legend[i].derivative, data: sample((x) => def.df(x, def.f(x)), lo, hi), borderColor: derivativeColor, backgroundColor: derivativeColor, borderDash: [7, 5], borderWidth: 2.2, order: 1 });
  });
  const { title, subtitle } = texts;
  const config: ChartConfiguration<'line', XY[]> = {
    type: 'line',
    data: { datasets },
    options: {
      parsing: false,
      spanGaps: false,
      layout: { padding: CHART_PADDING },
      plugins: {
        ...chartHeading(title, wrapByChars(subtitle, Math.floor((options.widthPx ?? 640) / 7.6))),
        legend: { position: 'bottom', labels: { boxWidth: 26, padding: 12, sort: (a, b) => (a.datasetIndex ?? 0) - (b.datasetIndex ?? 0) } },
        ...({ annotations: { items: texts.annotations } } as object),
      },
      scales: {
        x: {
          type: 'linear', min: lo, max: hi,
          title: axisTitle('x (the neuron\'s weighted input)'),
          grid: { color: (c) => (c.tick.value === 0 ? THEME.axis : THEME.grid) },
          ticks: { stepSize: 1 },
        },
        y: {
          type: 'linear',
          title: axisTitle('value'),
          grid: { color: (c) => (c.tick.value === 0 ? THEME.axis : THEME.grid) },
          grace: '8%',
          // Overlays: keep the interesting region around 0 readable even when ReLU climbs to 5.
          ...(single ? {} : { min: -2, max: 3 }),
        },
      },
    },
    plugins: [annotationPlugin as never],
  };
  const { canvas } = renderChartCanvas(config, options.widthPx ?? 640, options.heightPx ?? 440, options.pixelRatio);
  const alt = options.hideNames
    ? `${single ? 'An activation function' : `${list.length} activation functions (curve 1 to ${list.length})`} on x from ${lo} to ${hi}: g(x) as a solid line and its derivative g′(x) dashed.`
    : single
      ? `Plot of the ${activations[list[0]].label} activation on x from ${lo} to ${hi}: ${activations[list[0]].formula} (solid line) and its derivative ${activations[list[0]].derivative} (dashed). Range ${activations[list[0]].range}. ${activations[list[0]].notes}`
      : `The activations ${list.map((n) => activations[n].label).join(', ')} overlaid on x from ${lo} to ${hi}, each with g(x) solid and the derivative g′(x) dashed in the same colour. `
        + list.map((n) => `${activations[n].label}: ${activations[n].derivative}.`).join(' ');
  return toPngImage(canvas, 'activation.png', alt);
}
