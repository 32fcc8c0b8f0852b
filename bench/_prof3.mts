import { generateDataset } from '../src/engine/datasets.ts';
import { train } from '../src/engine/train.ts';
import { drawTrainingFrames } from '../src/render/training-gif.ts';
import * as ns from 'gifenc';
const gifenc: any = 'quantize' in ns ? ns : (ns as any).default;
const result = await train({ dataset: 'spiral', points: 500, noise: 0, split: { train: 0.5, val: 0, test: 0.5 }, features: ['x1', 'x2'], layers: [8, 8], activation: 'tanh', playgroundMode: true, learningRate: 0.03, batchSize: 10, epochs: 500, seed: 1 } as any, { snapshotEvery: 12 });
const ds = generateDataset(result.spec);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
for (const r of [1, 2]) {
  let c0 = cpu(), w0 = performance.now();
  const d = drawTrainingFrames(result, ds, { frames: 40, widthPx: 480, pixelRatio: r });
  console.log(`r${r} draw frames cpu ${(cpu() - c0).toFixed(0)} wall ${(performance.now() - w0).toFixed(0)}`);
  c0 = cpu();
  const pal = gifenc.quantize(d.frames[20].rgba, 256, { format: 'rgb565' });
  console.log(`   quantize cpu ${(cpu() - c0).toFixed(0)}`);
  c0 = cpu();
  const idx = d.frames.map((f: any) => gifenc.applyPalette(f.rgba, pal, 'rgb565'));
  console.log(`   applyPalette cpu ${(cpu() - c0).toFixed(0)}`);
  c0 = cpu();
  const enc = gifenc.GIFEncoder();
  idx.forEach((ix: any, i: number) => enc.writeFrame(ix, d.deviceWidth, d.deviceHeight, { palette: i === 0 ? pal : undefined, delay: 100 }));
  enc.finish();
  console.log(`   lzw cpu ${(cpu() - c0).toFixed(0)} size ${(enc.bytes().length / 1024).toFixed(0)} KiB`);
}
