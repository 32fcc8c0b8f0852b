import { generateDataset } from '../src/engine/datasets.ts';
import { train } from '../src/engine/train.ts';
import { drawLossCurve } from '../src/render/loss-curve.ts';
import { encodeOpaquePng } from '../src/render/png.ts';
import { deflateSync, constants } from 'node:zlib';
const result = await train({ dataset: 'spiral', points: 500, noise: 0, split: { train: 0.5, val: 0, test: 0.5 }, features: ['x1', 'x2'], layers: [8, 8], activation: 'tanh', playgroundMode: true, learningRate: 0.03, batchSize: 10, epochs: 500, seed: 1 } as any, { snapshotEvery: 12 });
function t(label: string, n: number, f: () => unknown) {
  f(); const ts: number[] = [];
  for (let i = 0; i < n; i++) { const s = performance.now(); f(); ts.push(performance.now() - s); }
  ts.sort((a, b) => a - b); console.log(label.padEnd(34), 'med', ts[Math.floor(n / 2)].toFixed(1), 'min', ts[0].toFixed(1));
}
for (const r of [1, 2]) {
  let c: any;
  t(`loss draw r${r}`, 9, () => { c = drawLossCurve(result, { pixelRatio: r }).canvas; });
  const ctx = c.getContext('2d');
  let px: any;
  t(`getImageData r${r}`, 9, () => { px = ctx.getImageData(0, 0, c.width, c.height).data; });
  // raw filter only
  const w = c.width, h = c.height;
  const raw = Buffer.alloc((w * 3 + 1) * h);
  t(`filter loop r${r}`, 9, () => { let o = 0; for (let y = 0; y < h; y++) { raw[o++] = 1; let i = y * w * 4; let r0 = 0, g0 = 0, b0 = 0; for (let x = 0; x < w; x++, i += 4) { const R = px[i], G = px[i + 1], B = px[i + 2]; raw[o++] = (R - r0) & 255; raw[o++] = (G - g0) & 255; raw[o++] = (B - b0) & 255; r0 = R; g0 = G; b0 = B; } } });
  for (const [name, opts] of [['l3', { level: 3 }], ['l1', { level: 1 }], ['rle', { level: 1, strategy: constants.Z_RLE }], ['l6', { level: 6 }]] as const) {
    let size = 0;
    t(`deflate ${name} r${r}`, 9, () => { size = deflateSync(raw, opts as any).length; });
    console.log('   size', (size / 1024).toFixed(0), 'KiB');
  }
}
