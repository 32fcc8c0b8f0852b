import type { MessagePort } from 'node:worker_threads';
import { runTask } from './tasks.ts';
import type { JobOutput, JobTask } from './types.ts';

/** Piscina's task handler: one job per call; `port` carries progress out and cancel in. */
export default async function handleJob({ task, port }: { task: JobTask | { type: 'warm-up' }; port?: MessagePort }): Promise<JobOutput> {
  if (task.type === 'warm-up') {
    // Load the renderer now (Chart.js, Skia) so the first real job does not pay for it.
    await import('../render/index.ts').catch(() => undefined);
    return { images: [] };
  }
  return runTask(task, port);
}
