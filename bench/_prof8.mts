import { createCanvas } from '@napi-rs/canvas';
import { generateDataset } from '../src/engine/datasets.ts';
import { train } from '../src/engine/train.ts';
import { renderDecisionBoundary, renderLossCurve } from '../src/render/index.ts';
import * as png from '../src/render/png.ts';
const proto = Object.getPrototypeOf(createCanvas(1, 1).getContext('2d'));
const times = new Map<string, number>();
const wrap = (obj: any, name: string, key = name) => { const f = obj[name]; obj[name] = function (...a: any[]) { const s = performance.now(); try { return f.apply(this, a); } finally { times.set(key, (times.get(key) ?? 0) + performance.now() - s); } }; };
for (const name of Object.getOwnPropertyNames(proto)) { const d = Object.getOwnPropertyDescriptor(proto, name)!; if (typeof d.value === 'function' && name !== 'constructor') wrap(proto, name); }
const result = await train({ dataset: 'spiral', points: 500, noise: 0, split: { train: 0.5, val: 0, test: 0.5 }, features: ['x1', 'x2'], layers: [8, 8], activation: 'tanh', playgroundMode: true, learningRate: 0.03, batchSize: 10, epochs: 500, seed: 1 } as any, { snapshotEvery: 12 });
const ds = generateDataset(result.spec);
for (const [label, f] of [['boundary', () => renderDecisionBoundary(result, ds)], ['loss', () => renderLossCurve(result)]] as const) {
  await f(); times.clear(); const n = 10; const s = performance.now();
  for (let i = 0; i < n; i++) await f();
  console.log(label, ((performance.now() - s) / n).toFixed(1));
  [...times.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8).forEach(([k, v]) => console.log('  ', k.padEnd(20), (v / n).toFixed(2)));
}
