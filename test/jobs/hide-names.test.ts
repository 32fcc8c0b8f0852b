/** Jobs carry `hideNames` to the renderers: quiz pictures drawn in the pool name no activation or dataset. */
import { describe, expect, it } from 'vitest';
import { activations } from '../../src/engine/activations.ts';
import { datasets } from '../../src/engine/datasets.ts';
import { runTask } from '../../src/jobs/tasks.ts';
import type { JobTask, TrainTask } from '../../src/jobs/types.ts';
import { captureDrawnText, namesFoundIn, spellingsOf } from '../render/drawn-text.ts';

const sigmoidNames = spellingsOf('sigmoid', activations.sigmoid.label);
const spiralNames = spellingsOf('spiral', datasets.spiral.label);
const smallRun: TrainTask['spec'] = { dataset: 'spiral', layers: [3], activation: 'sigmoid', points: 100, epochs: 5, seed: 1 };

async function drawnBy(task: JobTask): Promise<{ texts: string[]; names: string[] }> {
  const { value, texts } = await captureDrawnText(() => runTask(task));
  return { texts, names: value.images.map((image) => image.name) };
}

describe('render jobs with hideNames', () => {
  it('an activation job draws the plot without the activation\'s name; without the flag the name is drawn', async () => {
    const hidden = await drawnBy({ type: 'render', what: 'activation', names: ['sigmoid'], hideNames: true });
    expect(namesFoundIn(hidden.texts, sigmoidNames)).toEqual([]);
    const plain = await drawnBy({ type: 'render', what: 'activation', names: ['sigmoid'] });
    expect(namesFoundIn(plain.texts, sigmoidNames).length).toBeGreaterThan(0);
  });

  it('a dataset job draws the points without the dataset\'s name; without the flag the name is drawn', async () => {
    const hidden = await drawnBy({ type: 'render', what: 'dataset', spec: { dataset: 'spiral', points: 100 }, hideNames: true });
    expect(namesFoundIn(hidden.texts, spiralNames)).toEqual([]);
    const plain = await drawnBy({ type: 'render', what: 'dataset', spec: { dataset: 'spiral', points: 100 } });
    expect(namesFoundIn(plain.texts, spiralNames).length).toBeGreaterThan(0);
  });
});

describe('training jobs with hideNames', () => {
  it('boundary, loss curve, gradient flow and dataset name neither the dataset nor the activation', async () => {
    const hidden = await drawnBy({ type: 'train', spec: smallRun, images: ['boundary', 'loss', 'gradients', 'dataset'], hideNames: true });
    expect(hidden.names).toEqual(['boundary.png', 'loss.png', 'gradients.png', 'dataset.png']);
    expect(namesFoundIn(hidden.texts, [...sigmoidNames, ...spiralNames])).toEqual([]);
  });

  it('without the flag the same pictures name both (the option is what removes them)', async () => {
    const plain = await drawnBy({ type: 'train', spec: smallRun, images: ['boundary', 'loss', 'gradients', 'dataset'] });
    expect(namesFoundIn(plain.texts, sigmoidNames).length).toBeGreaterThan(0);
    expect(namesFoundIn(plain.texts, spiralNames).length).toBeGreaterThan(0);
  });

  it('refuses pictures that always name the set-up (summary, network, gif), naming the allowed kinds, before training', async () => {
    const task: JobTask = { type: 'train', spec: { ...smallRun, epochs: 100_000 }, images: ['boundary', 'summary'], hideNames: true };
    await expect(runTask(task)).rejects.toThrow(/hideNames cannot be used with the image kind\(s\) summary; allowed with hideNames: boundary, loss, gradients, dataset/);
  });
});
