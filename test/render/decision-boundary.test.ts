import { describe, expect, it } from 'vitest';
import { boundaryLayout, renderDecisionBoundary } from '../../src/render/decision-boundary.ts';
import { renderDataset } from '../../src/render/dataset-view.ts';
import { planeMapping } from '../../src/render/plane.ts';
import { PLANE_DOMAIN } from '../../src/render/boundary-panel.ts';
import type { NetworkData } from '../../src/engine/types.ts';
import { centroid, decode, findPixels, isBlue, isOrange, pixel, type Rgba } from './helpers.ts';
import { linearNetwork, makeDataset, makeResult } from './fixtures.ts';
import { capturePlacedText } from './drawn-text.ts';

const layout = boundaryLayout(480, 'binary');
const map = planeMapping(layout.rect, PLANE_DOMAIN);
const plotRegion = { left: layout.rect.left, top: layout.rect.top, width: layout.rect.size, height: layout.rect.size };
const saturated = ([r, g, b]: Rgba) => Math.max(r, g, b) - Math.min(r, g, b) > 90;

describe('renderDecisionBoundary', () => {
  it('paints the right half blue and the left half orange for a model that predicts +1 exactly when x1 > 0', async () => {
    const image = await decode(await renderDecisionBoundary(makeResult({ network: linearNetwork(5, 0, 0) }), makeDataset([])));
    for (const x2 of [-5, -2, 0, 2, 5]) {
      expect(isBlue(pixel(image, map.px(3), map.py(x2)))).toBe(true);
      expect(isOrange(pixel(image, map.px(-3), map.py(x2)))).toBe(true);
    }
  });

  it('puts larger x2 higher up: a model predicting +1 for x2 > 0 is blue at the top and orange at the bottom', async () => {
    const image = await decode(await renderDecisionBoundary(makeResult({ network: linearNetwork(0, 5, 0) }), makeDataset([])));
    expect(isBlue(pixel(image, map.px(0), layout.rect.top + 10))).toBe(true);
    expect(isOrange(pixel(image, map.px(0), layout.rect.top + layout.rect.size - 10))).toBe(true);
  });

  it('draws a training point at (5, 5) in the top-right quadrant of the plot', async () => {
    // A model that outputs 0 everywhere paints neutral grey, so the point is the only saturated colour.
    const dataset = makeDataset([{ x1: 5, x2: 5, label: 1 }]);
    const image = await decode(await renderDecisionBoundary(makeResult({ network: linearNetwork(0, 0, 0) }), dataset));
    const marks = findPixels(image, plotRegion, saturated);
    expect(marks.length).toBeGreaterThan(10);
    const centre = centroid(marks);
    expect(centre.x).toBeGreaterThan(layout.rect.left + layout.rect.size / 2);
    expect(centre.y).toBeLessThan(layout.rect.top + layout.rect.size / 2);
    expect(Math.abs(centre.x - map.px(5))).toBeLessThan(2);
    expect(Math.abs(centre.y - map.py(5))).toBeLessThan(2);
  });

  it('draws test points differently from training points (a dark-outlined diamond, not a circle)', async () => {
    const dataset = makeDataset([{ x1: -3, x2: 3, label: 1 }], [{ x1: 3, x2: -3, label: 1 }]);
    const image = await decode(await renderDecisionBoundary(makeResult({ network: linearNetwork(0, 0, 0) }), dataset));
    const dark = ([r, g, b]: Rgba) => r + g + b < 200;
    const around = (x1: number, x2: number) => ({ left: map.px(x1) - 9, top: map.py(x2) - 9, width: 19, height: 19 });
    const trainDark = findPixels(image, around(-3, 3), dark).length;
    const testDark = findPixels(image, around(3, -3), dark).length;
    expect(testDark).toBeGreaterThan(trainDark + 10);
    // The diamond reaches further up than the circle of the same radius.
    const trainTop = Math.min(...findPixels(image, around(-3, 3), saturated).map((p) => p.y)) - map.py(3);
    const testTop = Math.min(...findPixels(image, around(3, -3), (p) => saturated(p) || dark(p)).map((p) => p.y)) - map.py(-3);
    expect(testTop).toBeLessThan(trainTop);
  });

  it('keeps a training dot visible under a test marker at the same spot (issue 14: dense spiral test diamonds hid the training dots)', async () => {
    // A blue (+1) training point and an orange (−1) test point exactly on top of each other, on a neutral grey model.
    const dataset = makeDataset([{ x1: 2, x2: 2, label: 1 }], [{ x1: 2, x2: 2, label: -1 }]);
    const image = await decode(await renderDecisionBoundary(makeResult({ network: linearNetwork(0, 0, 0) }), dataset));
    const centre = { left: map.px(2) - 1.5, top: map.py(2) - 1.5, width: 3, height: 3 };
    expect(findPixels(image, centre, (p) => isBlue(p) && saturated(p)).length).toBeGreaterThanOrEqual(9);
    // …and the test point is still there, as an orange outline around it.
    const ring = findPixels(image, { left: map.px(2) - 9, top: map.py(2) - 9, width: 19, height: 19 }, (p) => isOrange(p) && saturated(p));
    expect(ring.length).toBeGreaterThan(10);
  });

  it('draws each legend marker in the shape used in the plot: a filled circle for training, hollow shapes for validation and test', async () => {
    const dataset = makeDataset([{ x1: 0, x2: 0, label: 1 }], [{ x1: 1, x2: 1, label: 1 }], { val: [{ x1: -1, x2: 1, label: 1 }] });
    const { placed } = await capturePlacedText(() => renderDecisionBoundary(makeResult({ network: linearNetwork(0, 0, 0) }), dataset));
    const image = await decode(await renderDecisionBoundary(makeResult({ network: linearNetwork(0, 0, 0) }), dataset));
    const markerCentre = (word: string) => {
      const label = placed.find((p) => p.text === word);
      expect(label, word).toBeDefined();
      return { x: label!.x - 12, y: label!.y };
    };
    const grey = ([r, g, b]: Rgba) => Math.abs(r - 140) < 30 && Math.abs(g - 149) < 30 && Math.abs(b - 159) < 30;
    const training = markerCentre('training');
    expect(grey(pixel(image, training.x, training.y))).toBe(true); // filled
    for (const word of ['validation', 'test']) {
      const at = markerCentre(word);
      expect(grey(pixel(image, at.x, at.y)), `${word} marker is hollow`).toBe(false);
      expect(findPixels(image, { left: at.x - 6, top: at.y - 6, width: 13, height: 13 }, grey).length, `${word} marker outline`).toBeGreaterThan(8);
    }
    expect(placed.map((p) => p.text)).not.toContain('◆ test');
  });

  it('shows only the two class colours when discretized, even where the score is close to 0', async () => {
    const result = makeResult({ network: linearNetwork(0.2, 0, 0) });
    const smooth = await decode(await renderDecisionBoundary(result, makeDataset([])));
    const crisp = await decode(await renderDecisionBoundary(result, makeDataset([]), { discretize: true }));
    const near = pixel(smooth, map.px(0.5), map.py(0));
    const nearCrisp = pixel(crisp, map.px(0.5), map.py(0));
    expect(isBlue(near)).toBe(false); // tanh(0.1) is almost neutral grey
    expect(isBlue(nearCrisp)).toBe(true);
    expect(isOrange(pixel(crisp, map.px(-0.5), map.py(0)))).toBe(true);
  });

  it('draws a regression surface with a colour bar that runs from orange at the bottom to blue at the top', async () => {
    const network: NetworkData = { ...linearNetwork(0, 0.3, 0), output: 'linear' };
    const result = makeResult({ network, kind: 'regression', classes: 1 });
    const rendered = await renderDecisionBoundary(result, makeDataset([{ x1: 0, x2: 0, label: 0.5 }], [], { kind: 'regression', classes: 1, name: 'plane' }));
    const image = await decode(rendered);
    const regression = boundaryLayout(480, 'regression');
    const barX = regression.rect.left + regression.rect.size + 14 + 7;
    expect(isBlue(pixel(image, barX, regression.rect.top + 3))).toBe(true);
    expect(isOrange(pixel(image, barX, regression.rect.top + regression.rect.size - 3))).toBe(true);
    expect(rendered.alt).toMatch(/Predicted surface/);
  });

  it('returns an opaque PNG with alt text that names the dataset, the network and the class shares', async () => {
    const rendered = await renderDecisionBoundary(makeResult({ network: linearNetwork(5, 0, 0) }), makeDataset([{ x1: 1, x2: 1, label: 1 }], [{ x1: -1, x2: 1, label: -1 }]));
    expect(rendered.contentType).toBe('image/png');
    expect(rendered.name).toBe('boundary.png');
    expect(rendered.alt).toMatch(/gauss/);
    expect(rendered.alt).toMatch(/2-1/);
    expect(rendered.alt).toMatch(/blue regions \+1 \(50\.0%\)/);
    const image = await decode(rendered);
    expect(pixel(image, 2, 2)[3]).toBe(255);
    expect(image.data[image.data.length - 1]).toBe(255);
  });
});

describe('renderDataset', () => {
  it('draws a point at (5, 5) in the top-right and one at (−5, −5) in the bottom-left', async () => {
    const dataset = makeDataset([{ x1: 5, x2: 5, label: 1 }, { x1: -5, x2: -5, label: -1 }]);
    const image = await decode(await renderDataset(dataset));
    const blue = centroid(findPixels(image, plotRegion, (p) => saturated(p) && isBlue(p)));
    const orange = centroid(findPixels(image, plotRegion, (p) => saturated(p) && isOrange(p)));
    const middle = { x: layout.rect.left + layout.rect.size / 2, y: layout.rect.top + layout.rect.size / 2 };
    expect(blue.x > middle.x && blue.y < middle.y).toBe(true);
    expect(orange.x < middle.x && orange.y > middle.y).toBe(true);
    expect(Math.abs(blue.x - map.px(5))).toBeLessThan(2);
    expect(Math.abs(blue.y - map.py(5))).toBeLessThan(2);
    expect(Math.abs(orange.x - map.px(-5))).toBeLessThan(2);
    expect(Math.abs(orange.y - map.py(-5))).toBeLessThan(2);
  });
});
