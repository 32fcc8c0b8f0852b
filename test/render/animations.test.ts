import { describe, expect, it } from 'vitest';
import { drawTrainingFrames, renderTrainingGif, trainingGifLayout } from '../../src/render/training-gif.ts';
import { planeMapping } from '../../src/render/plane.ts';
import { PLANE_DOMAIN } from '../../src/render/boundary-panel.ts';
import { renderOptimizerPathsGif } from '../../src/render/optimizer-paths.ts';
import { encodeGif, GIF_MAX_BYTES, type GifFrame } from '../../src/render/gif.ts';
import { decodeGifFrames } from './gif-decode.ts';
import { frameAsImage, isBlue, isOrange, parseGif, pixel, type Rgba } from './helpers.ts';
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
