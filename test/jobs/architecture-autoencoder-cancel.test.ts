/** /architecture autoencoder through the worker pool: progress lines arrive, and a cancel reaches the training loop between batches. */
import { afterAll, describe, expect, it } from 'vitest';
import { closeJobPool, configureJobs, runJob } from '../../src/jobs/index.ts';

configureJobs({ mode: 'pool', threads: 1 });
afterAll(async () => {
  await closeJobPool();
});

describe('autoencoder demo in a worker thread', () => {
  it('aborted on its first epoch progress line → stops early, says cancelled, and draws no pictures', async () => {
    const controller = new AbortController();
    const lines: string[] = [];
    const { architecture, images } = await runJob(
      { type: 'architecture', demo: 'autoencoder', options: { epochs: 40, trainImages: 3000 }, timeLimitMs: 10 * 60_000 },
      { signal: controller.signal, onProgress: (_fraction, text) => { lines.push(text); if (/^autoencoder: epoch/.test(text)) controller.abort(); } },
    );
    expect(lines).toContain('drawing the digits…');
    expect(lines.some((l) => /^autoencoder: epoch 1\/40 · loss \d\.\d{3}$/.test(l))).toBe(true);
    if (architecture?.demo !== 'autoencoder') throw new Error('no autoencoder result');
    expect(architecture.result.stopReason).toBe('cancelled');
    expect(architecture.result.epochsRun).toBeLessThan(40);
    expect(images).toEqual([]);
  }, 120_000);
});
