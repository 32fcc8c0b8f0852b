/**
 * A claim is a sentence a lesson or a demo says about what its runs show, written as data the
 * engine can check: one metric of one run compared with a number or with another run's metric,
 * holding on at least k of n seeds.
 *
 * In a lesson file (inside a step's `experiment:`):
 * ```yaml
 * claims:
 *   - that: "tanh reaches loss 0.1 in fewer epochs than sigmoid"
 *     run: tanh
 *     metric: epochsTo(trainLoss ≤ 0.1)
 *     below: { run: sigmoid, times: 0.5 }   # or a number: below: 0.9
 *     seeds: 4/5                            # at least 4 of 5 seeds (default: all)
 * ```
 */
import { z } from 'zod';

/** Metrics a claim can read from a training run (see metrics.ts for their definitions). */
export const RUN_METRICS = [
  'testAccuracy', 'trainAccuracy', 'valAccuracy', 'testLoss', 'trainLoss', 'valLoss',
  'minValLoss', 'valLossRise', 'gap', 'lossRises', 'gradientRatio', 'startGradientRatio', 'epochsRun', 'stoppedEarly',
] as const;

/** Metrics of an optimiser path on a loss surface (the /optimizers demo). */
export const PATH_METRICS = ['finalValue'] as const;

/** `epochsTo(trainLoss ≤ 0.1)`: the first epoch whose loss on that split is at or below the threshold. */
export const EPOCHS_TO_PATTERN = /^epochsTo\(\s*(trainLoss|testLoss|valLoss)\s*(?:≤|<=)\s*([0-9]*\.?[0-9]+)\s*\)$/;

/** True for a metric name the checker knows. */
export function isKnownMetric(metric: string): boolean {
  return (RUN_METRICS as readonly string[]).includes(metric) || (PATH_METRICS as readonly string[]).includes(metric) || EPOCHS_TO_PATTERN.test(metric);
}

const metricSchema = z.string().trim().refine(isKnownMetric, {
  message: `must be one of ${[...RUN_METRICS, ...PATH_METRICS].join(', ')} or epochsTo(trainLoss ≤ 0.1)`,
});

/** The other side of a comparison: a number, or another run's value of the same metric (times a factor). */
const boundSchema = z.union([
  z.number(),
  z.strictObject({ run: z.string().trim().min(1), times: z.number().positive().optional() }),
]);

/** "k/n": the claim must hold on at least the fraction k/n of the seeds tried. */
const seedsSchema = z.string().regex(/^\d+\/\d+$/, 'write it as k/n, e.g. 4/5').refine((s) => {
  const [k, n] = s.split('/').map(Number);
  return n > 0 && k >= 1 && k <= n;
}, 'k must be from 1 to n');

/** One checkable claim. */
export const claimSchema = z.strictObject({
  /** The sentence, as the table prints it. */
  that: z.string().trim().min(1, 'must not be empty'),
  run: z.string().trim().min(1),
  metric: metricSchema,
  above: boundSchema.optional(),
  below: boundSchema.optional(),
  seeds: seedsSchema.optional(),
}).refine((c) => c.above !== undefined || c.below !== undefined, { message: 'a claim needs `above` or `below` (a number or { run, times })', path: ['below'] });
export type Claim = z.infer<typeof claimSchema>;
export type ClaimBound = z.infer<typeof boundSchema>;

/** The run labels a claim mentions (its own and those of its bounds). */
export function runsOfClaim(claim: Claim): string[] {
  const labels = [claim.run];
  for (const bound of [claim.above, claim.below]) if (bound !== undefined && typeof bound !== 'number') labels.push(bound.run);
  return labels;
}

/** The fraction of seeds a claim must hold on (1 when it gives none). */
export function requiredFraction(claim: Claim): number {
  if (!claim.seeds) return 1;
  const [k, n] = claim.seeds.split('/').map(Number);
  return k / n;
}
