/**
 * Architecture demo benchmarks (issue 17): each /architecture demo with its default settings,
 * trained and drawn in this process (as one worker thread would), median wall and CPU time of a
 * few runs, against the 20 s target. Prints the load average: on a shared machine the wall time
 * moves with other people's load, the CPU time much less. `npm run bench -- demos [--runs N] [--demo NAME]`.
 */
import { availableParallelism, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { ARCHITECTURE_DEMO_NAMES, trainArchitectureDemo } from '../src/engine/tfjs/architectures/index.ts';
import { renderArchitectureDemo } from '../src/render/architecture/index.ts';

const TARGET_MS = 20_000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Runs every demo `runs` times with its defaults (generous time limit, so the figure is the real cost) and prints medians. */
export async function runDemosBench(runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3): Promise<void> {
  console.log(`cores ${availableParallelism()} · load average at start ${loadavg().map((l) => l.toFixed(1)).join(' ')} · ${runs} runs each`);
  const only = process.argv.includes('--demo') ? process.argv[process.argv.indexOf('--demo') + 1] : undefined;
  for (const demo of ARCHITECTURE_DEMO_NAMES.filter((name) => only === undefined || name === only)) {
    const walls: number[] = [];
    const cpus: number[] = [];
    let summary = '';
    for (let i = 0; i < runs; i++) {
      const cpu = process.cpuUsage();
      const start = performance.now();
      const result = await trainArchitectureDemo(demo, {}, { timeLimitMs: 10 * 60_000 });
      await renderArchitectureDemo(result);
      walls.push(performance.now() - start);
      const used = process.cpuUsage(cpu);
      cpus.push((used.user + used.system) / 1000);
      if (result.demo === 'cnn') summary = `test accuracy ${(result.result.testAccuracy * 100).toFixed(1)}%`;
      if (result.demo === 'autoencoder') summary = `test error ${result.result.testError.toFixed(4)} (PCA ${result.result.pcaError.toFixed(4)}, mean image ${result.result.meanImageError.toFixed(4)}) · nearest centre ${(result.result.centroidAccuracy * 100).toFixed(1)}%`;
      if (result.demo === 'attention') summary = `test letters ${(result.result.testTokenAccuracy * 100).toFixed(1)}% · mean weight on the mirrored position ${result.result.mirroredAttention.toFixed(2)}`;
    }
    const wall = median(walls);
    console.log(`${demo.padEnd(12)} median wall ${(wall / 1000).toFixed(1)} s · median CPU ${(median(cpus) / 1000).toFixed(1)} s · target ≤ ${TARGET_MS / 1000} s: ${wall <= TARGET_MS ? 'met' : 'missed'} · ${summary}`);
  }
  console.log(`load average at end ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runDemosBench();
