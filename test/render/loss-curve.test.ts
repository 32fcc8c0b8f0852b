import { describe, expect, it } from 'vitest';
import { drawLossCurve, renderLossCurve } from '../../src/render/loss-curve.ts';
import { logAxisTicks, renderGradientFlow } from '../../src/render/gradient-flow.ts';
import { captureDrawnText } from './drawn-text.ts';
import { THEME } from '../../src/render/theme.ts';
import { hexToRgb } from '../../src/render/colors.ts';
import { colorDistance, decode, findPixels, layoutSize, type DecodedImage } from './helpers.ts';
import { makeHistory, makeResult } from './fixtures.ts';

/** The x pixel column inside the plot where a marker colour appears most often. */
function markerColumn(image: DecodedImage, area: { left: number; right: number; top: number; bottom: number }, hex: string): number {
  const target = hexToRgb(hex);
  const hits = findPixels(image, { left: area.left - 3, top: area.top, width: area.right - area.left + 6, height: area.bottom - area.top }, (p) => colorDistance(p, target) < 30);
  const counts = new Map<number, number>();
  for (const h of hits) counts.set(h.x, (counts.get(h.x) ?? 0) + 1);
  let best = -1, bestCount = 0;
  for (const [x, n] of counts) if (n > bestCount) [best, bestCount] = [x, n];
  return best;
}

async function decodeCanvas(canvas: { width: number; encode(format: 'png'): Promise<Buffer> }, layoutWidthPx = 640): Promise<DecodedImage> {
  return decode(await canvas.encode('png'), canvas.width / layoutWidthPx);
}

describe('renderLossCurve', () => {
  it('marks the best epoch (here 37, where validation loss is lowest) and not the last epoch', async () => {
    const result = makeResult({ history: makeHistory(100, 37), bestEpoch: 37 });
    const { canvas, layout } = drawLossCurve(result);
    const image = await decodeCanvas(canvas);
    const column = markerColumn(image, layout.chartArea, THEME.best);
    expect(Math.abs(column - layout.xToPx(37))).toBeLessThanOrEqual(2);
    expect(Math.abs(column - layout.xToPx(100))).toBeGreaterThan(50);
  });

  it('moves the marker with the best epoch (80 instead of 37)', async () => {
    const result = makeResult({ history: makeHistory(100, 80), bestEpoch: 80 });
    const { canvas, layout } = drawLossCurve(result);
    const column = markerColumn(await decodeCanvas(canvas), layout.chartArea, THEME.best);
    expect(Math.abs(column - layout.xToPx(80))).toBeLessThanOrEqual(2);
  });

  it('marks a diverged run in red at the epoch where it diverged, even though the last loss is NaN', async () => {
    const result = makeResult({ history: makeHistory(40, 10, { diverge: true }), stopReason: 'diverged', stopMessage: 'loss diverged at epoch 40: try a smaller learning rate', bestEpoch: 10 });
    const { canvas, layout, markers } = drawLossCurve(result);
    expect(markers.map((m) => m.label)).toEqual(['diverged at epoch 40']);
    const column = markerColumn(await decodeCanvas(canvas), layout.chartArea, THEME.danger);
    expect(Math.abs(column - layout.xToPx(40))).toBeLessThanOrEqual(2);
    const rendered = await renderLossCurve(result);
    expect(rendered.alt).toMatch(/diverged at epoch 40/);
  });

  it('draws the training loss in its legend colour and says in the alt text how the losses moved', async () => {
    const result = makeResult();
    const rendered = await renderLossCurve(result);
    const image = await decode(rendered);
    expect(findPixels(image, { left: 0, top: 0, ...layoutSize(image) }, (p) => colorDistance(p, hexToRgb(THEME.train)) < 20).length).toBeGreaterThan(100);
    expect(rendered.alt).toMatch(/training loss from 0\.\d+ to 0\.\d+/);
    expect(rendered.alt).toMatch(/Best epoch 37/);
  });
});

describe('epoch axes', () => {
  it('label the last epoch and drop the round tick that would crowd it (75 epochs: …, 60, 75 — not 70 next to 75)', async () => {
    const result = makeResult({ history: makeHistory(75, 35), bestEpoch: 35 });
    for (const draw of [() => renderLossCurve(result), () => renderGradientFlow(result)]) {
      const { texts } = await captureDrawnText(draw);
      expect(texts).toContain('75');
      expect(texts).toContain('60');
      expect(texts).not.toContain('70');
    }
  });
});

describe('renderGradientFlow', () => {
  it('reports in the alt text how much smaller the first layer\'s gradient is than the last layer\'s', async () => {
    // makeHistory gives layer l a gradient of 0.1 · 10^(l − layers + 1): the first of 4 layers is 1/1000 of the last.
    const result = makeResult({ history: makeHistory(50, 20, { layers: 4 }) });
    const rendered = await renderGradientFlow(result);
    expect(rendered.alt).toMatch(/1\/1,000 of the last layer's/);
    expect(rendered.alt).toMatch(/vanishing gradient/);
  });

  it.each([
    ['less than one decade (0.0021–0.0039)', 0.0021, 0.0039],
    ['about one decade (0.004–0.04)', 0.004, 0.04],
    ['six decades (1e-7–0.1)', 1e-7, 0.1],
  ])('labels at least 3 ticks on the y axis when the gradients span %s (issue 14: one label only)', async (_label, low, high) => {
    const history = makeHistory(60, 20, { layers: 3 }).map((e, i) => ({ ...e, gradNorms: [low + ((high - low) * i) / 59, high, (low + high) / 2] }));
    const { texts } = await captureDrawnText(() => renderGradientFlow(makeResult({ history })));
    // Epoch ticks are whole numbers ≥ 1; gradient ticks are the numbers below 1 ("0.002", "5e-6").
    const yLabels = texts.filter((t) => /^[\d.]+(e-?\d+)?$/.test(t) && Number(t) < 1);
    expect(yLabels.length, `y labels: ${yLabels.join(' ')}`).toBeGreaterThanOrEqual(3);
    // Labels belong to the data's range (Chart.js may round the axis out to the next tick).
    for (const label of yLabels) {
      expect(Number(label)).toBeGreaterThanOrEqual(low / 2);
      expect(Number(label)).toBeLessThanOrEqual(high * 2);
    }
  });
});

describe('logAxisTicks', () => {
  it('gives powers of ten over several decades, 1-2-5 or finer steps over narrower ranges, always at least 3', () => {
    expect(logAxisTicks(1e-6, 1)).toEqual([1e-6, 1e-5, 1e-4, 0.001, 0.01, 0.1, 1]);
    expect(logAxisTicks(0.05, 0.5)).toEqual([0.05, 0.1, 0.2, 0.5]);
    expect(logAxisTicks(0.002, 0.009)).toEqual([0.002, 0.003, 0.005]);
    expect(logAxisTicks(0.0031, 0.0042).length).toBeGreaterThanOrEqual(3);
    expect(logAxisTicks(1e-30, 1).length).toBeLessThanOrEqual(10);
  });
});
