/**
 * Two-dimensional loss surfaces for the lecture's "other optimisers vs gradient descent" demo:
 * each has a value, an analytic gradient, a domain to draw and a start point, and
 * `runOptimizerPath` moves a 2-vector over it with the engine's own optimisers.
 */
import { createOptimizer, type OptimizerSettings } from './optimizers.ts';
import { SpecError, SPEC_DEFAULTS } from './spec.ts';
import type { OptimizerName } from './types.ts';

export const SURFACE_NAMES = ['bowl', 'ravine', 'saddle', 'rosenbrock'] as const;
export type SurfaceName = (typeof SURFACE_NAMES)[number];

/** Optimisers that follow a gradient ('evolution' is gradient-free and has no path here). */
export const PATH_OPTIMIZER_NAMES = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam'] as const;
export type PathOptimizerName = (typeof PATH_OPTIMIZER_NAMES)[number];

/** The five the lecture compares, in the order it lists them. */
export const DEFAULT_PATH_OPTIMIZERS: readonly PathOptimizerName[] = ['sgd', 'momentum', 'adagrad', 'rmsprop', 'adam'];

export interface LossSurface {
  name: SurfaceName;
  label: string;
  /** One sentence on what the surface shows about optimisers. */
  description: string;
  /** f(x, y). */
  value(x: number, y: number): number;
  /** Writes ∇f(x, y) into out[0], out[1]. */
  gradient(x: number, y: number, out: Float64Array): void;
  /** The region to draw: [xMin, xMax] and [yMin, yMax]. */
  domain: { x: [number, number]; y: [number, number] };
  start: [number, number];
  /** Global minima (to mark on the plot). */
  minima: [number, number][];
  /** Other stationary points worth marking (e.g. the saddle point). */
  saddles: [number, number][];
  /** Learning rates that show each optimiser's character on this surface without diverging. */
  learningRates: Record<PathOptimizerName, number>;
  /** Default number of steps of a path. */
  steps: number;
}

/** The surfaces, by name. */
export const surfaces: Record<SurfaceName, LossSurface> = {
  bowl: {
    name: 'bowl',
    label: 'Bowl',
    // f = (x² + 2y²)/2: convex, one minimum; every optimiser gets there, at different speeds.
    description: 'A round-ish convex bowl: one minimum at (0, 0); every optimiser gets there, momentum overshoots and swings back.',
    value: (x, y) => 0.5 * (x * x + 2 * y * y),
    gradient: (x, y, out) => { out[0] = x; out[1] = 2 * y; },
    domain: { x: [-4, 4], y: [-3, 3] },
    start: [-3.5, 2.5],
    minima: [[0, 0]],
    saddles: [],
    learningRates: { sgd: 0.1, momentum: 0.01, nesterov: 0.01, adagrad: 0.5, rmsprop: 0.05, adam: 0.1 },
    steps: 100,
  },
  ravine: {
    name: 'ravine',
    label: 'Ravine (elongated bowl)',
    // f = x²/20 + y²: curvature 0.1 along x and 2 across; GD must use a small rate or zig-zag across.
    description: 'A long, narrow ravine: steep across, almost flat along. At one shared learning rate gradient descent crawls along the flat floor; momentum builds up speed along it; RMSProp and Adam scale each direction by its own gradient size; AdaGrad\'s steps shrink as its sum of squared gradients grows.',
    value: (x, y) => x * x / 20 + y * y,
    gradient: (x, y, out) => { out[0] = x / 10; out[1] = 2 * y; },
    domain: { x: [-8, 8], y: [-3, 3] },
    start: [-7, 2],
    minima: [[0, 0]],
    saddles: [],
    // one shared rate, so the race is fair: 0.2 is stable across the steep direction (GD needs lr < 1 there)
    learningRates: { sgd: 0.2, momentum: 0.2, nesterov: 0.2, adagrad: 0.2, rmsprop: 0.2, adam: 0.2 },
    steps: 80,
  },
  saddle: {
    name: 'saddle',
    label: 'Saddle point',
    // f = x²/2 + y⁴/4 − y²/2: ∇f = (x, y³ − y); a saddle at (0, 0) between minima at (0, ±1).
    description: 'A saddle point at (0, 0) between two valleys at (0, ±1). Starting almost on the ridge, gradient descent stalls at the saddle; adaptive methods escape quickly.',
    value: (x, y) => 0.5 * x * x + 0.25 * y ** 4 - 0.5 * y * y,
    gradient: (x, y, out) => { out[0] = x; out[1] = y * y * y - y; },
    domain: { x: [-3, 3], y: [-2, 2] },
    start: [-2.8, 0.001],
    minima: [[0, 1], [0, -1]],
    saddles: [[0, 0]],
    learningRates: { sgd: 0.02, momentum: 0.005, nesterov: 0.005, adagrad: 0.2, rmsprop: 0.02, adam: 0.05 },
    steps: 200,
  },
  rosenbrock: {
    name: 'rosenbrock',
    label: 'Rosenbrock valley',
    // f = (1 − x)² + 100(y − x²)²: a curved, narrow, nearly flat valley; minimum at (1, 1).
    description: "Rosenbrock's banana: a curved, narrow valley with a nearly flat floor; the valley is found quickly, the minimum at (1, 1) along its floor only slowly.",
    value: (x, y) => (1 - x) ** 2 + 100 * (y - x * x) ** 2,
    gradient: (x, y, out) => {
      const r = y - x * x;
      out[0] = -2 * (1 - x) - 400 * x * r;
      out[1] = 200 * r;
    },
    domain: { x: [-2, 2], y: [-1, 3] },
    start: [-1.5, 2],
    minima: [[1, 1]],
    saddles: [],
    learningRates: { sgd: 0.001, momentum: 0.0005, nesterov: 0.0005, adagrad: 0.1, rmsprop: 0.005, adam: 0.05 },
    steps: 1000,
  },
};

/** Looks a surface up by name; unknown names fail with the allowed values. */
export function getSurface(name: string): LossSurface {
  if ((SURFACE_NAMES as readonly string[]).includes(name)) return surfaces[name as SurfaceName];
  throw new SpecError(`Unknown surface '${name}'. Allowed: ${SURFACE_NAMES.join(', ')}.`);
}

export interface OptimizerPathOptions {
  learningRate?: number;
  steps?: number;
  start?: [number, number];
  momentum?: number;
  beta1?: number;
  beta2?: number;
  rho?: number;
  epsilon?: number;
}

/** A trajectory over a surface: x, y interleaved (start included) and f at each point. */
export interface OptimizerPath {
  optimizer: PathOptimizerName;
  learningRate: number;
  /** [x0, y0, x1, y1, ...]; length = 2 × (steps run + 1). */
  points: Float64Array;
  values: Float64Array;
  /** 'diverged' when the point ran off to infinity (then the path ends at the last finite point). */
  stopReason: 'steps' | 'diverged';
}

/**
 * Runs `optimizerName` from the surface's start on the exact gradient (full-batch: there is no
 * data, so 'sgd' is plain gradient descent). Learning rate defaults to the surface's choice for
 * that optimiser; the other hyper-parameters default to the training spec's defaults.
 */
export function runOptimizerPath(surface: SurfaceName | LossSurface, optimizerName: OptimizerName, options: OptimizerPathOptions = {}): OptimizerPath {
  const s = typeof surface === 'string' ? getSurface(surface) : surface;
  if (!(PATH_OPTIMIZER_NAMES as readonly string[]).includes(optimizerName)) {
    throw new SpecError(`Optimizer '${optimizerName}' has no path on a loss surface. Allowed: ${PATH_OPTIMIZER_NAMES.join(', ')}.`);
  }
  const name = optimizerName as PathOptimizerName;
  const learningRate = options.learningRate ?? s.learningRates[name];
  const steps = options.steps ?? s.steps;
  if (!(learningRate > 0) || !Number.isFinite(learningRate)) throw new SpecError(`Option lr must be a positive number; got ${learningRate}.`);
  if (!Number.isInteger(steps) || steps < 1 || steps > 100_000) throw new SpecError(`Option steps must be a whole number from 1 to 100000; got ${steps}.`);
  const settings: OptimizerSettings = {
    optimizer: name,
    learningRate,
    momentum: options.momentum ?? SPEC_DEFAULTS.momentum,
    beta1: options.beta1 ?? SPEC_DEFAULTS.beta1,
    beta2: options.beta2 ?? SPEC_DEFAULTS.beta2,
    rho: options.rho ?? SPEC_DEFAULTS.rho,
    epsilon: options.epsilon ?? SPEC_DEFAULTS.epsilon,
  };
  const optimizer = createOptimizer(settings, 2);
  const position = Float64Array.from(options.start ?? s.start);
  const gradient = new Float64Array(2);
  const points = new Float64Array(2 * (steps + 1));
  const values = new Float64Array(steps + 1);
  points[0] = position[0];
  points[1] = position[1];
  values[0] = s.value(position[0], position[1]);
  // Far outside the drawn domain counts as diverged: the path would only run off the picture.
  const limit = 1e3 * Math.max(Math.abs(s.domain.x[0]), Math.abs(s.domain.x[1]), Math.abs(s.domain.y[0]), Math.abs(s.domain.y[1]));
  for (let step = 1; step <= steps; step++) {
    s.gradient(position[0], position[1], gradient);
    optimizer.step(position, gradient);
    const value = s.value(position[0], position[1]);
    if (!Number.isFinite(value) || Math.abs(position[0]) > limit || Math.abs(position[1]) > limit) {
      return { optimizer: name, learningRate, points: points.slice(0, 2 * step), values: values.slice(0, step), stopReason: 'diverged' };
    }
    points[2 * step] = position[0];
    points[2 * step + 1] = position[1];
    values[step] = value;
  }
  return { optimizer: name, learningRate, points, values, stopReason: 'steps' };
}
