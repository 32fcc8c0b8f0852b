/**
 * Engine benchmark (issue 2, "Speed"): medians of workload A and B on the fast engine, the
 * 100×100 prediction grid on A's trained network, and the fast engine against the tfjs backend
 * per epoch on A, measured side by side in this one run. Run alone: `npx tsx bench/engine-bench.ts`.
 */
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { trainSync } from '../src/engine/train.ts';
import { predictGrid } from '../src/engine/grid.ts';
import type { TrainSpecInput } from '../src/engine/spec.ts';
import type { TrainResult } from '../src/engine/types.ts';
import { trainWithTfjs } from '../src/engine/tfjs/train-tfjs.ts';
import { resolveSpec } from '../src/engine/spec.ts';
import { loadTf } from '../src/engine/tfjs/load-tf.ts';

/** Workload A: spiral, 500 points, noise 0, 50 % train, x1, x2 → [8, 8] tanh, Playground mode, lr 0.03, batch 10, 500 epochs. */
export const WORKLOAD_A: TrainSpecInput = {
  dataset: 'spiral', points: 500, noise: 0, split: '50,0,50', features: 'x1,x2', layers: '8,8', activation: 'tanh',
  playgroundMode: true, learningRate: 0.03, batchSize: 10, epochs: 500, seed: 1, timeLimitMs: 600_000,
};
/** Workload A outside Playground mode (sigmoid output + cross-entropy, reshuffled epochs): the standard rules' cost. */
export const WORKLOAD_A_STANDARD: TrainSpecInput = { ...WORKLOAD_A, playgroundMode: false };
/** Workload B: A's data with all seven features → six hidden layers of 8, ReLU. */
export const WORKLOAD_B: TrainSpecInput = {
  ...WORKLOAD_A, features: 'x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2', layers: '8,8,8,8,8,8', activation: 'relu',
};

const RUNS = 7;
const GRID_RUNS = 25;
const TFJS_EPOCHS = 20;
const TFJS_RUNS = 5;

/** Issue 2's targets and TensorFlow Playground's own medians on this machine kind. */
const TARGETS = { aMs: 100, bMs: 300, gridMs: 5, tfjsRatio: 50, playgroundAMs: 576, playgroundBMs: 1713, playgroundGridMs: 15 };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function timeMs(work: () => void): number {
  const t0 = performance.now();
  work();
  return performance.now() - t0;
}

function fmt(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
}

/**
 * Median wall time of `runs` fast-engine trainings of `spec` (after one warm-up run), the median
 * CPU time of this process over the same runs (steady when other processes share the cores, where
 * wall time is not), and the last result.
 */
function benchFast(spec: TrainSpecInput, runs: number): { medianMs: number; timesMs: number[]; cpuMedianMs: number; result: TrainResult } {
  let result = trainSync(spec);
  const timesMs: number[] = [];
  const cpuMs: number[] = [];
  for (let r = 0; r < runs; r++) {
    const cpuStart = process.cpuUsage();
    timesMs.push(timeMs(() => { result = trainSync(spec); }));
    const cpu = process.cpuUsage(cpuStart);
    cpuMs.push((cpu.user + cpu.system) / 1000);
  }
  return { medianMs: median(timesMs), timesMs, cpuMedianMs: median(cpuMs), result };
}

/** Prints the engine's speed figures: medians of A and B, the grid time, and the fast/tfjs ratio per epoch on A. */
export async function runEngineBench(): Promise<void> {
  const log = (line: string): void => console.log(line);
  log(`engine bench — node ${process.version}, ${availableParallelism()} cores, medians of ${RUNS} runs after a warm-up`);

  const a = benchFast(WORKLOAD_A, RUNS);
  const epochsA = a.result.history.length;
  log(`workload A (spiral 500, x1,x2 → 8,8 tanh, Playground mode, batch 10, ${epochsA} epochs): median ${fmt(a.medianMs)} ms` +
    ` [${a.timesMs.map(fmt).join(', ')}] (CPU ${fmt(a.cpuMedianMs)} ms) — target ≤ ${TARGETS.aMs} ms, Playground ${TARGETS.playgroundAMs} ms (${(TARGETS.playgroundAMs / a.medianMs).toFixed(1)}× faster);` +
    ` final test accuracy ${a.result.final.testAccuracy?.toFixed(3)}`);

  const standard = benchFast(WORKLOAD_A_STANDARD, RUNS);
  log(`workload A outside Playground mode (sigmoid + cross-entropy, reshuffled epochs): median ${fmt(standard.medianMs)} ms` +
    ` [${standard.timesMs.map(fmt).join(', ')}] (CPU ${fmt(standard.cpuMedianMs)} ms) — Playground mode / standard: ${(a.medianMs / standard.medianMs).toFixed(2)} (CPU ${(a.cpuMedianMs / standard.cpuMedianMs).toFixed(2)})`);

  const b = benchFast(WORKLOAD_B, RUNS);
  log(`workload B (same data, 7 features → 6×8 relu, ${b.result.history.length} epochs): median ${fmt(b.medianMs)} ms` +
    ` [${b.timesMs.map(fmt).join(', ')}] (CPU ${fmt(b.cpuMedianMs)} ms) — target ≤ ${TARGETS.bMs} ms, Playground ${TARGETS.playgroundBMs} ms (${(TARGETS.playgroundBMs / b.medianMs).toFixed(1)}× faster)`);

  predictGrid(a.result.network, 100);
  const gridTimes = Array.from({ length: GRID_RUNS }, () => timeMs(() => predictGrid(a.result.network, 100)));
  log(`predictGrid 100×100 on A's trained network: median ${fmt(median(gridTimes))} ms (${GRID_RUNS} runs) — target ≤ ${TARGETS.gridMs} ms, Playground ${TARGETS.playgroundGridMs} ms`);

  // Side by side in this run: both engines on A, alternating. Steady-state cost of one epoch = the
  // median interval between onEpoch calls: it excludes data generation and tf's setup, and on a
  // shared machine it is not moved by the few epochs another process preempts. tfjs runs only
  // TFJS_EPOCHS epochs because one of its epochs costs as much as tens of fast epochs.
  const { backend } = await loadTf();
  await trainWithTfjs(resolveSpec({ ...WORKLOAD_A, epochs: 2 }));
  const tfjsEpochMs: number[] = [];
  const fastEpochMs: number[] = [];
  const tfjsRunPerEpochMs: number[] = [];
  const fastRunPerEpochMs: number[] = [];
  for (let r = 0; r < TFJS_RUNS; r++) {
    const tfjsStamps: number[] = [];
    const t0 = performance.now();
    const tfResult = await trainWithTfjs(resolveSpec({ ...WORKLOAD_A, epochs: TFJS_EPOCHS }), { onEpoch: () => tfjsStamps.push(performance.now()) });
    tfjsRunPerEpochMs.push((performance.now() - t0) / tfResult.history.length);
    tfjsEpochMs.push(median(intervals(tfjsStamps)));
    const fastStamps: number[] = [];
    const fastRunMs = timeMs(() => trainSync(WORKLOAD_A, { onEpoch: () => fastStamps.push(performance.now()) }));
    fastRunPerEpochMs.push(fastRunMs / epochsA);
    fastEpochMs.push(median(intervals(fastStamps)));
  }
  const tfjsMs = median(tfjsEpochMs);
  const fastMs = median(fastEpochMs);
  const tfjsRunMs = median(tfjsRunPerEpochMs);
  const fastRunMs = median(fastRunPerEpochMs);
  log(`tfjs backend '${backend}' on A: ${fmt(tfjsMs)} ms per epoch (median epoch of ${TFJS_EPOCHS}, ${TFJS_RUNS} runs; whole run ÷ epochs ${fmt(tfjsRunMs)} ms);` +
    ` fast: ${fmt(fastMs * 1000)} µs per epoch (median epoch of ${epochsA}; whole run ÷ epochs ${fmt(fastRunMs * 1000)} µs)`);
  log(`fast vs tfjs per epoch on A: ${(tfjsMs / fastMs).toFixed(0)}× (median epochs), ${(tfjsRunMs / fastRunMs).toFixed(0)}× (whole runs per epoch) — target ≥ ${TARGETS.tfjsRatio}×`);
}

/** Differences between consecutive timestamps. */
function intervals(stamps: number[]): number[] {
  return stamps.slice(1).map((t, i) => t - stamps[i]);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runEngineBench();
}
