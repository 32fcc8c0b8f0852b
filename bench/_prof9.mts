import { deflateSync, constants } from 'node:zlib';
import { loadImage, createCanvas } from '@napi-rs/canvas';
import { readFileSync } from 'node:fs';
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
for (const f of ['boundary-spiral.png', 'loss-spiral.png', 'network-spiral.png', 'optimizers-rosenbrock.png']) {
  const img = await loadImage(readFileSync('examples/' + f));
  const c = createCanvas(img.width, img.height); const ctx = c.getContext('2d'); ctx.drawImage(img, 0, 0);
  const px = ctx.getImageData(0, 0, img.width, img.height).data; const w = img.width, h = img.height;
  const raw = Buffer.alloc((w * 3 + 1) * h); let o = 0;
  for (let y = 0; y < h; y++) { raw[o++] = 1; let i = y * w * 4; let r0 = 0, g0 = 0, b0 = 0; for (let x = 0; x < w; x++, i += 4) { const R = px[i], G = px[i + 1], B = px[i + 2]; raw[o++] = (R - r0) & 255; raw[o++] = (G - g0) & 255; raw[o++] = (B - b0) & 255; r0 = R; g0 = G; b0 = B; } }
  for (const [name, opts] of [['l3', { level: 3 }], ['l2', { level: 2 }], ['l1', { level: 1 }], ['rle', { level: 1, strategy: constants.Z_RLE }], ['rle6', { level: 6, strategy: constants.Z_RLE }]] as const) {
    let size = 0; const s = cpu(); for (let i = 0; i < 10; i++) size = deflateSync(raw, opts as any).length;
    console.log(f.padEnd(28), name.padEnd(5), ((cpu() - s) / 10).toFixed(1).padStart(6), 'ms', (size / 1024).toFixed(0).padStart(5), 'KiB');
  }
}
