import { createCanvas } from '@napi-rs/canvas';
const cpu = () => { const u = process.cpuUsage(); return (process.env.SYS ? u.system : u.user) / 1000; };
for (const [W, H] of [[480, 327], [960, 654], [1280, 766], [1280, 1100], [1280, 1532]]) {
  const c = createCanvas(W, H); const ctx = c.getContext('2d'); ctx.fillStyle = '#eef'; ctx.fillRect(0, 0, W, H);
  ctx.getImageData(0, 0, W, H);
  let s = cpu(); for (let i = 0; i < 20; i++) ctx.getImageData(0, 0, W, H); const g = (cpu() - s) / 20;
  s = cpu(); for (let i = 0; i < 20; i++) c.data(); const d = (cpu() - s) / 20;
  s = cpu(); for (let i = 0; i < 20; i++) ctx.getImageData(0, 0, W, H / 2), ctx.getImageData(0, H / 2, W, H / 2); const h2 = (cpu() - s) / 20;
  console.log(`${W}x${H} ${(W * H / 1e6).toFixed(2)}Mpx getImageData ${g.toFixed(2)} data() ${d.toFixed(2)} two halves ${h2.toFixed(2)}`);
}
