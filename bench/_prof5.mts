import { createCanvas } from '@napi-rs/canvas';
import { generateDataset } from '../src/engine/datasets.ts';
import { train } from '../src/engine/train.ts';
import { renderTrainingGif } from '../src/render/training-gif.ts';
import { renderOptimizerPathsGif } from '../src/render/optimizer-paths.ts';
import * as plane from '../src/render/plane.ts';
import * as gif from '../src/render/gif.ts';
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const proto = Object.getPrototypeOf(createCanvas(1, 1).getContext('2d'));
const times = new Map<string, number>();
for (const name of Object.getOwnPropertyNames(proto)) {
  const d = Object.getOwnPropertyDescriptor(proto, name)!;
  if (typeof d.value !== 'function' || name === 'constructor') continue;
  const f = d.value;
  proto[name] = function (...a: any[]) { const s = cpu(); try { return f.apply(this, a); } finally { times.set(name, (times.get(name) ?? 0) + cpu() - s); } };
}
const result = await train({ dataset: 'spiral', points: 500, noise: 0, split: { train: 0.5, val: 0, test: 0.5 }, features: ['x1', 'x2'], layers: [8, 8], activation: 'tanh', playgroundMode: true, learningRate: 0.03, batchSize: 10, epochs: 500, seed: 1 } as any, { snapshotEvery: 12 });
const ds = generateDataset(result.spec);
for (const [label, f] of [['train gif', () => renderTrainingGif(result, ds, { frames: 40, widthPx: 480 })], ['opt gif', () => renderOptimizerPathsGif('rosenbrock')]] as const) {
  await f(); times.clear();
  const s = cpu();
  for (let i = 0; i < 2; i++) await f();
  console.log(`${label} total cpu ${((cpu() - s) / 2).toFixed(0)} ms`);
  [...times.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8).forEach(([k, v]) => console.log('  ', k.padEnd(20), (v / 2).toFixed(1)));
}
