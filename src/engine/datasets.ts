/**
 * The datasets, with the same formulas, ranges and labels as TensorFlow Playground's dataset.ts
 * (noise is given in percent 0–50 and used as the Playground's fraction 0–0.5), plus two
 * multi-class sets for softmax, and sets the Playground lacks (moons, function boundaries: shape-datasets.ts).
 */
import type { Dataset, DatasetName, Point, ProblemKind, Split, UserData } from './types.ts';
import { createRng, deriveSeed, type Rng } from './rng.ts';
import { absBoundary, cubicBoundary, generateAboveBelow, generateMoons, sineBoundary } from './shape-datasets.ts';

/** One dataset in the table. */
export interface DatasetDef {
  name: DatasetName;
  label: string;
  kind: ProblemKind;
  /** 2 for binary, k for multi-class, 1 for regression. */
  classes: number;
  defaultPoints: number;
  description: string;
  /**
   * Generates `points` examples; `noise` is the Playground's fraction 0–0.5. With `isPlaygroundCount`,
   * two-class sets give each class the Playground's n/2 (⌈n/2⌉ each, one more in all for odd n).
   */
  generate(points: number, noise: number, rng: Rng, isPlaygroundCount?: boolean): Point[];
}

/** Half-width of the input square [-6, 6]² that every dataset and picture uses. */
export const DOMAIN_RADIUS = 6;

const distance = (ax: number, ay: number, bx: number, by: number): number => Math.hypot(ax - bx, ay - by);

/** Circle: positives inside radius 2.5, negatives on a ring 3.5–5; noise jitters the point used for the label. */
function generateCircle(points: number, noise: number, rng: Rng, isPlaygroundCount = false): Point[] {
  const radius = 5;
  const out: Point[] = [];
  const labelOf = (x: number, y: number): number => (distance(x, y, 0, 0) < radius * 0.5 ? 1 : -1);
  const addRing = (innerRadius: number, outerRadius: number, count: number): void => {
    for (let i = 0; i < count; i++) {
      const r = rng.uniform(innerRadius, outerRadius);
      const angle = rng.uniform(0, 2 * Math.PI);
      const x = r * Math.sin(angle);
      const y = r * Math.cos(angle);
      const noiseX = rng.uniform(-radius, radius) * noise;
      const noiseY = rng.uniform(-radius, radius) * noise;
      out.push({ x1: x, x2: y, label: labelOf(x + noiseX, y + noiseY) });
    }
  };
  const [inside, outside] = splitInTwo(points, isPlaygroundCount);
  addRing(0, radius * 0.5, inside);
  addRing(radius * 0.7, radius, outside);
  return out;
}

/** XOR: uniform in [-5, 5]² pushed 0.3 away from the axes; label = sign(x·y) of the noisy point. */
function generateXor(points: number, noise: number, rng: Rng): Point[] {
  const padding = 0.3;
  const out: Point[] = [];
  for (let i = 0; i < points; i++) {
    let x = rng.uniform(-5, 5);
    x += x > 0 ? padding : -padding;
    let y = rng.uniform(-5, 5);
    y += y > 0 ? padding : -padding;
    const noiseX = rng.uniform(-5, 5) * noise;
    const noiseY = rng.uniform(-5, 5) * noise;
    out.push({ x1: x, x2: y, label: (x + noiseX) * (y + noiseY) >= 0 ? 1 : -1 });
  }
  return out;
}

/** Gaussian blobs at (2, 2) → +1 and (−2, −2) → −1; noise widens the variance from 0.5 to 4. */
function generateGauss(points: number, noise: number, rng: Rng, isPlaygroundCount = false): Point[] {
  const variance = 0.5 + (noise / 0.5) * (4 - 0.5);
  const out: Point[] = [];
  const addBlob = (cx: number, cy: number, label: number, count: number): void => {
    for (let i = 0; i < count; i++) out.push({ x1: rng.normal(cx, variance), x2: rng.normal(cy, variance), label });
  };
  const [positives, negatives] = splitInTwo(points, isPlaygroundCount);
  addBlob(2, 2, 1, positives);
  addBlob(-2, -2, -1, negatives);
  return out;
}

/**
 * Class sizes of a two-class set: ⌊n/2⌋ and the rest, or the Playground's loop `i < n/2` per class
 * (⌈n/2⌉ each, so an odd n gives one point more in all).
 */
function splitInTwo(points: number, isPlaygroundCount: boolean): [number, number] {
  if (isPlaygroundCount) return [Math.ceil(points / 2), Math.ceil(points / 2)];
  return [Math.floor(points / 2), points - Math.floor(points / 2)];
}

/**
 * Archimedean spiral arms r = 5·i/n, θ = 1.75·2π·i/n + offset for i < count; noise adds uniform
 * ±noise jitter. n = count, except the Playground's n = points/2 (fractional for odd points).
 */
function addSpiralArm(out: Point[], count: number, angleOffset: number, label: number, noise: number, rng: Rng, n = count): void {
  for (let i = 0; i < count; i++) {
    const r = (i / n) * 5;
    const t = ((1.75 * i) / n) * 2 * Math.PI + angleOffset;
    const x = r * Math.sin(t) + rng.uniform(-1, 1) * noise;
    const y = r * Math.cos(t) + rng.uniform(-1, 1) * noise;
    out.push({ x1: x, x2: y, label });
  }
}

function generateSpiral(points: number, noise: number, rng: Rng, isPlaygroundCount = false): Point[] {
  const out: Point[] = [];
  if (isPlaygroundCount) {
    const [count] = splitInTwo(points, true);
    addSpiralArm(out, count, 0, 1, noise, rng, points / 2);
    addSpiralArm(out, count, Math.PI, -1, noise, rng, points / 2);
    return out;
  }
  addSpiralArm(out, Math.floor(points / 2), 0, 1, noise, rng);
  addSpiralArm(out, points - Math.floor(points / 2), Math.PI, -1, noise, rng);
  return out;
}

/** Three spiral arms 120° apart, labels 0, 1, 2 (multi-class). */
function generateSpiral3(points: number, noise: number, rng: Rng): Point[] {
  const out: Point[] = [];
  for (let arm = 0; arm < 3; arm++) {
    const count = Math.floor(points / 3) + (arm < points % 3 ? 1 : 0);
    addSpiralArm(out, count, (arm * 2 * Math.PI) / 3, arm, noise, rng);
  }
  return out;
}

/** Four Gaussian blobs at (±3, ±3), labels 0–3; noise widens them as for gauss. */
function generateBlobs4(points: number, noise: number, rng: Rng): Point[] {
  const variance = 0.5 + (noise / 0.5) * (4 - 0.5);
  const centres = [[3, 3], [-3, 3], [-3, -3], [3, -3]];
  const out: Point[] = [];
  centres.forEach(([cx, cy], label) => {
    const count = Math.floor(points / 4) + (label < points % 4 ? 1 : 0);
    for (let i = 0; i < count; i++) out.push({ x1: rng.normal(cx, variance), x2: rng.normal(cy, variance), label });
  });
  return out;
}

/** Regression sets: uniform points in [-6, 6]²; the target is computed at the point jittered by noise·U(−6, 6) per axis. */
function generateRegression(points: number, noise: number, rng: Rng, target: (x: number, y: number) => number): Point[] {
  const r = DOMAIN_RADIUS;
  const out: Point[] = [];
  for (let i = 0; i < points; i++) {
    const x = rng.uniform(-r, r);
    const y = rng.uniform(-r, r);
    const noiseX = rng.uniform(-r, r) * noise;
    const noiseY = rng.uniform(-r, r) * noise;
    out.push({ x1: x, x2: y, label: target(x + noiseX, y + noiseY) });
  }
  return out;
}

/** Regression plane: target = (x + y) / 10, in [-1, 1]. */
export function planeTarget(x: number, y: number): number {
  return (x + y) / 10;
}

const MULTIGAUSS_CENTRES: [number, number, number][] = [
  [-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1], [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1],
];

/** Multi-Gaussian regression: six bumps of height ±1 falling to 0 at distance 2; the largest |bump| wins. */
export function multigaussTarget(x: number, y: number): number {
  let label = 0;
  for (const [cx, cy, sign] of MULTIGAUSS_CENTRES) {
    const scaled = Math.min(1, Math.max(0, 1 - distance(x, y, cx, cy) / 2));
    const value = sign * scaled;
    if (Math.abs(value) > Math.abs(label)) label = value;
  }
  return label;
}

const generatePlane = (points: number, noise: number, rng: Rng): Point[] => generateRegression(points, noise, rng, planeTarget);
const generateMultigauss = (points: number, noise: number, rng: Rng): Point[] => generateRegression(points, noise, rng, multigaussTarget);

/** The dataset table; command choices come from its keys. */
export const datasets: Record<DatasetName, DatasetDef> = {
  circle: { name: 'circle', label: 'Circle', kind: 'binary', classes: 2, defaultPoints: 500, generate: generateCircle,
    description: 'Blue points inside a circle, orange on a ring around it: not linearly separable in x1, x2.' },
  xor: { name: 'xor', label: 'Exclusive or', kind: 'binary', classes: 2, defaultPoints: 500, generate: generateXor,
    description: 'Blue where x1 and x2 have the same sign, orange where they differ: x1·x2 separates it.' },
  gauss: { name: 'gauss', label: 'Gaussian', kind: 'binary', classes: 2, defaultPoints: 500, generate: generateGauss,
    description: 'Two Gaussian clouds: linearly separable, the easiest set.' },
  spiral: { name: 'spiral', label: 'Spiral', kind: 'binary', classes: 2, defaultPoints: 500, generate: generateSpiral,
    description: 'Two interleaved spiral arms: the hardest set, needs depth or sin features.' },
  moons: { name: 'moons', label: 'Two moons', kind: 'binary', classes: 2, defaultPoints: 300, generate: generateMoons,
    description: 'Two interleaving half circles (scikit-learn\'s moons): hidden neurons have to bend the boundary between them.' },
  sine: { name: 'sine', label: 'Sine boundary', kind: 'binary', classes: 2, defaultPoints: 500, generate: (n, noise, rng) => generateAboveBelow(sineBoundary, n, noise, rng),
    description: 'Blue above the curve y = 3·sin(x1), orange below: the boundary is a function; with the sin(x1) feature it is a straight line.' },
  cubic: { name: 'cubic', label: 'Cubic boundary', kind: 'binary', classes: 2, defaultPoints: 500, generate: (n, noise, rng) => generateAboveBelow(cubicBoundary, n, noise, rng),
    description: 'Blue above the curve y = x1³/36, orange below: the network has to bend its boundary into an S.' },
  abs: { name: 'abs', label: 'Absolute-value boundary', kind: 'binary', classes: 2, defaultPoints: 500, generate: (n, noise, rng) => generateAboveBelow(absBoundary, n, noise, rng),
    description: 'Blue above the V y = |x1| − 3, orange below: a boundary with a sharp corner.' },
  plane: { name: 'plane', label: 'Plane (regression)', kind: 'regression', classes: 1, defaultPoints: 1200, generate: generatePlane,
    description: 'Regression: the target rises linearly from bottom-left to top-right.' },
  multigauss: { name: 'multigauss', label: 'Multi-Gaussian (regression)', kind: 'regression', classes: 1, defaultPoints: 1200, generate: generateMultigauss,
    description: 'Regression: six bumps of value +1 or −1 in a 3×2 grid.' },
  spiral3: { name: 'spiral3', label: 'Three-arm spiral', kind: 'multiclass', classes: 3, defaultPoints: 600, generate: generateSpiral3,
    description: 'Multi-class: three interleaved spiral arms, one class each (softmax output).' },
  blobs4: { name: 'blobs4', label: 'Four blobs', kind: 'multiclass', classes: 4, defaultPoints: 600, generate: generateBlobs4,
    description: 'Multi-class: four Gaussian clouds, one per quadrant (softmax output).' },
};

/** Seed stream used for data generation and splitting. */
export const DATA_STREAM = 1;

/** What generateDataset reads from a spec. */
export interface DatasetRequest {
  dataset: DatasetName;
  points: number;
  noise: number;
  split: Split;
  seed: number;
  /** Playground mode: the Playground's class sizes for odd counts. */
  playgroundMode?: boolean;
  /** The user's own points; when present they are used instead of generating `dataset`. */
  data?: UserData;
}

/**
 * Generates a dataset and splits it like the Playground: all points shuffled once, then the first
 * ⌊n·train⌋ train, the next ⌊n·val⌋ validation, the rest test. User data with given splits is
 * kept as given, in its order; an unsplit pool is shuffled and split the same way.
 */
export function generateDataset(spec: DatasetRequest): Dataset {
  const rng = createRng(deriveSeed(spec.seed, DATA_STREAM));
  if (spec.data) return userDataset(spec.dataset, spec.data, spec.split, rng);
  const def = datasets[spec.dataset];
  const points = def.generate(spec.points, spec.noise / 100, rng, spec.playgroundMode === true);
  rng.shuffleInPlace(points);
  return { name: def.name, kind: def.kind, classes: def.classes, ...splitPoints(points, spec.split) };
}

/** The first ⌊n·train⌋ points train, the next ⌊n·val⌋ validation, the rest test. */
export function splitPoints(points: Point[], split: Split): Pick<Dataset, 'train' | 'val' | 'test'> {
  const trainCount = Math.floor(points.length * split.train + 1e-9);
  const valCount = Math.floor(points.length * split.val + 1e-9);
  return { train: points.slice(0, trainCount), val: points.slice(trainCount, trainCount + valCount), test: points.slice(trainCount + valCount) };
}

/** The problem kind of user data: regression, two classes (labels ±1) or k classes. */
export function userDataKind(data: Pick<UserData, 'task' | 'classes'>): ProblemKind {
  return data.task === 'regression' ? 'regression' : data.classes === 2 ? 'binary' : 'multiclass';
}

function userDataset(name: DatasetName, data: UserData, split: Split, rng: Rng): Dataset {
  const copy = (points: Point[]): Point[] => points.map((p) => ({ ...p }));
  const base = { name, source: data.source, kind: userDataKind(data), classes: data.classes };
  if (data.layout === 'split') return { ...base, train: copy(data.train), val: copy(data.val), test: copy(data.test) };
  const points = copy(data.points);
  rng.shuffleInPlace(points);
  return { ...base, ...splitPoints(points, split) };
}
