/** The worker side of an architecture demo: train it with progress and cancel over the job's port, then draw its pictures. */
import type { MessagePort } from 'node:worker_threads';
import { trainArchitectureDemo, type ArchitectureDemoResult } from '../engine/tfjs/architectures/index.ts';
import type { RenderedImage } from '../render/types.ts';
import type { ArchitectureTask, JobImage, JobMessage, JobOutput } from './types.ts';

function toJobImage(image: RenderedImage): JobImage {
  return { name: image.name, alt: image.alt, contentType: image.contentType, data: image.data, width: image.width, height: image.height };
}

/** The pictures of a finished demo, drawn by src/render/architecture (loaded on first use). */
export async function renderArchitectureImages(demo: ArchitectureDemoResult): Promise<RenderedImage[]> {
  const render = await import('../render/architecture/index.ts');
  return render.renderArchitectureDemo(demo);
}

/** Trains the demo (85 % of the progress bar), then renders; a cancelled run returns its numbers without pictures. */
export async function runArchitectureTask(task: ArchitectureTask, port?: MessagePort): Promise<JobOutput> {
  const controller = new AbortController();
  const post = (message: JobMessage) => port?.postMessage(message);
  port?.on('message', (message: JobMessage) => {
    if (message.type === 'cancel') controller.abort();
  });
  const architecture = await trainArchitectureDemo(task.demo, task.options, {
    signal: controller.signal,
    timeLimitMs: task.timeLimitMs,
    onProgress: (fraction, text) => post({ type: 'progress', fraction: 0.9 * fraction, text }),
  });
  if (architecture.result.stopReason === 'cancelled') return { architecture, images: [] };
  post({ type: 'progress', fraction: 0.92, text: 'drawing the pictures…' });
  const images = await renderArchitectureImages(architecture);
  return { architecture, images: images.map(toJobImage) };
}
