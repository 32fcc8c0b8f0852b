/**
 * Writes one example of every picture the bot draws into examples/ (git-ignored), so a person can
 * look at them all: `npm run render:examples`. GIFs also get four frames (first, early, middle,
 * last) decoded from the file as PNG.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { generateDataset } from '../src/engine/datasets.ts';
import { train } from '../src/engine/train.ts';
import { SURFACE_NAMES } from '../src/engine/surfaces.ts';
import { resolveSpec, type TrainSpecInput } from '../src/engine/spec.ts';
import {
  renderActivationPlot, renderComparison, renderDataset, renderDecisionBoundary, renderGradientFlow, renderLossCurve,
  renderNetworkDiagram, renderOptimizerPaths, renderOptimizerPathsGif, renderSummaryCard, renderTrainingGif, type RenderedImage,
} from '../src/render/index.ts';
import { decodeGifFrames } from '../test/render/gif-decode.ts';

const OUT_DIR = 'examples';

function save(fileName: string, image: RenderedImage): void {
  writeFileSync(join(OUT_DIR, fileName), image.data);
  console.log(`${fileName.padEnd(36)} ${image.width}×${image.height}  ${(image.data.length / 1024).toFixed(0).padStart(5)} KiB  alt: ${image.alt.slice(0, 90)}…`);
  if (image.contentType === 'image/gif') saveGifFrames(fileName, image.data);
}

/** A GIF's first, early, middle and last frames as a viewer sees them (decoded from the file), as PNG. */
function saveGifFrames(fileName: string, data: Buffer): void {
  const gif = decodeGifFrames(data);
  const last = gif.frames.length - 1;
  const picks: [string, number][] = [['first', 0], ['early', Math.min(last, 4)], ['middle', Math.floor(last / 2)], ['last', last]];
  for (const [label, index] of picks) {
    const canvas = createCanvas(gif.width, gif.height);
    const ctx = canvas.getContext('2d');
    const image = ctx.createImageData(gif.width, gif.height);
    image.data.set(gif.frames[index].rgba);
    ctx.putImageData(image, 0, 0);
    writeFileSync(join(OUT_DIR, fileName.replace(/\.gif$/, `-frame-${label}.png`)), canvas.toBuffer('image/png'));
  }
}

async function main(): Promise<void> {
  mkdirSync(OUT_DIR, { recursive: true });
  const spiralSpec: TrainSpecInput = {
    dataset: 'spiral', layers: [8, 8], activation: 'tanh', playgroundMode: true, learningRate: 0.03, batchSize: 10,
    epochs: 600, split: { train: 0.7, val: 0.15, test: 0.15 }, earlyStopping: 150, seed: 7,
  };
  const spiral = await train(spiralSpec, { snapshotEvery: 10 });
  const spiralData = generateDataset(spiral.spec);
  save('boundary-spiral.png', await renderDecisionBoundary(spiral, spiralData));
  save('boundary-spiral-discretized.png', await renderDecisionBoundary(spiral, spiralData, { discretize: true }));
  save('loss-spiral.png', await renderLossCurve(spiral));
  save('network-spiral.png', await renderNetworkDiagram(spiral.network));
  save('summary-spiral.png', await renderSummaryCard(spiral, spiralData));
  save('training-spiral.gif', await renderTrainingGif(spiral, spiralData, { frames: 40 }));

  // What a student sees first: /train with the defaults (circle, 2-4-2-1 tanh, half the points for testing),
  // and /train dataset:spiral (dense test points on top of the training points).
  const defaults = await train({}, { snapshotEvery: 5 });
  const defaultsData = generateDataset(defaults.spec);
  save('default-boundary.png', await renderDecisionBoundary(defaults, defaultsData));
  save('default-loss.png', await renderLossCurve(defaults));
  save('default-gradients.png', await renderGradientFlow(defaults));
  save('default-training.gif', await renderTrainingGif(defaults, defaultsData, { frames: 40 }));
  const spiralDefaults = await train({ dataset: 'spiral' }, { snapshotEvery: 5 });
  const spiralDefaultsData = generateDataset(spiralDefaults.spec);
  save('default-spiral-boundary.png', await renderDecisionBoundary(spiralDefaults, spiralDefaultsData));
  save('default-spiral-training.gif', await renderTrainingGif(spiralDefaults, spiralDefaultsData, { frames: 40 }));

  const circle = await train({ dataset: 'circle', noise: 20, layers: [4, 2], activation: 'tanh', epochs: 150, seed: 3 });
  const circleData = generateDataset(circle.spec);
  save('boundary-circle.png', await renderDecisionBoundary(circle, circleData));
  save('dataset-circle.png', await renderDataset(circleData));
  save('dataset-xor.png', await renderDataset(generateDataset({ dataset: 'xor', points: 500, noise: 10, split: { train: 0.7, val: 0.15, test: 0.15 }, seed: 1 })));

  const plane = await train({ dataset: 'multigauss', layers: [8, 8], activation: 'tanh', epochs: 200, seed: 2 });
  const planeData = generateDataset(plane.spec);
  save('surface-multigauss.png', await renderDecisionBoundary(plane, planeData));
  save('dataset-multigauss.png', await renderDataset(planeData));
  save('loss-multigauss.png', await renderLossCurve(plane));

  const blobs = await train({ dataset: 'spiral3', layers: [12, 12], activation: 'relu', optimizer: 'adam', learningRate: 0.01, epochs: 300, seed: 4 });
  const blobsData = generateDataset(blobs.spec);
  save('boundary-spiral3.png', await renderDecisionBoundary(blobs, blobsData));
  save('network-spiral3.png', await renderNetworkDiagram(blobs.network));

  const deep = await train({ dataset: 'circle', layers: [8, 8, 8, 8, 8, 8], activation: 'sigmoid', epochs: 150, seed: 5 });
  save('gradients-sigmoid-deep.png', await renderGradientFlow(deep));
  const deepRelu = await train({ dataset: 'circle', layers: [8, 8, 8, 8, 8, 8], activation: 'relu', epochs: 150, seed: 5 });
  save('gradients-relu-deep.png', await renderGradientFlow(deepRelu));
  save('network-deep-relu.png', await renderNetworkDiagram(deepRelu.network));

  const diverged = await train({ dataset: 'plane', layers: [8], activation: 'relu', learningRate: 0.8, epochs: 100, seed: 1 });
  save(`loss-${diverged.stopReason}.png`, await renderLossCurve(diverged));
  const noisy = await train({ dataset: 'xor', noise: 30, layers: [8, 8, 8], activation: 'relu', learningRate: 0.03, epochs: 400, split: { train: 0.5, val: 0.2, test: 0.3 }, earlyStopping: 40, seed: 2 });
  save(`loss-${noisy.stopReason}.png`, await renderLossCurve(noisy));

  const groups = [];
  for (const activation of ['tanh', 'sigmoid', 'relu'] as const) {
    const runs = [];
    for (const seed of [1, 2, 3]) runs.push(await train({ dataset: 'circle', layers: [4, 2], activation, epochs: 150, seed }));
    groups.push({ label: activation, runs });
  }
  save('comparison-activations.png', await renderComparison(groups));
  const batches = [];
  for (const batchSize of [1, 10, 'full'] as const) batches.push({ label: `batch ${batchSize}`, runs: [await train({ dataset: 'gauss', layers: [4], epochs: 60, batchSize, seed: 1 })] });
  save('comparison-batch-size.png', await renderComparison(batches, { title: 'Batch size: SGD vs mini-batch vs full batch' }));

  save('activation-sigmoid.png', await renderActivationPlot(['sigmoid']));
  save('activation-relu.png', await renderActivationPlot(['relu']));
  save('activation-tanh-sigmoid-relu.png', await renderActivationPlot(['tanh', 'sigmoid', 'relu']));
  for (const name of ['identity', 'binary-step', 'tanh', 'gelu', 'softplus', 'elu', 'selu', 'leaky-relu'] as const) {
    save(`activation-${name}.png`, await renderActivationPlot([name]));
  }

  // Quiz pictures ("read the chart"): nothing in them names the activation or the dataset.
  save('quiz-activation-sigmoid-hidden.png', await renderActivationPlot(['sigmoid'], { hideNames: true }));
  save('quiz-activation-overlay-hidden.png', await renderActivationPlot(['tanh', 'sigmoid', 'relu'], { hideNames: true }));
  save('quiz-dataset-spiral-hidden.png', await renderDataset(generateDataset(resolveSpec({ dataset: 'spiral', noise: 0 })), { hideNames: true }));
  const linear = await train({ dataset: 'circle', features: ['x1', 'x2'], layers: [4, 2], activation: 'identity', learningRate: 0.03, batchSize: 10, epochs: 200, seed: 11 });
  save('quiz-boundary-identity-hidden.png', await renderDecisionBoundary(linear, generateDataset(linear.spec), { hideNames: true }));
  save('quiz-loss-identity-hidden.png', await renderLossCurve(linear, { hideNames: true }));
  save('quiz-gradients-sigmoid-deep-hidden.png', await renderGradientFlow(deep, { hideNames: true }));

  for (const surface of SURFACE_NAMES) save(`optimizers-${surface}.png`, await renderOptimizerPaths(surface));
  save('optimizers-saddle.gif', await renderOptimizerPathsGif('saddle'));
  save('optimizers-rosenbrock.gif', await renderOptimizerPathsGif('rosenbrock'));
  console.log(`\nWrote examples to ${OUT_DIR}/`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
