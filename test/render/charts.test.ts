import { describe, expect, it } from 'vitest';
import { activationAnnotations, renderActivationPlot } from '../../src/render/activation-plot.ts';
import { ACTIVATION_NAMES } from '../../src/engine/types.ts';
import { capturePlacedText, textBox } from './drawn-text.ts';
import { renderComparison, aggregateRuns } from '../../src/render/comparison.ts';
import { renderNetworkDiagram, weightIndex } from '../../src/render/network-diagram.ts';
import { renderOptimizerPaths } from '../../src/render/optimizer-paths.ts';
import { PLAYGROUND } from '../../src/render/theme.ts';
import { hexToRgb } from '../../src/render/colors.ts';
import type { ActivationName } from '../../src/engine/types.ts';
import { colorDistance, decode, findPixels, layoutSize } from './helpers.ts';
import { linearNetwork, makeHistory, makeResult } from './fixtures.ts';

describe('renderActivationPlot', () => {
  it('names sigmoid\'s maximum gradient 0.25 in the alt text and draws both curves', async () => {
    const image = await renderActivationPlot(['sigmoid']);
    expect(image.alt).toMatch(/0\.25/);
    expect(image.alt).toMatch(/derivative/);
    expect(image.name).toBe('activation.png');
  });

  it('overlays several activations and lists each derivative in the alt text', async () => {
    const image = await renderActivationPlot(['tanh', 'sigmoid', 'relu']);
    expect(image.alt).toMatch(/Tanh/);
    expect(image.alt).toMatch(/ReLU/);
    expect(image.alt).toMatch(/g'\(x\) = 1 − g\(x\)²/);
  });

  it.each(ACTIVATION_NAMES.filter((n) => activationAnnotations(n).length > 0))('%s: each annotated fact\'s label box stays clear of the x = 0 and y = 0 axis lines (issue 14: ReLU\'s "g′ = 0" note crossed the axis)', async (name) => {
    const { placed } = await capturePlacedText(() => renderActivationPlot([name]));
    // Chart.js draws tick labels translated to their tick: the "0" tick labels give the axis lines' device px.
    const zeros = placed.filter((p) => p.text === '0');
    const xTickZero = zeros.reduce((a, b) => (b.deviceY > a.deviceY ? b : a));
    const yTickZero = zeros.reduce((a, b) => (b.deviceX < a.deviceX ? b : a));
    const axisX = xTickZero.deviceX / 2, axisY = yTickZero.deviceY / 2; // layout px (pictures are drawn at pixel ratio 2)
    for (const annotation of activationAnnotations(name)) {
      const words = annotation.text.split(' ');
      const lines = placed.filter((p) => p.font.startsWith('bold') && (p.text === annotation.text || annotation.text.startsWith(p.text) || annotation.text.endsWith(p.text)) && p.text.length >= Math.min(4, annotation.text.length));
      expect(lines.length, `label "${annotation.text}" drawn`).toBeGreaterThan(0);
      expect(lines.map((l) => l.text).join(' ').split(' ').length).toBeGreaterThanOrEqual(words.length);
      for (const line of lines) {
        const box = textBox(line);
        const crossesX = box.left - 2 < axisX && box.right + 2 > axisX;
        const crossesY = box.top - 2 < axisY && box.bottom + 2 > axisY;
        expect(crossesX, `"${line.text}" spans ${box.left.toFixed(0)}–${box.right.toFixed(0)} px across the x = 0 line at ${axisX.toFixed(0)} px`).toBe(false);
        expect(crossesY, `"${line.text}" spans ${box.top.toFixed(0)}–${box.bottom.toFixed(0)} px across the y = 0 line at ${axisY.toFixed(0)} px`).toBe(false);
      }
    }
  });

  it('rejects an unknown activation with the allowed names', async () => {
    await expect(renderActivationPlot(['swish' as ActivationName])).rejects.toThrow(/Allowed: identity, binary-step, sigmoid/);
  });
});

describe('renderNetworkDiagram', () => {
  // Region between the input column and the output column of a 2-1 network: only links are drawn there.
  const linkRegion = (width: number, height: number) => ({ left: width * 0.3, top: 50, width: width * 0.4, height: height - 110 });
  const countColor = async (params: number[], hex: string) => {
    const image = await decode(await renderNetworkDiagram({ ...linearNetwork(), params }));
    const size = layoutSize(image);
    return findPixels(image, linkRegion(size.width, size.height), (p) => colorDistance(p, hexToRgb(hex)) < 60).length;
  };

  it('colours a positive weight\'s link blue and a negative weight\'s link orange', async () => {
    expect(await countColor([3, 3, 0], PLAYGROUND.positive)).toBeGreaterThan(50);
    expect(await countColor([3, 3, 0], PLAYGROUND.negative)).toBe(0);
    expect(await countColor([-3, -3, 0], PLAYGROUND.negative)).toBeGreaterThan(50);
    expect(await countColor([-3, -3, 0], PLAYGROUND.positive)).toBe(0);
  });

  it('draws a larger weight as a thicker link', async () => {
    const thin = await countColor([0.3, 0.3, 0], PLAYGROUND.positive);
    const thick = await countColor([4, 4, 0], PLAYGROUND.positive);
    expect(thick).toBeGreaterThan(thin * 2);
  });

  it('finds weight w[layer][to][from] in the flat parameter vector (weights row-major, then biases)', () => {
    // 2-3-1: layer 0 has 6 weights + 3 biases, so layer 1's first weight is at index 9.
    expect(weightIndex([2, 3, 1], 0, 1, 0)).toBe(2);
    expect(weightIndex([2, 3, 1], 1, 0, 2)).toBe(11);
  });

  it('summarises layers wider than the limit and says so in the alt text', async () => {
    const sizes = [2, 40, 1];
    const params = new Array(2 * 40 + 40 + 40 + 1).fill(0.1);
    const image = await renderNetworkDiagram({ features: ['x1', 'x2'], layerSizes: sizes, activation: 'relu', output: 'tanh', params }, { maxNeuronsShown: 10 });
    expect(image.alt).toMatch(/first 10 neurons/);
    expect(image.alt).toMatch(/161 parameters/);
  });
});

describe('renderOptimizerPaths', () => {
  it('draws every optimiser\'s path and reports where each ends in the alt text', async () => {
    const image = await renderOptimizerPaths('saddle');
    expect(image.alt).toMatch(/GD ends at f = /);
    expect(image.alt).toMatch(/Adam ends at f = -0\.250/);
    expect(image.name).toBe('optimizers.png');
  });

  it('rejects an optimiser that has no gradient path (evolution) with the allowed names', async () => {
    await expect(renderOptimizerPaths('bowl', { optimizers: ['evolution' as never] })).rejects.toThrow(/Allowed: sgd, momentum, nesterov, adagrad, rmsprop, adam/);
  });

  it('rejects an unknown surface with the allowed names', async () => {
    await expect(renderOptimizerPaths('mountain' as never)).rejects.toThrow(/Allowed: bowl, ravine, saddle, rosenbrock/);
  });
});

describe('renderComparison', () => {
  it('averages runs epoch by epoch and keeps the spread between the lowest and highest run', () => {
    const a = makeResult({ history: makeHistory(3, 1).map((e) => ({ ...e, trainLoss: 1 })) });
    const b = makeResult({ history: makeHistory(3, 1).map((e) => ({ ...e, trainLoss: 3 })) });
    const series = aggregateRuns([a, b], (e) => e.trainLoss);
    expect(series.epochs).toEqual([1, 2, 3]);
    expect(series.mean).toEqual([2, 2, 2]);
    expect(series.min).toEqual([1, 1, 1]);
    expect(series.max).toEqual([3, 3, 3]);
  });

  it('names the group with the lowest final test loss in the alt text', async () => {
    const good = makeResult({ final: { trainLoss: 0.1, testLoss: 0.1 } });
    const bad = makeResult({ final: { trainLoss: 0.5, testLoss: 0.6 } });
    const image = await renderComparison([{ label: 'relu', runs: [good, good] }, { label: 'sigmoid', runs: [bad] }]);
    expect(image.alt).toMatch(/Lowest final test loss: relu/);
    expect(image.alt).toMatch(/relu \(mean of 2 runs\)/);
  });

  it('refuses a comparison with no runs at all', async () => {
    await expect(renderComparison([{ label: 'empty', runs: [] }])).rejects.toThrow(/at least one run/);
  });
});
