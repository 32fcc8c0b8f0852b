/** Quiz pictures (`hideNames`): nothing drawn names the activation or dataset; the default pictures are unchanged. */
import { beforeAll, describe, expect, it } from 'vitest';
import { activations } from '../../src/engine/activations.ts';
import { datasets, generateDataset } from '../../src/engine/datasets.ts';
import { resolveSpec } from '../../src/engine/spec.ts';
import { train } from '../../src/engine/train.ts';
import { ACTIVATION_NAMES, DATASET_NAMES, type ActivationName, type Dataset, type TrainResult } from '../../src/engine/types.ts';
import { activationAnnotations, activationPlotTexts } from '../../src/render/activation-plot.ts';
import { boundaryLayout } from '../../src/render/decision-boundary.ts';
import { renderActivationPlot, renderDataset, renderDecisionBoundary, renderGradientFlow, renderLossCurve, renderOptimizerPaths, renderOptimizerPathsGif, type RenderedImage } from '../../src/render/index.ts';
import { FONT_PX } from '../../src/render/theme.ts';
import { captureDrawnText, namesFoundIn, spellingsOf } from './drawn-text.ts';
import { decode, pixel, type DecodedImage } from './helpers.ts';

const activationSpellings = (name: ActivationName) => spellingsOf(name, activations[name].label);
const datasetSpellings = (name: Dataset['name']) => spellingsOf(name, datasets[name].label);

/** Pixels that differ between two pictures of the same size inside rows [top, bottom) and columns [left, right). */
function differingPixels(a: DecodedImage, b: DecodedImage, region: { left: number; top: number; right: number; bottom: number }): number {
  expect([a.width, a.height]).toEqual([b.width, b.height]);
  let count = 0;
  for (let y = region.top; y < region.bottom; y++) {
    for (let x = region.left; x < region.right; x++) {
      if (pixel(a, x, y).some((v, i) => v !== pixel(b, x, y)[i])) count++;
    }
  }
  return count;
}

/** The title line of a picture: the top 12 px margin plus one bold title line. */
const titleBand = (image: DecodedImage) => ({ left: 0, top: 0, right: image.width / image.ratio, bottom: 12 + FONT_PX.title + 8 });

async function drawnTexts(draw: () => Promise<RenderedImage>): Promise<string[]> {
  return (await captureDrawnText(draw)).texts;
}

describe('activation plot with hideNames', () => {
  it.each(ACTIVATION_NAMES)('%s: no name, formula, note or annotated fact is drawn; g(x) and g′(x) are still in the legend', async (name) => {
    const texts = await drawnTexts(() => renderActivationPlot([name], { hideNames: true }));
    const def = activations[name];
    expect(namesFoundIn(texts, ACTIVATION_NAMES.flatMap(activationSpellings))).toEqual([]);
    const rightHandSide = def.formula.replace(/^g\(x\) = /, '');
    // identity's right-hand side is just "x", which the axis title rightly contains
    const giveaways = [def.formula, ...(rightHandSide.length > 3 ? [rightHandSide] : []), def.derivative, def.notes, ...activationAnnotations(name).map((a) => a.text)];
    for (const text of texts) for (const giveaway of giveaways) expect(text, `drawn "${text}"`).not.toContain(giveaway);
    expect(texts).toContain('g(x)');
    expect(texts).toContain('g′(x)');
  });

  it('draws the name, formula and annotated fact by default (what the hidden version must leave out)', async () => {
    const texts = await drawnTexts(() => renderActivationPlot(['sigmoid']));
    expect(namesFoundIn(texts, activationSpellings('sigmoid'))).toContain('Sigmoid (logistic)');
    expect(texts.join('\n')).toContain('1 / (1 + e^−x)');
    expect(texts).toContain(activationAnnotations('sigmoid')[0].text);
  });

  it('numbers overlaid curves instead of naming them, and its alt text names none of them', async () => {
    const overlaid: ActivationName[] = ['tanh', 'sigmoid', 'relu'];
    const { value: image, texts } = await captureDrawnText(() => renderActivationPlot(overlaid, { hideNames: true }));
    expect(namesFoundIn(texts, ACTIVATION_NAMES.flatMap(activationSpellings))).toEqual([]);
    expect(texts).toEqual(expect.arrayContaining(['curve 1: g(x)', 'curve 2: g′(x)', 'curve 3: g(x)']));
    expect(namesFoundIn([image.alt], ACTIVATION_NAMES.flatMap(activationSpellings))).toEqual([]);
  });

  it('the texts it builds for a hidden plot name nothing either (title, subtitle, legend, annotations)', () => {
    for (const name of ACTIVATION_NAMES) {
      const texts = activationPlotTexts([name], { hideNames: true });
      const all = [texts.title, texts.subtitle, ...texts.legend.flatMap((l) => [l.g, l.derivative]), ...texts.annotations.map((a) => a.text)];
      expect(namesFoundIn(all, ACTIVATION_NAMES.flatMap(activationSpellings)), name).toEqual([]);
      expect(texts.annotations).toEqual([]);
    }
  });

  it('differs from the default picture in the title line', async () => {
    const [plain, hidden] = await Promise.all([decode(await renderActivationPlot(['relu'])), decode(await renderActivationPlot(['relu'], { hideNames: true }))]);
    expect(differingPixels(plain, hidden, titleBand(plain))).toBeGreaterThan(100);
  });

  it('is byte for byte the default picture when hideNames is false', async () => {
    expect((await renderActivationPlot(['tanh'], { hideNames: false })).data.equals((await renderActivationPlot(['tanh'])).data)).toBe(true);
  });
});

describe('dataset view with hideNames', () => {
  it.each(DATASET_NAMES)('%s: the title and alt text do not name the dataset; the point legend is still drawn', async (name) => {
    const data = generateDataset(resolveSpec({ dataset: name, points: 120, seed: 1 }));
    const { value: image, texts } = await captureDrawnText(() => renderDataset(data, { hideNames: true }));
    expect(namesFoundIn(texts, DATASET_NAMES.flatMap(datasetSpellings))).toEqual([]);
    expect(namesFoundIn([image.alt], datasetSpellings(name))).toEqual([]);
    expect(texts.join('\n')).toMatch(/train/);
  });

  it('names the dataset by default (what the hidden version must leave out)', async () => {
    const texts = await drawnTexts(() => renderDataset(generateDataset(resolveSpec({ dataset: 'spiral', seed: 1 }))));
    expect(namesFoundIn(texts, datasetSpellings('spiral'))).toContain('Spiral');
  });

  it('differs from the default only in the title line: the points are drawn the same', async () => {
    const data = generateDataset(resolveSpec({ dataset: 'xor', points: 200, seed: 2 }));
    const [plain, hidden] = await Promise.all([decode(await renderDataset(data)), decode(await renderDataset(data, { hideNames: true }))]);
    expect(differingPixels(plain, hidden, titleBand(plain))).toBeGreaterThan(100);
    const { rect } = boundaryLayout(480, data.kind);
    expect(differingPixels(plain, hidden, { left: rect.left, top: rect.top, right: rect.left + rect.size, bottom: rect.top + rect.size })).toBe(0);
  });
});

describe('training pictures with hideNames', () => {
  // identity activation on the circle: the quiz's "which activation did it use?" set-up, small
  let result: TrainResult;
  let data: Dataset;
  const names = () => [...activationSpellings(result.spec.activation), ...datasetSpellings(result.spec.dataset)];

  beforeAll(async () => {
    result = await train(resolveSpec({ dataset: 'circle', layers: [4, 2], activation: 'identity', points: 200, epochs: 30, seed: 11 }));
    data = generateDataset(result.spec);
  });

  it('the default titles do name the dataset and the activation (what the hidden versions must leave out)', async () => {
    for (const draw of [() => renderDecisionBoundary(result, data), () => renderLossCurve(result), () => renderGradientFlow(result)]) {
      const found = namesFoundIn(await drawnTexts(draw), names());
      expect(found.length).toBeGreaterThan(0);
    }
  });

  it('decision boundary: no dataset or activation name is drawn or in the alt text, the architecture still is', async () => {
    const { value: image, texts } = await captureDrawnText(() => renderDecisionBoundary(result, data, { hideNames: true }));
    expect(namesFoundIn(texts, names())).toEqual([]);
    expect(namesFoundIn([image.alt], names())).toEqual([]);
    expect(texts.join('\n')).toContain('2-4-2-1');
  });

  it('decision boundary: differs from the default in the title line only, not in the heatmap', async () => {
    const [plain, hidden] = await Promise.all([decode(await renderDecisionBoundary(result, data)), decode(await renderDecisionBoundary(result, data, { hideNames: true }))]);
    expect(differingPixels(plain, hidden, titleBand(plain))).toBeGreaterThan(100);
    const { rect } = boundaryLayout(480, data.kind);
    expect(differingPixels(plain, hidden, { left: rect.left, top: rect.top, right: rect.left + rect.size, bottom: rect.top + rect.size })).toBe(0);
  });

  it('loss curve: no dataset or activation name is drawn; "training loss" still is', async () => {
    const { texts } = await captureDrawnText(() => renderLossCurve(result, { hideNames: true }));
    expect(namesFoundIn(texts, names())).toEqual([]);
    expect(texts).toContain('training loss');
  });

  it('loss curve: differs from the default in the title line', async () => {
    const [plain, hidden] = await Promise.all([decode(await renderLossCurve(result)), decode(await renderLossCurve(result, { hideNames: true }))]);
    expect(differingPixels(plain, hidden, titleBand(plain))).toBeGreaterThan(100);
  });

  it('gradient flow: no activation name is drawn or in the alt text; the layer names still are', async () => {
    const { value: image, texts } = await captureDrawnText(() => renderGradientFlow(result, { hideNames: true }));
    expect(namesFoundIn(texts, names())).toEqual([]);
    expect(namesFoundIn([image.alt], names())).toEqual([]);
    expect(texts).toContain('input → hidden 1');
  });

  it('gradient flow: differs from the default in the title line', async () => {
    const [plain, hidden] = await Promise.all([decode(await renderGradientFlow(result)), decode(await renderGradientFlow(result, { hideNames: true }))]);
    expect(differingPixels(plain, hidden, titleBand(plain))).toBeGreaterThan(100);
  });

  it('with hideNames false every picture is byte for byte the default one', async () => {
    expect((await renderDecisionBoundary(result, data, { hideNames: false })).data.equals((await renderDecisionBoundary(result, data)).data)).toBe(true);
    expect((await renderLossCurve(result, { hideNames: false })).data.equals((await renderLossCurve(result)).data)).toBe(true);
    expect((await renderGradientFlow(result, { hideNames: false })).data.equals((await renderGradientFlow(result)).data)).toBe(true);
    expect((await renderDataset(data, { hideNames: false })).data.equals((await renderDataset(data)).data)).toBe(true);
  });
});

describe('optimiser paths with hideNames', () => {
  const names = ['GD', 'Momentum', 'AdaGrad', 'RMSProp', 'Adam', 'Nesterov'];
  it.each([
    ['PNG', () => renderOptimizerPaths('ravine', { hideNames: true })],
    ['GIF', () => renderOptimizerPathsGif('ravine', { hideNames: true, frames: 4 })],
  ] as const)('%s: no optimiser is named in the picture or its alt text', async (_kind, draw) => {
    const { value: image, texts } = await captureDrawnText(draw);
    expect(namesFoundIn(texts, names)).toEqual([]);
    expect(namesFoundIn([image.alt], names)).toEqual([]);
    expect(texts.some((t) => t.startsWith('path 1'))).toBe(true);
  });
});
