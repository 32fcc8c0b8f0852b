import { describe, expect, it } from 'vitest';
import * as render from '../../src/render/index.ts';
import type { RenderedImage } from '../../src/render/index.ts';
import { decode, layoutSize, pixel } from './helpers.ts';
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
  it.each(pictures)('%s: returns alt text, a file name matching its type, and an opaque image laid out at a chat-friendly size with twice the pixels', async (_label, draw) => {
    const image = await draw();
    expect(image.alt.length).toBeGreaterThan(60);
    const isGif = image.contentType === 'image/gif';
    expect(image.name.endsWith(isGif ? '.gif' : '.png')).toBe(true);
    expect(image.data.subarray(0, 4).toString('latin1')).toBe(isGif ? 'GIF8' : '\x89PNG');
    // Laid out 400–1000 px wide and drawn at 2 device pixels per layout px, so the web chat's
    // 500–820 px wide images stay sharp on high-density screens (issue 14: a 480 px GIF was blurry).
    expect(image.pixelRatio).toBe(2);
    expect(image.width / 2).toBeGreaterThanOrEqual(400);
    expect(image.width / 2).toBeLessThanOrEqual(1000);
    const decoded = await decode(image);
    expect([decoded.width, decoded.height]).toEqual([image.width, image.height]);
    // Opaque background: corners and centre are fully opaque, so dark chat themes do not show through.
    const { width, height } = layoutSize(decoded);
    for (const [x, y] of [[1, 1], [width - 2, 1], [1, height - 2], [width / 2, height / 2]]) {
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
