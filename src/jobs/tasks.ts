import type { MessagePort } from 'node:worker_threads';
import { generateDataset, resolveSpec, train } from '../engine/index.ts';
import type { Dataset, EpochEntry, TrainResult } from '../engine/types.ts';
import type { RenderedImage } from '../render/types.ts';
import { runArchitectureTask } from './architecture-task.ts';
import { NAME_HIDING_IMAGE_KINDS, type JobImage, type JobMessage, type JobOutput, type JobTask, type TrainImageKind, type TrainTask } from './types.ts';

const PROGRESS_EVERY_MS = 100;

type Renderer = typeof import('../render/index.ts');

/** The renderer, loaded on first use so that training-only jobs never pay for Chart.js and Skia. */
function loadRenderer(): Promise<Renderer> {
  return import('../render/index.ts');
}

function toJobImage(image: RenderedImage): JobImage {
  return { name: image.name, alt: image.alt, contentType: image.contentType, data: image.data, width: image.width, height: image.height };
}

function formatLoss(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(3);
}

type DrawTrainImage = (render: Renderer, result: TrainResult, dataset: Dataset, options: { gifFrames: number; hideNames: boolean; discretize: boolean }) => Promise<RenderedImage>;

/** How each picture of a training result is drawn; a new TrainImageKind does not compile until it is listed here. */
const DRAW_TRAIN_IMAGE: Record<TrainImageKind, DrawTrainImage> = {
  boundary: (render, result, dataset, { hideNames, discretize }) => render.renderDecisionBoundary(result, dataset, { hideNames, discretize }),
  loss: (render, result, _dataset, { hideNames }) => render.renderLossCurve(result, { hideNames }),
  network: (render, result) => render.renderNetworkDiagram(result.network),
  gradients: (render, result, _dataset, { hideNames }) => render.renderGradientFlow(result, { hideNames }),
  gif: (render, result, dataset, { gifFrames }) => render.renderTrainingGif(result, dataset, { frames: gifFrames }),
  summary: (render, result, dataset) => render.renderSummaryCard(result, dataset),
  dataset: (render, _result, dataset, { hideNames }) => render.renderDataset(dataset, { hideNames }),
};

/** Throws when names are to be hidden from a picture kind that always shows them (before any training is spent). */
export function checkHideNames(kinds: readonly TrainImageKind[], hideNames: boolean | undefined): void {
  if (!hideNames) return;
  const naming = kinds.filter((kind) => !(NAME_HIDING_IMAGE_KINDS as readonly string[]).includes(kind));
  if (naming.length > 0) {
    throw new Error(`hideNames cannot be used with the image kind(s) ${naming.join(', ')}; allowed with hideNames: ${NAME_HIDING_IMAGE_KINDS.join(', ')}.`);
  }
}

/** Draws the requested pictures of one training result, in the order asked (`hideNames`: quiz pictures, see TrainTask). */
export async function renderTrainImages(
  result: TrainResult,
  dataset: Dataset,
  kinds: readonly TrainImageKind[],
  gifFrames = 40,
  options: { hideNames?: boolean; discretize?: boolean } = {},
): Promise<RenderedImage[]> {
  const hideNames = options.hideNames ?? false;
  const discretize = options.discretize ?? false;
  checkHideNames(kinds, hideNames);
  if (kinds.length === 0) return [];
  const render = await loadRenderer();
  const images: RenderedImage[] = [];
  for (const kind of kinds) images.push(await DRAW_TRAIN_IMAGE[kind](render, result, dataset, { gifFrames, hideNames, discretize }));
  return images;
}

async function runTrainTask(task: TrainTask, port?: MessagePort): Promise<JobOutput> {
  const controller = new AbortController();
  let lastPostMs = 0;
  const wantsGif = task.images.includes('gif');
  const post = (message: JobMessage) => port?.postMessage(message);
  port?.on('message', (message: JobMessage) => {
    if (message.type === 'cancel') controller.abort();
  });
  checkHideNames(task.images, task.hideNames);
  const spec = resolveSpec(task.spec);
  const frames = task.gifFrames ?? 40;
  const result = await train(spec, {
    signal: controller.signal,
    snapshotEvery: wantsGif ? Math.max(1, Math.floor(spec.epochs / frames)) : 0,
    onEpoch(entry: EpochEntry, totalEpochs: number) {
      const now = Date.now();
      if (now - lastPostMs < PROGRESS_EVERY_MS) return;
      lastPostMs = now;
      const text = `epoch ${entry.epoch}/${totalEpochs} · train loss ${formatLoss(entry.trainLoss)} · test loss ${formatLoss(entry.testLoss)}`;
      post({ type: 'progress', fraction: 0.85 * (entry.epoch / totalEpochs), text });
    },
  });
  if (result.stopReason === 'cancelled' || task.images.length === 0) return { result: { ...result, snapshots: [] }, images: [] };
  post({ type: 'progress', fraction: 0.9, text: `drawing ${task.images.length === 1 ? 'the picture' : 'the pictures'}…` });
  const dataset = generateDataset(result.spec);
  const images = await renderTrainImages(result, dataset, task.images, frames, { hideNames: task.hideNames, discretize: task.discretize });
  return { result: { ...result, snapshots: [] }, images: images.map(toJobImage) };
}

async function runRenderTask(task: Extract<JobTask, { type: 'render' }>): Promise<JobOutput> {
  const render = await loadRenderer();
  switch (task.what) {
    case 'activation':
      return { images: [toJobImage(await render.renderActivationPlot(task.names, { hideNames: task.hideNames }))] };
    case 'optimizer-paths': {
      const opts = { steps: task.steps, optimizers: task.optimizers, learningRates: task.learningRates, hideNames: task.hideNames } as never;
      const image = task.animate
        ? await render.renderOptimizerPathsGif(task.surface as never, opts)
        : await render.renderOptimizerPaths(task.surface as never, opts);
      return { images: [toJobImage(image)] };
    }
    case 'dataset':
      return { images: [toJobImage(await render.renderDataset(generateDataset(resolveSpec(task.spec)), { hideNames: task.hideNames }))] };
    case 'comparison':
      return { images: [toJobImage(await render.renderComparison(task.groups, { title: task.title }))] };
  }
}

/** Runs one job (in a worker thread, or inline in tests); progress and cancel travel over `port`. */
export async function runTask(task: JobTask, port?: MessagePort): Promise<JobOutput> {
  try {
    if (task.type === 'live') {
      const { runLiveTask } = await import('./live-task.ts');
      return await runLiveTask(task, port);
    }
    if (task.type === 'architecture') return await runArchitectureTask(task, port);
    return task.type === 'train' ? await runTrainTask(task, port) : await runRenderTask(task);
  } finally {
    port?.close();
  }
}
