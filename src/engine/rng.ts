/**
 * Seeded pseudo-random numbers. All randomness in the engine flows from one of these, so the same
 * seed gives the same data, initial weights, batch order and dropout masks, bit for bit.
 */

/** A seeded generator; `next()` is uniform on [0, 1). */
export interface Rng {
  next(): number;
  /** Uniform on [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Gaussian with the given mean and variance (Marsaglia polar method, as the Playground does). */
  normal(mean?: number, variance?: number): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Fisher–Yates shuffle in place. */
  shuffleInPlace<T>(items: T[] | Int32Array | Uint32Array): void;
}

/** sfc32 from a 32-bit seed (splitmix32 expands the seed): fast, small state, good statistics. */
export function createRng(seed: number): Rng {
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  const rng: Rng = {
    next,
    uniform: (lo, hi) => lo + next() * (hi - lo),
    normal(mean = 0, variance = 1) {
      let v1: number;
      let v2: number;
      let radiusSq: number;
      do {
        v1 = 2 * next() - 1;
        v2 = 2 * next() - 1;
        radiusSq = v1 * v1 + v2 * v2;
      } while (radiusSq >= 1 || radiusSq === 0);
      const standard = Math.sqrt((-2 * Math.log(radiusSq)) / radiusSq) * v1;
      return mean + Math.sqrt(variance) * standard;
    },
    int: (n) => Math.floor(next() * n),
    shuffleInPlace(items) {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const tmp = items[i];
        items[i] = items[j];
        items[j] = tmp;
      }
    },
  };
  return rng;
}

/** Derives an independent stream for one purpose (data, init, batches, dropout) from the run's seed. */
export function deriveSeed(seed: number, purpose: number): number {
  return (Math.imul((seed >>> 0) ^ 0x5bd1e995, 0x27d4eb2d) + Math.imul(purpose + 1, 0x165667b1)) >>> 0;
}
