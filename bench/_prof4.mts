import { generateDataset } from '../src/engine/datasets.ts';
import { train } from '../src/engine/train.ts';
import { drawTrainingFrames } from '../src/render/training-gif.ts';
const result = await train({ dataset: 'spiral', points: 500, noise: 0, split: { train: 0.5, val: 0, test: 0.5 }, features: ['x1', 'x2'], layers: [8, 8], activation: 'tanh', playgroundMode: true, learningRate: 0.03, batchSize: 10, epochs: 500, seed: 1 } as any, { snapshotEvery: 12 });
const ds = generateDataset(result.spec);
for (let i = 0; i < 6; i++) drawTrainingFrames(result, ds, { frames: 40, widthPx: 480, pixelRatio: 2 });
