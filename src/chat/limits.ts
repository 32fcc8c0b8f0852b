import { UserError } from './errors.ts';

/** Caps that protect a shared bot; configurable through config.ts (env) and `setLimits`. */
export interface Limits {
  maxLayers: number;
  maxNeurons: number;
  maxPoints: number;
  maxEpochs: number;
  /** Wall-clock budget for one training run (passed to the engine as timeLimitMs). */
  runBudgetMs: number;
  /** Wall-clock budget for a whole heavy command (several runs + rendering); then it is cancelled. */
  commandBudgetMs: number;
  /** Heavy jobs one user may have at a time. */
  jobsPerUser: number;
  /**
   * Heavy jobs that may wait for a worker, across everyone; beyond it the bot says "busy".
   * Undefined (the default) sizes it from capacity: threads × command budget / typical job length.
   */
  maxQueuedJobs: number | undefined;
  /** Training runs one /compare may start (values × seeds). */
  maxCompareRuns: number;
  /** Largest data file a user may upload (CSV / JSON bytes). */
  uploadMaxBytes: number;
  /** How long fetching an uploaded file from its platform may take. */
  uploadTimeoutMs: number;
  /** Datasets one user may keep saved (`/dataset save`). */
  savedDatasetsPerUser: number;
  /** Total bytes of one user's saved datasets. */
  savedDatasetBytesPerUser: number;
}

/** Defaults sized for a 2-core machine serving a class. */
export const DEFAULT_LIMITS: Limits = Object.freeze({
  maxLayers: 6,
  maxNeurons: 16,
  maxPoints: 2000,
  maxEpochs: 2000,
  runBudgetMs: 20_000,
  commandBudgetMs: 90_000,
  jobsPerUser: 1,
  maxQueuedJobs: undefined,
  maxCompareRuns: 24,
  uploadMaxBytes: 1024 * 1024,
  uploadTimeoutMs: 15_000,
  savedDatasetsPerUser: 20,
  savedDatasetBytesPerUser: 4 * 1024 * 1024,
});

let current: Limits = { ...DEFAULT_LIMITS };

/** The limits in force. */
export function getLimits(): Limits {
  return current;
}

/** Replaces some limits (main.ts from config; tests). Returns the previous limits. */
export function setLimits(partial: Partial<Limits>): Limits {
  const previous = current;
  current = { ...current, ...partial };
  return previous;
}

/** A duration as the user reads it: "90 s", or "50 ms" below a second. */
export function durationText(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms)} ms`;
}

/** The parts of a training spec the limits look at (option names as the user typed them). */
export interface SpecSize {
  layers?: number[];
  points?: number;
  epochs?: number;
}

/** Throws a UserError naming the option when a requested network or run is beyond the shared limits. */
export function checkSpecLimits(size: SpecSize, limits: Limits = current): void {
  if (size.layers) {
    if (size.layers.length > limits.maxLayers)
      throw new UserError(`\`layers\` allows at most ${limits.maxLayers} hidden layers on this bot (you asked for ${size.layers.length}).`);
    const widest = Math.max(0, ...size.layers);
    if (widest > limits.maxNeurons)
      throw new UserError(`\`layers\` allows at most ${limits.maxNeurons} neurons per layer on this bot (you asked for ${widest}).`);
  }
  if (size.points !== undefined && size.points > limits.maxPoints)
    throw new UserError(`\`points\` must be at most ${limits.maxPoints} on this bot (you asked for ${size.points}).`);
  if (size.epochs !== undefined && size.epochs > limits.maxEpochs)
    throw new UserError(`\`epochs\` must be at most ${limits.maxEpochs} on this bot (you asked for ${size.epochs}).`);
}
