/** Checking claims: one claim on one seed's observations, then over several seeds. */
import type { TrainSpecInput } from '../../engine/spec.ts';
import type { TrainResult } from '../../engine/types.ts';
import { requiredFraction, type Claim, type ClaimBound } from './schema.ts';

/** Trains one spec (in the worker pool for the CLI, inline in tests). */
export type TrainRunner = (spec: TrainSpecInput) => Promise<TrainResult>;

/** What a claim set measured on one seed: per run label, its metrics by name. */
export type Observations = Record<string, (metric: string) => number>;

/** The claims of one lesson step or one command demo, with a way to measure its runs on a seed. */
export interface ClaimSet {
  /** Where the claims are written (lessons/09-exercise-1.md, commands/overfit.ts). */
  file: string;
  /** The step title or demo name. */
  step: string;
  claims: Claim[];
  /** A deterministic demo (no randomness) is measured once whatever the seed count. */
  isDeterministic?: boolean;
  /** Measures every run on seed number `seedOffset` (0 = the seed the student sees). */
  observe(seedOffset: number, trainRun: TrainRunner): Promise<Observations>;
}

/** One claim checked on one seed: whether it held, the run's value and what it was compared with. */
export interface ClaimCheck {
  holds: boolean;
  value: number;
  above?: number;
  below?: number;
}

function boundValue(bound: ClaimBound, metric: string, observations: Observations): number {
  if (typeof bound === 'number') return bound;
  const other = observations[bound.run];
  if (!other) throw new Error(`no run "${bound.run}"`);
  return other(metric) * (bound.times ?? 1);
}

/** Checks a claim on one seed: value > above and value < below (NaN never holds). */
export function checkClaim(claim: Claim, observations: Observations): ClaimCheck {
  const own = observations[claim.run];
  if (!own) throw new Error(`no run "${claim.run}"`);
  const value = own(claim.metric);
  const above = claim.above === undefined ? undefined : boundValue(claim.above, claim.metric, observations);
  const below = claim.below === undefined ? undefined : boundValue(claim.below, claim.metric, observations);
  const holds = (above === undefined || value > above) && (below === undefined || value < below);
  return { holds, value, above, below };
}

/** A claim's verdict over the seeds tried. */
export interface ClaimOutcome {
  file: string;
  step: string;
  claim: Claim;
  held: number;
  tried: number;
  /** Held on at least the required share of seeds, and on the seed the student sees. */
  passed: boolean;
  checks: ClaimCheck[];
  /** Why the runs could not be measured (then the claim fails). */
  error?: string;
}

/** Seeds needed out of `tried` for a claim to pass: ceil(k/n × tried). */
export function seedsNeeded(claim: Claim, tried: number): number {
  return Math.ceil(requiredFraction(claim) * tried - 1e-9);
}

/** Verdict of a claim from its per-seed checks (index 0 = the seed the student sees). */
export function judgeClaim(set: Pick<ClaimSet, 'file' | 'step'>, claim: Claim, checks: ClaimCheck[]): ClaimOutcome {
  const held = checks.filter((c) => c.holds).length;
  const passed = checks.length > 0 && checks[0].holds && held >= seedsNeeded(claim, checks.length);
  return { file: set.file, step: set.step, claim, held, tried: checks.length, passed, checks };
}

/**
 * Measures every claim set on `seeds` seeds (all at once, so a worker pool keeps busy) and
 * judges each claim; a set whose measuring throws fails all its claims with the error.
 */
export async function runClaimSets(sets: ClaimSet[], options: { seeds: number; trainRun: TrainRunner }): Promise<ClaimOutcome[]> {
  const perSet = await Promise.all(sets.map(async (set) => {
    const count = set.isDeterministic ? 1 : options.seeds;
    try {
      const observed = await Promise.all(Array.from({ length: count }, (_, i) => set.observe(i, options.trainRun)));
      return set.claims.map((claim) => judgeClaim(set, claim, observed.map((o) => checkClaim(claim, o))));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return set.claims.map((claim): ClaimOutcome => ({ file: set.file, step: set.step, claim, held: 0, tried: count, passed: false, checks: [], error: message }));
    }
  }));
  return perSet.flat();
}
