/**
 * Several runs' loss curves overlaid (e.g. tanh vs sigmoid vs ReLU, batch 1 vs 10 vs full): per
 * group the mean training loss (solid) with a min–max band over seeds, and the mean test loss (dashed).
 */
import type { ChartConfiguration, ChartDataset } from 'chart.js';
import type { EpochEntry, TrainResult } from '../engine/types.ts';
import { toPngImage } from './canvas.ts';
import { axisTitle, epochTicks, CHART_PADDING, chartHeading, logAxisTick, needsLogScale, renderChartCanvas, thinOut } from './chart.ts';
import { formatLoss, formatPercent } from './format.ts';
import { SERIES_COLORS } from './theme.ts';
import type { PixelRatioOption, RenderedImage } from './types.ts';

export interface ComparisonGroup {
  label: string;
  runs: TrainResult[];
}

type XY = { x: number; y: number | null };

interface GroupSeries {
  epochs: number[];
  mean: (number | null)[];
  min: (number | null)[];
  max: (number | null)[];
}

/** Mean, min and max of one metric across a group's runs, epoch by epoch (runs may stop at different epochs). */
export function aggregateRuns(runs: readonly TrainResult[], pick: (e: EpochEntry) => number | undefined): GroupSeries {
  const byEpoch = new Map<number, number[]>();
  for (const run of runs) {
    for (const entry of run.history) {
      const v = pick(entry);
      if (v === undefined || !Number.isFinite(v)) continue;
      let list = byEpoch.get(entry.epoch);
      if (!list) byEpoch.set(entry.epoch, (list = []));
      list.push(v);
    }
  }
  const epochs = [...byEpoch.keys()].sort((a, b) => a - b);
  const stats = epochs.map((e) => {
    const values = byEpoch.get(e)!;
    return { mean: values.reduce((s, v) => s + v, 0) / values.length, min: Math.min(...values), max: Math.max(...values) };
  });
  return { epochs, mean: stats.map((s) => s.mean), min: stats.map((s) => s.min), max: stats.map((s) => s.max) };
}

function toXY(epochs: readonly number[], values: readonly (number | null)[]): XY[] {
  return thinOut(epochs.map((x, i) => ({ x, y: values[i] })), 600);
}

function withAlpha(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}

function mean(values: readonly number[]): number | undefined {
  const finite = values.filter((v) => Number.isFinite(v));
  return finite.length === 0 ? undefined : finite.reduce((s, v) => s + v, 0) / finite.length;
}

/** Overlaid loss curves of several groups of runs as a PNG (`comparison.png`). */
export async function renderComparison(groups: { label: string; runs: TrainResult[] }[], options: { title?: string; widthPx?: number; heightPx?: number } & PixelRatioOption = {}): Promise<RenderedImage> {
  const usable = groups.filter((g) => g.runs.length > 0);
  if (usable.length === 0) throw new Error('renderComparison: every group is empty; give at least one run.');
  const datasets: ChartDataset<'line', XY[]>[] = [];
  const allLosses: number[] = [];
  const hasSpread = usable.some((g) => g.runs.length > 1);
  usable.forEach((group, i) => {
    const color = SERIES_COLORS[i % SERIES_COLORS.length];
    const train = aggregateRuns(group.runs, (e) => e.trainLoss);
    const test = aggregateRuns(group.runs, (e) => e.testLoss);
    for (const v of [...train.mean, ...test.mean]) if (v !== null) allLosses.push(v);
    if (group.runs.length > 1) {
      datasets.push({ label: '', data: toXY(train.epochs, train.min), borderWidth: 0, pointRadius: 0, borderColor: 'transparent' });
      datasets.push({ label: '', data: toXY(train.epochs, train.max), borderWidth: 0, pointRadius: 0, borderColor: 'transparent', backgroundColor: withAlpha(color, 0.18), fill: '-1' });
    }
    const seeds = group.runs.length > 1 ? ` (${group.runs.length} runs)` : '';
    datasets.push({ label: `${group.label}${seeds}`, data: toXY(train.epochs, train.mean), borderColor: color, backgroundColor: color, borderWidth: 2.5 });
    datasets.push({ label: `${group.label} test`, data: toXY(test.epochs, test.mean), borderColor: color, backgroundColor: color, borderWidth: 1.6, borderDash: [6, 4] });
    // a run cut short by early stopping lies exactly on the unregularised run's curve up to its stop: mark where it stopped
    const stops = group.runs.filter((r) => r.stopReason === 'early-stopping' && r.history.length > 0);
    if (stops.length > 0) {
      // Chart.js draws lower `order` on top: lift this group's two curves above the run they coincide with
      for (const d of datasets.slice(-2)) d.order = -1;
      const at = stops.map((r) => r.history[r.history.length - 1]);
      datasets.push({
        label: `${group.label}: stopped at epoch ${at.map((e) => e.epoch).join(', ')}`,
        data: at.map((e) => ({ x: e.epoch, y: e.testLoss })), showLine: false,
        pointStyle: 'rectRot', pointRadius: 9, pointBorderWidth: 2, borderColor: '#1b1b1b', backgroundColor: color, order: -2,
      });
    }
  });
  const isLog = needsLogScale(allLosses);
  const epochs = usable.flatMap((g) => g.runs.flatMap((r) => (r.history.length ? [r.history[0].epoch, r.history[r.history.length - 1].epoch] : [])));
  const firstEpoch = epochs.length ? Math.min(...epochs) : 0;
  const lastEpoch = Math.max(firstEpoch + 1, ...epochs);
  const title = options.title ?? `Comparison: ${usable.map((g) => g.label).join(' vs ')}`;
  const subtitle = `solid = training loss${hasSpread ? ' (mean, band = min–max over runs)' : ''}, dashed = test loss`;
  const config: ChartConfiguration<'line', XY[]> = {
    type: 'line',
    data: { datasets },
    options: {
      parsing: false,
      layout: { padding: CHART_PADDING },
      plugins: {
        ...chartHeading(title, subtitle),
        legend: { position: 'bottom', labels: { boxWidth: 26, padding: 12, filter: (item) => item.text !== '' && !item.text.endsWith(' test'), sort: (a, b) => (a.datasetIndex ?? 0) - (b.datasetIndex ?? 0) } },
        filler: { propagate: false },
      },
      scales: {
        x: { type: 'linear', min: firstEpoch, max: lastEpoch, title: axisTitle('epoch'), ...epochTicks() },
        y: {
          type: isLog ? 'logarithmic' : 'linear',
          beginAtZero: !isLog,
          title: axisTitle(isLog ? 'loss (log scale)' : 'loss'),
          ...(isLog ? { ticks: { autoSkip: false, callback: (v: string | number) => logAxisTick(Number(v)) } } : {}),
        },
      },
    },
  };
  const { canvas } = renderChartCanvas(config, options.widthPx ?? 640, options.heightPx ?? 420, options.pixelRatio);
  const summaries = usable.map((g) => {
    const trainLoss = mean(g.runs.map((r) => r.final.trainLoss));
    const testLoss = mean(g.runs.map((r) => r.final.testLoss));
    const accuracy = mean(g.runs.map((r) => r.final.testAccuracy ?? NaN));
    return { label: g.label, runs: g.runs.length, trainLoss, testLoss, accuracy };
  });
  const best = [...summaries].filter((s) => s.testLoss !== undefined).sort((a, b) => a.testLoss! - b.testLoss!)[0];
  const alt = `${title}: loss per epoch for ${summaries.length} settings. `
    + summaries.map((s) => `${s.label}${s.runs > 1 ? ` (mean of ${s.runs} runs)` : ''}: final training loss ${formatLoss(s.trainLoss)}, test loss ${formatLoss(s.testLoss)}${s.accuracy !== undefined ? `, test accuracy ${formatPercent(s.accuracy)}` : ''}`).join('; ')
    + (best ? `. Lowest final test loss: ${best.label}.` : '.');
  return toPngImage(canvas, 'comparison.png', alt);
}
