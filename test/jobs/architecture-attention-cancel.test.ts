/** /architecture attention through the worker pool: progress lines arrive, and a cancel reaches the training loop between batches. */
import { afterAll, describe, expect, it } from 'vitest';
import { closeJobPool, configureJobs, runJob } from '../../src/jobs/index.ts';

configureJobs({ mode: 'pool', threads: 1 });
afterAll(async () => {
  await closeJobPool();
});

describe('attention demo in a worker thread', () => {
  it('aborted on its first epoch progress line → stops early, says cancelled, and draws no pictures', async () => {
    const controller = new AbortController();
    const lines: string[] = [];
    const { architecture, images } = await runJob(
      { type: 'architecture', demo: 'attention', options: { epochs: 30, trainSequences: 4000 }, timeLimitMs: 10 * 60_000 },
      { signal: controller.signal, onProgress: (_fraction, text) => { lines.push(text); if (/^attention: epoch/.test(text)) controller.abort(); } },
    );
    expect(lines.some((l) => /^attention: epoch 1\/30 · loss \d\.\d{3}$/.test(l))).toBe(true);
    if (architecture?.demo !== 'attention') throw new Error('no attention result');
    expect(architecture.result.stopReason).toBe('cancelled');
    expect(architecture.result.epochsRun).toBeLessThan(30);
    expect(images).toEqual([]);
  }, 120_000);
});
