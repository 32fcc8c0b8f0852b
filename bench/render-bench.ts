/**
 * Render benchmarks (issue 3): medians of several runs for the pictures chat users wait for most.
 * Run alone with `npx tsx bench/render-bench.ts`, or from bench/run.ts via runRenderBench().
 */
import { availableParallelism, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { generateDataset } from '../src/engine/datasets.ts';
import { train } from '../src/engine/train.ts';
import { renderDecisionBoundary, renderLossCurve, renderNetworkDiagram, renderOptimizerPathsGif, renderTrainingGif } from '../src/render/index.ts';

/** The engine issue's workload A. */
const WORKLOAD_A = {
  dataset: 'spiral', points: 500, noise: 0, split: { train: 0.5, val: 0, test: 0.5 }, features: ['x1', 'x2'],
  layers: [8, 8], activation: 'tanh', playgroundMode: true, learningRate: 0.03, batchSize: 10, epochs: 500, seed: 1,
} as const;

/**
 * Median wall time and median CPU time (this process, all threads) of several runs. On a shared
 * machine the wall time moves with other people's load; the CPU time much less.
 */
async function medianMs(runs: number, task: () => Promise<unknown>): Promise<{ medianMs: number; minMs: number; medianCpuMs: number }> {
  await task(); // warm-up: JIT, font loading, Chart.js registration
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    await task();
    times.push(performance.now() - start);
    const used = process.cpuUsage(cpu);
    cpuTimes.push((used.user + used.system) / 1000);
  }
  times.sort((a, b) => a - b);
  cpuTimes.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)], minMs: times[0], medianCpuMs: cpuTimes[Math.floor(cpuTimes.length / 2)] };
}

/** Prints the median time of each render against its target from issue 3. */
export async function runRenderBench(): Promise<void> {
  const result = await train(WORKLOAD_A, { snapshotEvery: 12 });
  const dataset = generateDataset(result.spec);
  const cases: { label: string; targetMs: number; runs: number; task: () => Promise<unknown> }[] = [
    { label: 'decision boundary PNG (incl. 100×100 grid), workload A', targetMs: 40, runs: 21, task: () => renderDecisionBoundary(result, dataset) },
    { label: 'loss curve PNG', targetMs: 60, runs: 21, task: () => renderLossCurve(result) },
    { label: 'network diagram PNG', targetMs: 80, runs: 21, task: () => renderNetworkDiagram(result.network) },
    { label: 'training GIF, 40 frames at 480 px (960 px drawn)', targetMs: 1500, runs: 5, task: () => renderTrainingGif(result, dataset, { frames: 40, widthPx: 480 }) },
    { label: 'optimiser-path GIF (rosenbrock, 50 frames)', targetMs: 2000, runs: 5, task: () => renderOptimizerPathsGif('rosenbrock') },
  ];
  console.log(`render bench (snapshots: ${result.snapshots.length}; medians after one warm-up run; pictures drawn at pixel ratio 2; load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores)`);
  for (const c of cases) {
    const { medianMs: median, minMs, medianCpuMs } = await medianMs(c.runs, c.task);
    const verdict = median <= c.targetMs ? 'ok' : 'OVER';
    console.log(`  ${c.label.padEnd(56)} median ${median.toFixed(1).padStart(7)} ms  (min ${minMs.toFixed(1).padStart(7)} ms, cpu ${medianCpuMs.toFixed(1).padStart(7)} ms, n=${c.runs})  target ≤ ${c.targetMs} ms  ${verdict}  ratio ${(median / c.targetMs).toFixed(2)}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runRenderBench().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
