import { afterAll, describe, expect, it } from 'vitest';
import { closeJobPool, configureJobs, jobPoolStats, runJob } from '../../src/jobs/index.ts';

configureJobs({ mode: 'pool', threads: 2 });
afterAll(async () => {
  await closeJobPool();
});

describe('job pool (piscina worker threads)', () => {
  it('trains in a worker thread and reports progress back with the epoch', async () => {
    const updates: { fraction: number; text: string }[] = [];
    const { result, images } = await runJob(
      { type: 'train', spec: { dataset: 'xor', layers: '4', epochs: 200, points: 2000, batchSize: 1 }, images: [] },
      { onProgress: (fraction, text) => updates.push({ fraction, text }) },
    );
    expect(result?.stopReason).toBe('epochs');
    expect(result?.history).toHaveLength(200);
    expect(images).toEqual([]);
    expect(updates.length).toBeGreaterThan(0);
    expect(updates[0]!.text).toMatch(/^epoch \d+\/200 · train loss/);
    const fractions = updates.map((u) => u.fraction);
    expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);
  });

  it('runs many jobs at once on a fixed number of threads and completes every one', async () => {
    const seeds = Array.from({ length: 12 }, (_, i) => i + 1);
    const outputs = await Promise.all(seeds.map((seed) => runJob({ type: 'train', spec: { dataset: 'circle', epochs: 40, seed }, images: [] })));
    expect(outputs.map((o) => o.result?.spec.seed)).toEqual(seeds);
    expect(outputs.every((o) => o.result?.stopReason === 'epochs')).toBe(true);
    expect(jobPoolStats()).toMatchObject({ mode: 'pool', threads: 2, running: 0 });
    // Same seed → same result, whichever thread ran it.
    const again = await runJob({ type: 'train', spec: { dataset: 'circle', epochs: 40, seed: 3 }, images: [] });
    expect(again.result?.final).toEqual(outputs[2]!.result?.final);
  });

  it('cancels a long run when its signal aborts: the run stops early and says cancelled', async () => {
    const controller = new AbortController();
    let sawProgress = false;
    const job = runJob(
      { type: 'train', spec: { dataset: 'spiral', layers: '8,8,8', epochs: 10_000, points: 2000, batchSize: 1 }, images: [] },
      { signal: controller.signal, onProgress: () => { if (!sawProgress) { sawProgress = true; controller.abort(); } } },
    );
    const { result } = await job;
    expect(result?.stopReason).toBe('cancelled');
    expect(result!.history.length).toBeLessThan(10_000);
  });

  it('refuses to start a job whose signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(runJob({ type: 'train', spec: {}, images: [] }, { signal: controller.signal })).rejects.toThrow('stop');
  });

  it('stops a run at its time budget and says so', async () => {
    const { result } = await runJob({ type: 'train', spec: { dataset: 'spiral', layers: '8,8,8', epochs: 10_000, points: 2000, batchSize: 1, timeLimitMs: 200 }, images: [] });
    expect(result?.stopReason).toBe('time-limit');
    expect(result?.stopMessage.length).toBeGreaterThan(0);
  });

  it('reports a bad spec from the worker as the engine\'s SpecError naming the option', async () => {
    await expect(runJob({ type: 'train', spec: { dataset: 'donut' }, images: [] })).rejects.toThrow(/dataset/);
  });

  it('terminates a job that does not stop by itself within the grace period (a long render)', async () => {
    configureJobs({ cancelGraceMs: 0 });
    try {
      const controller = new AbortController();
      const job = runJob({ type: 'render', what: 'optimizer-paths', surface: 'rosenbrock', animate: true }, { signal: controller.signal });
      setTimeout(() => controller.abort(new Error('cancelled by test')), 20);
      await expect(job).rejects.toThrow();
      // The pool replaces the terminated worker and keeps working.
      const { result } = await runJob({ type: 'train', spec: { dataset: 'gauss', epochs: 5 }, images: [] });
      expect(result?.history).toHaveLength(5);
    } finally {
      configureJobs({ cancelGraceMs: 2000 });
    }
  });
});
