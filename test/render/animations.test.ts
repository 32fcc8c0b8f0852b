import { describe, expect, it } from 'vitest';
import { drawTrainingFrames, renderTrainingGif, trainingGifLayout } from '../../src/render/training-gif.ts';
import { planeMapping } from '../../src/render/plane.ts';
import { PLANE_DOMAIN } from '../../src/render/boundary-panel.ts';
import { renderOptimizerPathsGif } from '../../src/render/optimizer-paths.ts';
import { encodeGif, GIF_MAX_BYTES, type GifFrame } from '../../src/render/gif.ts';
import { decodeGifFrames } from './gif-decode.ts';
import { colorDistance, findPixels, frameAsImage, isBlue, isOrange, parseGif, pixel, type Rgba } from './helpers.ts';
import { capturePlacedText, textBox } from './drawn-text.ts';
import { FONT_PX, THEME } from '../../src/render/theme.ts';
import { hexToRgb } from '../../src/render/colors.ts';
import { train } from '../../src/engine/train.ts';
import { generateDataset } from '../../src/engine/datasets.ts';
import { makeDataset, makeHistory, makeResult, makeSnapshots } from './fixtures.ts';

const history = makeHistory(100, 90);
const dataset = makeDataset([{ x1: 2, x2: 1, label: 1 }, { x1: -2, x2: -1, label: -1 }], [{ x1: 3, x2: 3, label: 1 }]);

describe('renderTrainingGif', () => {
  it('has exactly the number of frames asked for, loops, and stays under 8 MiB', async () => {
    const result = makeResult({ history, snapshots: makeSnapshots(51, history) });
    const gif = await renderTrainingGif(result, dataset, { frames: 24 });
    const parsed = parseGif(gif.data);
    expect(parsed.frames).toBe(24);
    expect(parsed.loops).toBe(true);
    expect(gif.data.length).toBeLessThan(GIF_MAX_BYTES);
    expect(gif.contentType).toBe('image/gif');
    expect([parsed.width, parsed.height]).toEqual([gif.width, gif.height]);
    // The last frame is held longer so viewers can read the final state.
    expect(parsed.delaysMs[parsed.delaysMs.length - 1]).toBeGreaterThan(parsed.delaysMs[0]);
  });

  it('uses one frame per snapshot when there are fewer snapshots than frames asked for', async () => {
    const result = makeResult({ history, snapshots: makeSnapshots(7, history) });
    const gif = await renderTrainingGif(result, dataset, { frames: 40 });
    expect(parseGif(gif.data).frames).toBe(7);
  });

  it('animates the boundary: undecided grey at the first snapshot, right half blue and left half orange at the last', async () => {
    // makeSnapshots moves the weight on x1 from 0 to 5: score = tanh(w·x1).
    const result = makeResult({ history, snapshots: makeSnapshots(10, history) });
    const drawn = drawTrainingFrames(result, dataset, { frames: 10, widthPx: 480 });
    const { plot } = trainingGifLayout(480);
    const map = planeMapping(plot, PLANE_DOMAIN);
    const at = (frame: number, x1: number, x2: number): Rgba =>
      pixel(frameAsImage(drawn.frames[frame].rgba, drawn.deviceWidth, drawn.deviceHeight, drawn.pixelRatio), map.px(x1), map.py(x2));
    expect(isBlue(at(0, 4, -4)) || isOrange(at(0, 4, -4))).toBe(false);
    expect(isBlue(at(9, 4, -4))).toBe(true);
    expect(isOrange(at(9, -4, -4))).toBe(true);
  });

  it('leaves a clear gap between the text block (down to "test acc") and the mini loss chart with its labels (issue 14: they crowded)', async () => {
    const result = makeResult({ history, snapshots: makeSnapshots(2, history) });
    const { placed } = await capturePlacedText(() => drawTrainingFrames(result, dataset, { frames: 2 }));
    const { chartRect, sideLeft } = trainingGifLayout(480);
    const accuracy = placed.find((p) => p.text.startsWith('test acc'));
    expect(accuracy).toBeDefined();
    const accuracyBox = textBox(accuracy!);
    expect(chartRect.top - accuracyBox.bottom).toBeGreaterThanOrEqual(8);
    // Every other string in the side column (the chart's labels) starts at least 6 px below "test acc".
    const below = placed.filter((p) => p.x >= sideLeft - 2 && p.y > accuracy!.y && p !== accuracy);
    expect(below.length).toBeGreaterThan(0);
    for (const p of below) expect(textBox(p).top - accuracyBox.bottom, `"${p.text}"`).toBeGreaterThanOrEqual(6);
  });

  it('fits the mini loss chart to the losses: a loss falling from 0.7 to 0.5 fills most of its height (issue 14: mostly empty)', async () => {
    const narrow = history.map((e, i) => ({ ...e, trainLoss: 0.7 - (0.2 * i) / (history.length - 1), testLoss: 0.71 - (0.18 * i) / (history.length - 1) }));
    const result = makeResult({ history: narrow, snapshots: makeSnapshots(3, narrow) });
    const drawn = drawTrainingFrames(result, dataset, { frames: 3 });
    const { chartRect } = trainingGifLayout(480);
    const last = frameAsImage(drawn.frames[2].rgba, drawn.deviceWidth, drawn.deviceHeight, drawn.pixelRatio);
    const blue = findPixels(last, { left: chartRect.left + 1, top: chartRect.top + 1, width: chartRect.width - 2, height: chartRect.height - 2 }, (p) => colorDistance(p, hexToRgb(THEME.train)) < 40);
    const ys = blue.map((p) => p.y);
    expect((Math.max(...ys) - Math.min(...ys)) / chartRect.height).toBeGreaterThan(0.6);
  });

  it('draws /train\'s default animation at twice its 480 px layout (960 px wide, sharp when the chat enlarges it) and keeps it under 3 MiB', async () => {
    const result = await train({}, { snapshotEvery: 5 });
    const gif = await renderTrainingGif(result, generateDataset(result.spec), { frames: 40 });
    expect(gif.pixelRatio).toBe(2);
    expect(gif.width).toBe(960);
    expect(parseGif(gif.data).width).toBe(960);
    expect(gif.data.length).toBeLessThan(3 * 1024 * 1024);
  });

  it('refuses a result without snapshots with a message saying how to get them', async () => {
    await expect(renderTrainingGif(makeResult(), dataset)).rejects.toThrow(/snapshotEvery/);
  });

  it('says in the alt text which epochs the animation spans', async () => {
    const result = makeResult({ history, snapshots: makeSnapshots(5, history) });
    const gif = await renderTrainingGif(result, dataset, { frames: 5 });
    expect(gif.alt).toMatch(/from epoch 1 to epoch 100/);
  });
});

describe('renderOptimizerPathsGif', () => {
  it('has the frames asked for and stays under 8 MiB', async () => {
    const gif = await renderOptimizerPathsGif('bowl', { frames: 12 });
    const parsed = parseGif(gif.data);
    expect(parsed.frames).toBe(12);
    expect(gif.data.length).toBeLessThan(GIF_MAX_BYTES);
    expect(gif.alt).toMatch(/GD, Momentum, AdaGrad, RMSProp, Adam/);
  });
});

describe('encodeGif', () => {
  /** A 60×40 grey picture with a 6×6 red square at `x`. */
  const frameWithSquareAt = (x: number): GifFrame => {
    const rgba = new Uint8ClampedArray(60 * 40 * 4);
    for (let i = 0; i < rgba.length; i += 4) rgba.set([200, 200, 200, 255], i);
    for (let y = 10; y < 16; y++) for (let dx = 0; dx < 6; dx++) rgba.set([220, 30, 30, 255], (y * 60 + x + dx) * 4);
    return { rgba, delayMs: 100 };
  };

  it('stores only the changed rectangle after the first frame, and a viewer still sees every frame exactly', () => {
    const frames = [frameWithSquareAt(5), frameWithSquareAt(8), frameWithSquareAt(8), frameWithSquareAt(40)];
    const gif = encodeGif(frames, { width: 60, height: 40, pixelRatio: 1 }, 't.gif', 'test');
    const decoded = decodeGifFrames(gif.data);
    expect(decoded.frames).toHaveLength(4);
    decoded.frames.forEach((f, i) => expect(Buffer.from(f.rgba).equals(Buffer.from(frames[i].rgba)), `frame ${i}`).toBe(true));
    expect(decoded.frames[0].box).toEqual({ left: 0, top: 0, width: 60, height: 40 });
    // Square moved from x 5 to 8: columns 5–13 of rows 10–15 changed, nothing else.
    expect(decoded.frames[1].box).toEqual({ left: 5, top: 10, width: 9, height: 6 });
    expect(decoded.frames[2].box.width * decoded.frames[2].box.height).toBe(1);
  });

  it('shows the training animation as drawn: every decoded frame matches its drawn frame up to palette rounding', async () => {
    const result = makeResult({ history, snapshots: makeSnapshots(8, history) });
    const drawn = drawTrainingFrames(result, dataset, { frames: 8 });
    const gif = await renderTrainingGif(result, dataset, { frames: 8 });
    const decoded = decodeGifFrames(gif.data);
    expect(decoded.frames).toHaveLength(8);
    for (const i of [0, 3, 7]) {
      const a = drawn.frames[i].rgba, b = decoded.frames[i].rgba;
      let far = 0;
      for (let k = 0; k < a.length; k += 4) if (Math.max(Math.abs(a[k] - b[k]), Math.abs(a[k + 1] - b[k + 1]), Math.abs(a[k + 2] - b[k + 2])) > 24) far++;
      expect(far / (a.length / 4), `frame ${i}`).toBeLessThan(0.002);
    }
  });
});
