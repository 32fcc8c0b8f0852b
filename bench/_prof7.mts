import { generateDataset } from '../src/engine/datasets.ts';
import { train } from '../src/engine/train.ts';
import { renderDecisionBoundary, renderLossCurve, renderNetworkDiagram, renderOptimizerPathsGif, renderTrainingGif } from '../src/render/index.ts';
const result = await train({ dataset: 'spiral', points: 500, noise: 0, split: { train: 0.5, val: 0, test: 0.5 }, features: ['x1', 'x2'], layers: [8, 8], activation: 'tanh', playgroundMode: true, learningRate: 0.03, batchSize: 10, epochs: 500, seed: 1 } as any, { snapshotEvery: 12 });
const ds = generateDataset(result.spec);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
async function m(label: string, n: number, f: () => Promise<unknown>) {
  await f(); const cs: number[] = [], ws: number[] = [];
  for (let i = 0; i < n; i++) { const c = cpu(), w = performance.now(); await f(); cs.push(cpu() - c); ws.push(performance.now() - w); }
  cs.sort((a, b) => a - b); ws.sort((a, b) => a - b);
  console.log(label.padEnd(24), 'cpu med', cs[n >> 1].toFixed(1).padStart(7), ' wall med', ws[n >> 1].toFixed(1).padStart(7), 'min', ws[0].toFixed(1));
}
const which = process.argv[2] ?? 'all';
for (const r of [1, 2]) {
  if (which === 'all' || which === 'png') {
  await m(`boundary r${r}`, 11, () => renderDecisionBoundary(result, ds, { pixelRatio: r }));
  await m(`loss r${r}`, 11, () => renderLossCurve(result, { pixelRatio: r }));
  await m(`network r${r}`, 11, () => renderNetworkDiagram(result.network, { pixelRatio: r }));
  }
  if (which === 'all' || which === 'gif') {
  await m(`training gif r${r}`, 3, () => renderTrainingGif(result, ds, { frames: 40, widthPx: 480, pixelRatio: r }));
  await m(`opt gif r${r}`, 3, () => renderOptimizerPathsGif('rosenbrock', { pixelRatio: r }));
  }
}
