import { logAxisTicks, formatLogTick } from '../src/render/gradient-flow.ts';
for (const [a, b] of [[0.002, 0.009], [1.3e-5, 0.08], [0.0031, 0.0042], [1e-12, 1], [0.05, 0.5]]) console.log(a, b, logAxisTicks(a, b).map(formatLogTick).join(' '));
