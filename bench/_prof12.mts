import { createCanvas } from '@napi-rs/canvas';
const cpu = () => { const u = process.cpuUsage(); return [u.user / 1000, u.system / 1000]; };
for (const [W, H] of [[960, 654], [1280, 1532]]) {
  const c = createCanvas(W, H); const ctx = c.getContext('2d'); ctx.fillStyle = '#eef'; ctx.fillRect(0, 0, W, H);
  const out = new Uint8ClampedArray(W * H * 4);
  for (const band of [8, 16, 24, 48, 100]) {
    const read = () => { for (let y = 0; y < H; y += band) { const h = Math.min(band, H - y); out.set(ctx.getImageData(0, y, W, h).data, y * W * 4); } };
    read();
    const [u0, s0] = cpu(); for (let i = 0; i < 20; i++) read(); const [u1, s1] = cpu();
    console.log(`${W}x${H} band ${band} (${(W * band * 4 / 1024).toFixed(0)} KiB) user ${((u1 - u0) / 20).toFixed(2)} sys ${((s1 - s0) / 20).toFixed(2)}`);
  }
}
