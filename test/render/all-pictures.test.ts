import { describe, expect, it } from 'vitest';
import * as render from '../../src/render/index.ts';
import type { RenderedImage } from '../../src/render/index.ts';
import { decode, pixel } from './helpers.ts';
import { hiddenNetwork, makeDataset, makeHistory, makeResult, makeSnapshots } from './fixtures.ts';

const history = makeHistory(60, 40);
const result = makeResult({ history, network: hiddenNetwork(), params: 13, snapshots: makeSnapshots(6, history, (t) => hiddenNetwork().params.map((w) => w * t)) });
const dataset = makeDataset([{ x1: 1, x2: 2, label: 1 }, { x1: -3, x2: 0, label: -1 }], [{ x1: 2, x2: -2, label: 1 }]);

const pictures: [string, () => Promise<RenderedImage>][] = [
  ['decision boundary', () => render.renderDecisionBoundary(result, dataset)],
  ['loss curve', () => render.renderLossCurve(result)],
  ['gradient flow', () => render.renderGradientFlow(result)],
  ['dataset', () => render.renderDataset(dataset)],
  ['network diagram', () => render.renderNetworkDiagram(result.network)],
  ['activation plot', () => render.renderActivationPlot(['relu'])],
  ['optimiser paths', () => render.renderOptimizerPaths('rosenbrock')],
  ['optimiser paths GIF', () => render.renderOptimizerPathsGif('ravine', { frames: 4 })],
  ['comparison', () => render.renderComparison([{ label: 'a', runs: [result] }, { label: 'b', runs: [result, result] }])],
  ['training GIF', () => render.renderTrainingGif(result, dataset, { frames: 6 })],
  ['summary card', () => render.renderSummaryCard(result, dataset)],
];

describe('every picture', () => {
  it.each(pictures)('%s: returns alt text, a file name matching its type, and an opaque image at a chat-friendly size', async (_label, draw) => {
    const image = await draw();
    expect(image.alt.length).toBeGreaterThan(60);
    const isGif = image.contentType === 'image/gif';
    expect(image.name.endsWith(isGif ? '.gif' : '.png')).toBe(true);
    expect(image.data.subarray(0, 4).toString('latin1')).toBe(isGif ? 'GIF8' : '\x89PNG');
    expect(image.width).toBeGreaterThanOrEqual(400);
    expect(image.width).toBeLessThanOrEqual(1000);
    const decoded = await decode(image);
    expect([decoded.width, decoded.height]).toEqual([image.width, image.height]);
    // Opaque background: corners and centre are fully opaque, so dark chat themes do not show through.
    for (const [x, y] of [[1, 1], [decoded.width - 2, 1], [1, decoded.height - 2], [decoded.width / 2, decoded.height / 2]]) {
      expect(pixel(decoded, x, y)[3]).toBe(255);
    }
  });
});

describe('text', () => {
  it('draws the title in dark, legible text (fails when the machine has no font: install fonts-dejavu-core)', async () => {
    const image = await decode(await render.renderDataset(dataset));
    // The title line sits in the top 30 px; dark glyph pixels must be there.
    let dark = 0;
    for (let y = 10; y < 30; y++) for (let x = 10; x < 300; x++) {
      const [r, g, b] = pixel(image, x, y);
      if (r + g + b < 250) dark++;
    }
    expect(dark).toBeGreaterThan(150);
  });
});
