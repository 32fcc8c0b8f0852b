import { describe, expect, it } from 'vitest';
import { generateDataset, resolveSpec, train } from '../../src/engine/index.ts';
import { renderTrainImages } from '../../src/jobs/tasks.ts';
import type { TrainImageKind } from '../../src/jobs/types.ts';
import { parseGif } from '../render/helpers.ts';

describe('renderTrainImages', () => {
  it('draws one picture per requested kind, in the order asked', async () => {
    const result = await train(resolveSpec({ dataset: 'xor', layers: '3', epochs: 12, points: 100, seed: 1 }), { snapshotEvery: 1 });
    const dataset = generateDataset(result.spec);
    const kinds: TrainImageKind[] = ['summary', 'gif', 'dataset', 'gradients', 'boundary', 'network', 'loss'];
    const images = await renderTrainImages(result, dataset, kinds, 2);
    expect(images.map((image) => image.name)).toEqual(
      ['summary.png', 'training.gif', 'dataset.png', 'gradients.png', 'boundary.png', 'network.png', 'loss.png'],
    );
  });

  it('draws the training GIF with the number of frames asked for (fewer than the 12 snapshots)', async () => {
    const result = await train(resolveSpec({ dataset: 'xor', layers: '3', epochs: 12, points: 100, seed: 1 }), { snapshotEvery: 1 });
    const [gif] = await renderTrainImages(result, generateDataset(result.spec), ['gif'], 5);
    expect(parseGif(gif!.data).frames).toBe(5);
  });

  it('draws nothing when no picture is asked for', async () => {
    const result = await train(resolveSpec({ dataset: 'xor', epochs: 1, points: 50, seed: 1 }));
    expect(await renderTrainImages(result, generateDataset(result.spec), [])).toEqual([]);
  });
});
