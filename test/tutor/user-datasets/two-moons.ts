/** Test data: the two-moons set (scikit-learn's make_moons shape), scaled onto the −6…6 plane, as CSV. */

/** A small seeded generator (mulberry32) so every run gets the same points. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` points on two interleaved half circles: upper moon (cos t, sin t) label 1, lower moon
 * (1 − cos t, 0.5 − sin t) label 0, t uniform in [0, π], Gaussian noise of `noise` (moon units), then
 * centred and scaled by 2.5 so the set spans about −4…4.
 */
export function twoMoonsRows(count: number, noise = 0.1, seed = 1): [number, number, number][] {
  const random = seeded(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const rows: [number, number, number][] = [];
  for (let i = 0; i < count; i++) {
    const isUpper = i % 2 === 0;
    const t = Math.PI * random();
    const x = isUpper ? Math.cos(t) : 1 - Math.cos(t);
    const y = isUpper ? Math.sin(t) : 0.5 - Math.sin(t);
    rows.push([(x - 0.5 + noise * gauss()) * 2.5, (y - 0.25 + noise * gauss()) * 2.5, isUpper ? 1 : 0]);
  }
  return rows;
}

/** The two-moons set as CSV text with the header x1,x2,label. */
export function twoMoonsCsv(count: number, noise = 0.1, seed = 1): string {
  return ['x1,x2,label', ...twoMoonsRows(count, noise, seed).map((r) => `${r[0].toFixed(4)},${r[1].toFixed(4)},${r[2]}`)].join('\n') + '\n';
}
