import { describe, expect, it } from 'vitest';
import { drawTrainingFrames, renderTrainingGif, trainingGifLayout } from '../../src/render/training-gif.ts';
import { planeMapping } from '../../src/render/plane.ts';
import { PLANE_DOMAIN } from '../../src/render/boundary-panel.ts';
import { renderOptimizerPathsGif } from '../../src/render/optimizer-paths.ts';
import { GIF_MAX_BYTES } from '../../src/render/gif.ts';
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
