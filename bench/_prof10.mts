import { createCanvas } from '@napi-rs/canvas';
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const W = 1280, H = 1532;
const src = createCanvas(W, H); const sctx = src.getContext('2d'); sctx.fillStyle = '#eef'; sctx.fillRect(0, 0, W, H); for (let i = 0; i < 200; i++) { sctx.strokeStyle = '#' + (i * 4321 % 0xffffff).toString(16).padStart(6, '0'); sctx.beginPath(); sctx.arc(i * 7 % W, i * 13 % H, 40, 0, 7); sctx.stroke(); }
const dst = createCanvas(W, H); const ctx = dst.getContext('2d');
const t = (label: string, f: () => void, n = 20) => { f(); const s = cpu(); for (let i = 0; i < n; i++) f(); console.log(label.padEnd(40), ((cpu() - s) / n).toFixed(2), 'ms cpu'); };
t('getImageData only', () => ctx.getImageData(0, 0, W, H));
t('identity drawImage + get', () => { ctx.setTransform(1, 0, 0, 1, 0, 0); ctx.drawImage(src, 0, 0); ctx.getImageData(0, 0, W, H); });
t('scale2 drawImage dest + get', () => { ctx.setTransform(2, 0, 0, 2, 0, 0); ctx.drawImage(src, 0, 0, W / 2, H / 2); ctx.getImageData(0, 0, W, H); });
t('scale2 smoothing off + get', () => { ctx.setTransform(2, 0, 0, 2, 0, 0); ctx.imageSmoothingEnabled = false; ctx.drawImage(src, 0, 0, W / 2, H / 2); ctx.imageSmoothingEnabled = true; ctx.getImageData(0, 0, W, H); });
t('identity 9-arg + get', () => { ctx.setTransform(1, 0, 0, 1, 0, 0); ctx.drawImage(src, 0, 0, W, H, 0, 0, W, H); ctx.getImageData(0, 0, W, H); });
