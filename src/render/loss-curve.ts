/**
 * Loss per epoch for the training, validation and test splits (accuracy on a second axis for
 * classification), with the best / early-stopping epoch and any divergence marked.
 */
import type { ChartConfiguration, ChartDataset } from 'chart.js';
import type { EpochEntry, TrainResult } from '../engine/types.ts';
import { createCard, toPngImage, wrapText, type Canvas, type Card } from './canvas.ts';
import { axisTitle, epochTicks, CHART_PADDING, drawChart, fixedAxisWidth, logAxisTick, needsLogScale, redrawBorder, thinOut, verticalMarkerPlugin, type ChartLayout, type VerticalMarker } from './chart.ts';
import { describeNetwork, formatLoss, formatPercent } from './format.ts';
import { font, FONT_PX, THEME } from './theme.ts';
import type { PixelRatioOption, RenderedImage } from './types.ts';

export interface LossCurveOptions extends PixelRatioOption {
  widthPx?: number;
  heightPx?: number;
  /** Draw accuracy (dashed, right axis) for classification runs; default true. */
  showAccuracy?: boolean;
  title?: string;
  /** Small legend and no title (for embedding in the summary card). */
  compact?: boolean;
  /** For quiz pictures: the default title names neither the dataset nor the activation (architecture only). */
  hideNames?: boolean;
}

/** The loss chart's title: `options.title` if given, else what was trained (without dataset and activation with `hideNames`). */
export function lossCurveTitle(result: TrainResult, options: Pick<LossCurveOptions, 'title' | 'hideNames'> = {}): string {
  if (options.title !== undefined) return options.title;
  const network = describeNetwork(result.network, { hideNames: options.hideNames });
  return options.hideNames ? `Loss per epoch · ${network}` : `Loss per epoch · ${result.spec.data?.source ?? result.spec.dataset} · ${network}`;
}

type XY = { x: number; y: number | null };

const MAX_POINTS = 600;

function series(history: readonly EpochEntry[], pick: (e: EpochEntry) => number | undefined): XY[] {
  return history.map((e) => {
    const v = pick(e);
    return { x: e.epoch, y: v === undefined || !Number.isFinite(v) ? null : v };
  });
}

function hasValues(points: readonly XY[]): boolean {
  return points.some((p) => p.y !== null);
}

/** The markers a student needs: the best epoch (restored by early stopping) and where a run diverged. */
export function lossCurveMarkers(result: TrainResult): VerticalMarker[] {
  const markers: VerticalMarker[] = [];
  const last = result.history[result.history.length - 1];
  if (result.stopReason === 'diverged' && last) {
    markers.push({ x: last.epoch, color: THEME.danger, label: `diverged at epoch ${last.epoch}`, dash: [] });
  } else if (result.history.length > 1 && result.bestEpoch > 0) {
    const label = result.stopReason === 'early-stopping'
      ? `early stop: best epoch ${result.bestEpoch} restored`
      : `best epoch ${result.bestEpoch}`;
    markers.push({ x: result.bestEpoch, color: THEME.best, label });
  }
  return markers;
}

const Y_AXIS_WIDTH_PX = 62;

/**
 * Draws the loss chart (and, for classification, an accuracy panel underneath on the same epoch
 * axis) and returns the canvas with the loss chart's layout (used by the summary card and tests).
 */
export function drawLossCurve(result: TrainResult, options: LossCurveOptions = {}): { card: Card; canvas: Canvas; layout: ChartLayout; markers: VerticalMarker[] } {
  const widthPx = options.widthPx ?? 640;
  const markers = lossCurveMarkers(result);
  const keepEpochs = new Set(markers.map((m) => m.x));
  const history = thinOut(result.history, MAX_POINTS, (e) => keepEpochs.has(e.epoch));
  const train = series(history, (e) => e.trainLoss);
  const val = series(history, (e) => e.valLoss);
  const test = series(history, (e) => e.testLoss);
  const losses = [...train, ...val, ...test].map((p) => p.y).filter((y): y is number => y !== null);
  const isLog = needsLogScale(losses);

  const lossSets: ChartDataset<'line', XY[]>[] = [
    { label: 'training loss', data: train, borderColor: THEME.train, backgroundColor: THEME.train },
  ];
  if (hasValues(val)) lossSets.push({ label: 'validation loss', data: val, borderColor: THEME.validation, backgroundColor: THEME.validation });
  lossSets.push({ label: 'test loss', data: test, borderColor: THEME.test, backgroundColor: THEME.test });

  const accuracySets: ChartDataset<'line', XY[]>[] = [];
  if ((options.showAccuracy ?? true) && result.kind !== 'regression') {
    const percent = (v: number | undefined) => (v === undefined ? undefined : v * 100);
    const trainAcc = series(history, (e) => percent(e.trainAccuracy));
    const valAcc = series(history, (e) => percent(e.valAccuracy));
    const testAcc = series(history, (e) => percent(e.testAccuracy));
    if (hasValues(trainAcc)) accuracySets.push({ label: 'training', data: trainAcc, borderColor: THEME.train });
    if (hasValues(valAcc)) accuracySets.push({ label: 'validation', data: valAcc, borderColor: THEME.validation });
    if (hasValues(testAcc)) accuracySets.push({ label: 'test', data: testAcc, borderColor: THEME.test });
  }
  const hasAccuracy = accuracySets.length > 0;
  const lossHeightPx = options.heightPx ?? 380;
  const accuracyHeightPx = hasAccuracy ? Math.round(lossHeightPx * 0.42) : 0;
  const lastEpoch = result.history.length > 0 ? result.history[result.history.length - 1].epoch : 1;
  const firstEpoch = result.history.length > 0 ? result.history[0].epoch : 0;
  const xAxis = (showTitle: boolean) => ({
    type: 'linear' as const,
    min: firstEpoch,
    max: Math.max(lastEpoch, firstEpoch + 1),
    title: { ...axisTitle('epoch'), display: showTitle },
    ...epochTicks(),
  });

  const lossConfig: ChartConfiguration<'line', XY[]> = {
    type: 'line',
    data: { datasets: lossSets },
    options: {
      parsing: false,
      spanGaps: false,
      layout: { padding: { ...CHART_PADDING, bottom: 0 } },
      plugins: {
        title: {
          display: !options.compact,
          text: lossCurveTitle(result, options),
          padding: { top: 8, bottom: 4 },
        },
        legend: {
          position: 'top',
          labels: options.compact ? { boxWidth: 14, padding: 8, font: { size: FONT_PX.small } } : { boxWidth: 22, padding: 14 },
        },
        ...({ markers: { lines: markers } } as object),
      },
      scales: {
        x: xAxis(!hasAccuracy),
        y: {
          type: isLog ? 'logarithmic' : 'linear',
          beginAtZero: !isLog,
          title: axisTitle(isLog ? 'loss (log scale)' : 'loss'),
          ticks: { maxTicksLimit: 7, ...(isLog ? { autoSkip: false, callback: (v: string | number) => logAxisTick(Number(v)) } : {}) },
          ...fixedAxisWidth(Y_AXIS_WIDTH_PX),
        },
      },
    },
    plugins: [verticalMarkerPlugin as never],
  };
  const card = createCard(widthPx, lossHeightPx + accuracyHeightPx, options.pixelRatio);
  const { canvas, ctx } = card;
  const layout = drawChart(lossConfig, ctx, 0, 0, widthPx, lossHeightPx);
  if (hasAccuracy) {
    const accuracyConfig: ChartConfiguration<'line', XY[]> = {
      type: 'line',
      data: { datasets: accuracySets.map((d) => ({ ...d, borderWidth: 1.6 })) },
      options: {
        parsing: false,
        spanGaps: false,
        layout: { padding: { ...CHART_PADDING, top: 0 } },
        plugins: {
          legend: { display: false },
          ...({ markers: { lines: markers.map((m) => ({ ...m, label: '' })) } } as object),
        },
        scales: {
          x: xAxis(true),
          y: {
            type: 'linear',
            min: 0,
            max: 100,
            title: axisTitle('accuracy'),
            ticks: { stepSize: accuracyHeightPx < 200 ? 50 : 25, callback: (v: string | number) => `${v}%` },
            ...fixedAxisWidth(Y_AXIS_WIDTH_PX),
          },
        },
      },
      plugins: [verticalMarkerPlugin as never],
    };
    drawChart(accuracyConfig, ctx, 0, lossHeightPx, widthPx, accuracyHeightPx);
  }
  if (losses.length === 0) {
    // Nothing finite to plot (e.g. diverged in the first epoch): say so where the curve would be.
    const area = layout.chartArea;
    ctx.save();
    ctx.fillStyle = result.stopReason === 'diverged' ? THEME.danger : THEME.mutedText;
    ctx.font = font(FONT_PX.label, 'bold');
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    const lines = wrapText(ctx, result.stopMessage || 'No finite loss values were recorded.', (area.right - area.left) * 0.8);
    lines.forEach((line, i) => ctx.fillText(line, (area.left + area.right) / 2, (area.top + area.bottom) / 2 + (i - (lines.length - 1) / 2) * (FONT_PX.label + 6)));
    ctx.restore();
  }
  redrawBorder(ctx, card.widthPx, card.heightPx);
  return { card, canvas, layout, markers };
}


/** Alt text for a loss curve: how each split's loss moved, the best epoch, why training stopped. */
export function describeLossCurve(result: TrainResult): string {
  const all = result.history;
  if (all.length === 0) return 'Loss curve: no epochs were run.';
  const h = all.filter((e) => Number.isFinite(e.trainLoss));
  const lastEpoch = all[all.length - 1].epoch;
  if (h.length === 0) return `Loss curve with no finite values: ${result.stopMessage || `the loss was not finite by epoch ${lastEpoch}`}.`;
  const first = h[0];
  const last = h[h.length - 1];
  const parts = [
    `Loss curve over ${lastEpoch} epoch${lastEpoch === 1 ? '' : 's'}: training loss from ${formatLoss(first.trainLoss)} to ${formatLoss(last.trainLoss)}`,
    `test loss from ${formatLoss(first.testLoss)} to ${formatLoss(last.testLoss)}`,
  ];
  if (last.valLoss !== undefined) parts.push(`validation loss from ${formatLoss(first.valLoss)} to ${formatLoss(last.valLoss)}`);
  let text = `${parts.join(', ')}.`;
  if (result.stopReason === 'diverged') text += ` Marked in red: ${result.stopMessage || `the loss diverged at epoch ${lastEpoch}`}.`;
  else text += ` Best epoch ${result.bestEpoch} is marked with a green dashed line.`;
  if (result.kind !== 'regression' && result.final.testAccuracy !== undefined) text += ` Final test accuracy ${formatPercent(result.final.testAccuracy)}.`;
  return text;
}

/** Training / validation / test loss per epoch as a PNG (`loss.png`). */
export async function renderLossCurve(result: TrainResult, options: LossCurveOptions = {}): Promise<RenderedImage> {
  const { canvas } = drawLossCurve(result, options);
  return toPngImage(canvas, 'loss.png', describeLossCurve(result));
}
